from modelyard.kit.errors import Conflict, NotFound, PermissionDenied


class WorkspaceNotFound(NotFound):
    code = "workspace_not_found"
    title = "Workspace not found"
    default_detail = "The workspace does not exist or you are not a member of it."
    default_hint = (
        "List your workspaces with GET /api/v1/workspaces, or ask an owner to invite you."
    )


class MemberNotFound(NotFound):
    code = "member_not_found"
    title = "Member not found"
    default_detail = "This user is not a member of the workspace."
    default_hint = "List the members with GET /api/v1/workspaces/{workspace_id}/members."


class UserNotFound(NotFound):
    code = "user_not_found"
    title = "User not found"
    default_detail = "No user has this email address."
    default_hint = "Invite them instead: POST /api/v1/workspaces/{workspace_id}/invitations."


class AlreadyMember(Conflict):
    code = "already_member"
    title = "Already a member"
    default_detail = "This user is already a member of the workspace."
    default_hint = "Change their role instead of adding them again."


class LastOwner(Conflict):
    code = "last_owner"
    title = "Last owner"
    default_detail = "A workspace must keep at least one owner."
    default_hint = "Make another member an owner first, or delete the workspace."


class RoleNotAssignable(PermissionDenied):
    code = "role_not_assignable"
    title = "Role not assignable"
    default_detail = "Your role cannot grant or change this role."
    default_hint = "Only owners can make owners or change an owner's role."


class InvitationNotFound(NotFound):
    code = "invitation_not_found"
    title = "Invitation not found"
    default_detail = "The invitation does not exist, was revoked, was used, or has expired."
    default_hint = "Ask a workspace owner or admin for a new invitation."


class InvitationEmailMismatch(PermissionDenied):
    code = "invitation_email_mismatch"
    title = "Invitation is for another email"
    default_detail = "This invitation was sent to a different email address."
    default_hint = "Log in with the invited email address, or ask for an invitation to yours."
