import { useSuspenseQuery } from "@tanstack/react-query";
import { ignoreError } from "@/lib/query-client";
import { createFileRoute } from "@tanstack/react-router";
import { meQueryOptions } from "@/features/auth/queries";
import { InvitationsPanel } from "@/features/workspaces/invitations-panel";
import { MembersPanel } from "@/features/workspaces/members-panel";
import { membersQueryOptions, workspaceQueryOptions } from "@/features/workspaces/queries";
import { canManageMembers } from "@/features/workspaces/roles";

export const Route = createFileRoute("/_authed/w/$workspaceId/settings/members")({
  head: () => ({ meta: [{ title: "Members · Modelyard" }] }),
  loader: ({ context, params }) => {
    void context.queryClient.query(membersQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  component: MembersPage,
});

function MembersPage() {
  const { workspaceId } = Route.useParams();
  const { data: me } = useSuspenseQuery(meQueryOptions());
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  return (
    <>
      <MembersPanel workspace={workspace} me={me} />
      {canManageMembers(workspace.role) && <InvitationsPanel workspace={workspace} />}
    </>
  );
}
