import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import { WorkspaceGeneralPanel } from "@/features/workspaces/workspace-general-panel";

export const Route = createFileRoute("/_authed/w/$workspaceId/settings/general")({
  head: () => ({ meta: [{ title: "Workspace settings · Modelyard" }] }),
  component: GeneralPage,
});

function GeneralPage() {
  const { workspaceId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  return <WorkspaceGeneralPanel workspace={workspace} />;
}
