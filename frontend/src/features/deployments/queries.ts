import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { type DeploymentCreate, type DeploymentUpdate, deploymentsApi } from "@/lib/api/deployments";

export const deploymentKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "deployments"] as const,
  list: (workspaceId: string) => [...deploymentKeys.all(workspaceId), "list"] as const,
  detail: (workspaceId: string, deploymentId: string) => [...deploymentKeys.all(workspaceId), deploymentId] as const,
  revisions: (workspaceId: string, deploymentId: string) => [...deploymentKeys.detail(workspaceId, deploymentId), "revisions"] as const,
};

/** Job statuses that will still change. */
export function isRunning(status: string): boolean {
  return status === "queued" || status === "running";
}

export const deploymentsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: deploymentKeys.list(workspaceId),
    queryFn: ({ signal }) => deploymentsApi.list(workspaceId, { signal }),
    select: (page) => page.items,
  });

export const deploymentQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: deploymentKeys.detail(workspaceId, deploymentId),
    queryFn: ({ signal }) => deploymentsApi.get(workspaceId, deploymentId, { signal }),
  });

export const revisionsQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: deploymentKeys.revisions(workspaceId, deploymentId),
    queryFn: ({ signal }) => deploymentsApi.revisions(workspaceId, deploymentId, { signal }),
  });

export function useCreateDeployment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeploymentCreate) => deploymentsApi.create(workspaceId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) }),
  });
}

export function useUpdateDeployment(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeploymentUpdate) => deploymentsApi.update(workspaceId, deploymentId, body),
    onSuccess: (deployment) => {
      queryClient.setQueryData(deploymentKeys.detail(workspaceId, deploymentId), deployment);
      return queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) });
    },
  });
}

export function useDeleteDeployment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deploymentId: string) => deploymentsApi.remove(workspaceId, deploymentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) }),
  });
}

export function usePredict(deploymentId: string) {
  return useMutation({ mutationFn: (record: Record<string, unknown>) => deploymentsApi.predict(deploymentId, record) });
}
