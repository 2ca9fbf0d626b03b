import { useQuery } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { Invitation, Workspace } from "@/lib/api";
import { formatRelative, isPast } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { invitationsQueryOptions, useRevokeInvitation } from "./queries";
import { ROLE_LABELS } from "./roles";

/** Pending invitations; only shown to people who can manage members. */
export function InvitationsPanel({ workspace }: { workspace: Workspace }) {
  const invitations = useQuery(invitationsQueryOptions(workspace.id));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Pending invitations</CardTitle>
        <CardDescription>Links that have not been accepted yet. For security a link is shown only once, when it is created; revoke and invite again if it was lost.</CardDescription>
      </CardHeader>
      <CardContent>
        {invitations.isPending ? (
          <div className="grid gap-3" role="status" aria-label="Loading invitations">
            <Skeleton className="h-10 w-full" />
          </div>
        ) : invitations.isError ? (
          <ProblemAlert error={invitations.error} />
        ) : invitations.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No pending invitations. Use “Invite member” to add people.</p>
        ) : (
          <ul className="divide-y" aria-label="Pending invitations">
            {invitations.data.map((invitation) => (
              <InvitationRow key={invitation.id} invitation={invitation} workspaceId={workspace.id} />
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function InvitationRow({ invitation, workspaceId }: { invitation: Invitation; workspaceId: string }) {
  const revoke = useRevokeInvitation(workspaceId);
  const expired = isPast(invitation.expires_at);

  const onRevoke = async () => {
    try {
      await revoke.mutateAsync(invitation.id);
    } catch (error) {
      notifyProblem(error, "Could not revoke the invitation");
      return false;
    }
    notifySuccess(`Invitation for ${invitation.email} revoked`);
    return true;
  };

  return (
    <li className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="truncate font-medium">{invitation.email}</p>
        <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <Badge variant="outline">{ROLE_LABELS[invitation.role]}</Badge>
          {expired ? <span className="text-destructive">Expired</span> : <span>Expires {formatRelative(invitation.expires_at)}</span>}
        </p>
      </div>
      <div className="flex gap-2">
        <ConfirmDialog
          trigger={
            <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" aria-label={`Revoke invitation for ${invitation.email}`}>
              Revoke
            </Button>
          }
          title="Revoke this invitation?"
          description={`The link sent to ${invitation.email} will stop working.`}
          confirmLabel="Revoke invitation"
          onConfirm={onRevoke}
        />
      </div>
    </li>
  );
}
