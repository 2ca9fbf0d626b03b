import { useSuspenseQuery } from "@tanstack/react-query";
import { ignoreError } from "@/lib/query-client";
import { createFileRoute, Outlet } from "@tanstack/react-router";
import { useEffect } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { FullPageSpinner } from "@/components/route-status";
import { meQueryOptions } from "@/features/auth/queries";
import { rememberWorkspace } from "@/features/workspaces/last-workspace";
import { workspaceQueryOptions, workspacesQueryOptions } from "@/features/workspaces/queries";

export const Route = createFileRoute("/_authed/w/$workspaceId")({
  loader: async ({ context, params }) => {
    // The switcher needs the list too; fetch it alongside, without blocking on it.
    void context.queryClient.query(workspacesQueryOptions()).catch(ignoreError);
    const workspace = await context.queryClient.query(workspaceQueryOptions(params.workspaceId));
    return { workspaceName: workspace.name };
  },
  head: ({ loaderData }) => ({ meta: [{ title: loaderData ? `${loaderData.workspaceName} · Modelyard` : "Modelyard" }] }),
  // Pending here means a cold load (or another workspace): show the full-page skeleton only when it
  // is slow, since once shown it stays for the router's minimum (300 ms), after the data came.
  pendingMs: 600,
  pendingComponent: FullPageSpinner,
  component: WorkspaceLayout,
});

function WorkspaceLayout() {
  const { workspaceId } = Route.useParams();
  const { data: user } = useSuspenseQuery(meQueryOptions());
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  useEffect(() => rememberWorkspace(workspaceId), [workspaceId]);
  return (
    <AppShell user={user} workspace={workspace}>
      <Outlet />
    </AppShell>
  );
}
