import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { Member, User, Workspace, WorkspaceRole } from "@/lib/api";
import { formatDate, initials } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { InviteMemberDialog } from "./invite-member-dialog";
import { membersQueryOptions, useChangeMemberRole, useLeaveWorkspace, useRemoveMember } from "./queries";
import { assignableRoles, canManageMembers, ROLE_LABELS } from "./roles";

export function MembersPanel({ workspace, me }: { workspace: Workspace; me: User }) {
  const members = useQuery(membersQueryOptions(workspace.id));
  const manage = canManageMembers(workspace.role);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Members</CardTitle>
        <CardDescription>People with access to {workspace.name} and what they can do.</CardDescription>
        {manage && (
          <CardAction>
            <InviteMemberDialog workspaceId={workspace.id} roles={assignableRoles(workspace.role)} />
          </CardAction>
        )}
      </CardHeader>
      <CardContent>
        {members.isPending ? (
          <MembersSkeleton />
        ) : members.isError ? (
          <ProblemAlert error={members.error} />
        ) : (
          <ul className="divide-y" aria-label="Members">
            {members.data.map((member) => (
              <MemberRow key={member.user_id} member={member} workspace={workspace} isMe={member.user_id === me.id} />
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function MemberRow({ member, workspace, isMe }: { member: Member; workspace: Workspace; isMe: boolean }) {
  const changeRole = useChangeMemberRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const leave = useLeaveWorkspace(workspace.id);
  const navigate = useNavigate();
  const roles = assignableRoles(workspace.role);
  const canEdit = canManageMembers(workspace.role) && (workspace.role === "owner" || member.role !== "owner");
  const label = member.name || member.email;

  const onRoleChange = async (role: WorkspaceRole) => {
    try {
      await changeRole.mutateAsync({ userId: member.user_id, role });
      notifySuccess(`${label} is now ${ROLE_LABELS[role].toLowerCase()}`);
    } catch (error) {
      notifyProblem(error, "Could not change the role");
    }
  };

  const onRemove = async () => {
    try {
      if (isMe) await leave.mutateAsync();
      else await remove.mutateAsync(member.user_id);
    } catch (error) {
      notifyProblem(error, isMe ? "Could not leave the workspace" : "Could not remove the member");
      return false;
    }
    if (isMe) {
      notifySuccess(`You left ${workspace.name}`);
      await navigate({ to: "/" });
    } else {
      notifySuccess(`${label} was removed from ${workspace.name}`);
    }
    return true;
  };

  return (
    <li className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center">
      <div className="flex min-w-0 flex-1 items-center gap-3">
        <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-medium">
          {initials(label)}
        </span>
        <div className="min-w-0">
          <p className="flex items-center gap-2 font-medium">
            <span className="truncate">{member.name}</span>
            {isMe && <Badge variant="secondary">You</Badge>}
          </p>
          <p className="truncate text-xs text-muted-foreground">
            {member.email}
            <span className="hidden md:inline"> · joined {formatDate(member.joined_at)}</span>
          </p>
        </div>
      </div>
      <div className="flex items-center gap-2 pl-11 sm:pl-0">
        {canEdit && !isMe ? (
          <Select value={member.role} onValueChange={(role) => void onRoleChange(role as WorkspaceRole)} disabled={changeRole.isPending}>
            <SelectTrigger size="sm" className="w-28" aria-label={`Role of ${label}`} aria-busy={changeRole.isPending || undefined}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {roles.map((role) => (
                <SelectItem key={role} value={role}>
                  {ROLE_LABELS[role]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        ) : (
          <Badge variant="outline" aria-label={`Role: ${ROLE_LABELS[member.role]}`}>
            {ROLE_LABELS[member.role]}
          </Badge>
        )}
        {(isMe || canEdit) && (
          <ConfirmDialog
            trigger={
              <Button
                variant="ghost"
                size="sm"
                className="text-destructive hover:text-destructive"
                aria-label={isMe ? "Leave workspace" : `Remove ${label}`}
              >
                {isMe ? "Leave" : "Remove"}
              </Button>
            }
            title={isMe ? `Leave ${workspace.name}?` : `Remove ${label}?`}
            description={
              isMe
                ? "You will lose access to its datasets and models until someone invites you again."
                : `${label} will lose access to ${workspace.name} immediately.`
            }
            confirmLabel={isMe ? "Leave workspace" : "Remove member"}
            onConfirm={onRemove}
          />
        )}
      </div>
    </li>
  );
}

function MembersSkeleton() {
  return (
    <div className="grid gap-4" role="status" aria-label="Loading members">
      {[0, 1, 2].map((row) => (
        <div key={row} className="flex items-center gap-3">
          <Skeleton className="size-8 rounded-full" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3 w-48" />
          </div>
          <Skeleton className="h-8 w-24" />
        </div>
      ))}
    </div>
  );
}
