import { createFileRoute, redirect } from "@tanstack/react-router";
import { lastWorkspace } from "@/features/workspaces/last-workspace";
import { workspacesQueryOptions } from "@/features/workspaces/queries";

/** `/` opens the workspace used last, the first one otherwise, or onboarding when there is none. */
export const Route = createFileRoute("/_authed/")({
  beforeLoad: async ({ context }) => {
    const workspaces = await context.queryClient.query(workspacesQueryOptions());
    const remembered = lastWorkspace();
    const target = workspaces.find((workspace) => workspace.id === remembered) ?? workspaces[0];
    if (!target) throw redirect({ to: "/welcome" });
    throw redirect({ to: "/w/$workspaceId", params: { workspaceId: target.id } });
  },
});
