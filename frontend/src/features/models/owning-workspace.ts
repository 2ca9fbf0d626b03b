import { useQueries, useQuery } from "@tanstack/react-query";
import { workspacesQueryOptions } from "@/features/workspaces/queries";
import { modelsQueryOptions } from "./queries";

export interface OwningWorkspace {
  id: string;
  name: string;
}

/**
 * Which of your other workspaces owns each shared model. The shared-model API does not name
 * the owner, so this reads the model lists of the workspaces you belong to (the same cached
 * queries as their models pages). `owner(id)` is undefined while loading and null when the
 * owner is a workspace you are not a member of.
 */
export function useOwningWorkspaces(workspaceId: string, enabled = true) {
  const workspaces = useQuery({ ...workspacesQueryOptions(), enabled });
  const others = (workspaces.data ?? []).filter((workspace) => workspace.id !== workspaceId);
  return useQueries({
    queries: others.map((workspace) => ({ ...modelsQueryOptions(workspace.id), enabled })),
    combine: (results) => {
      const owners = new Map<string, OwningWorkspace>();
      results.forEach((result, index) => {
        const workspace = others[index];
        if (!workspace) return;
        for (const model of result.data ?? []) owners.set(model.id, { id: workspace.id, name: workspace.name });
      });
      const loading = workspaces.isPending || results.some((result) => result.isPending);
      return (modelId: string): OwningWorkspace | null | undefined => owners.get(modelId) ?? (loading && enabled ? undefined : null);
    },
  });
}
