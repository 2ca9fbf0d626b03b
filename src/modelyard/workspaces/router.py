"""HTTP for workspaces, members and invitations."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, status

from modelyard.authz.guard import Authenticated, WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.kit.dependencies import AppSettings, DbSession, Paging
from modelyard.kit.errors import NotAuthenticated, PermissionDenied, RateLimited, problem_responses
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.workspaces import service
from modelyard.workspaces.errors import (
    AlreadyMember,
    InvitationEmailMismatch,
    InvitationNotFound,
    LastOwner,
    MemberNotFound,
    RoleNotAssignable,
    UserNotFound,
    WorkspaceNotFound,
)
from modelyard.workspaces.schemas import (
    InvitationAccepted,
    InvitationCreate,
    InvitationCreated,
    InvitationOut,
    MemberAdd,
    MemberOut,
    MemberUpdate,
    WorkspaceCreate,
    WorkspaceOut,
    WorkspaceUpdate,
)

if TYPE_CHECKING:
    from modelyard.models import Membership, User, Workspace

COMMON_ERRORS = problem_responses(
    NotAuthenticated, PermissionDenied, WorkspaceNotFound, RateLimited
)
router = APIRouter(prefix="/workspaces", tags=["workspaces"], responses=COMMON_ERRORS)
members_router = APIRouter(
    prefix="/workspaces/{workspace_id}/members", tags=["members"], responses=COMMON_ERRORS
)
invitations_router = APIRouter(tags=["invitations"], responses=COMMON_ERRORS)

UserId = Annotated[str, Path(max_length=40)]
InvitationId = Annotated[str, Path(max_length=40)]


def _workspace_out(workspace: Workspace, role: str) -> WorkspaceOut:
    return WorkspaceOut(
        id=workspace.id,
        name=workspace.name,
        description=workspace.description,
        role=role,
        created_at=workspace.created_at,
    )


def _member_out(membership: Membership, user: User) -> MemberOut:
    return MemberOut(
        user_id=user.id,
        email=user.email,
        name=user.name,
        role=membership.role,
        joined_at=membership.created_at,
    )


@router.get("", name="list")
async def list_workspaces(
    principal: Authenticated, db: DbSession, page: Paging
) -> Page[WorkspaceOut]:
    """The workspaces I am a member of, with my role in each."""
    rows = await service.list_workspaces(db, principal, page)
    items, cursor = split_page(rows, page, lambda row: row[0].id)
    return Page(items=[_workspace_out(ws, role) for ws, role in items], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, name="create")
async def create_workspace(
    body: WorkspaceCreate, principal: Authenticated, db: DbSession
) -> WorkspaceOut:
    """Create a workspace; you become its owner."""
    workspace = await service.create_workspace(
        db, principal, name=body.name, description=body.description
    )
    return _workspace_out(workspace, "owner")


@router.get("/{workspace_id}", name="get")
async def get_workspace(
    access: Annotated[WorkspaceAccess, Depends(require(Permission.WORKSPACE_READ))], db: DbSession
) -> WorkspaceOut:
    return _workspace_out(await service.get_workspace(db, access.workspace_id), access.role)


@router.patch("/{workspace_id}", name="update")
async def update_workspace(
    body: WorkspaceUpdate,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.WORKSPACE_UPDATE))],
    db: DbSession,
) -> WorkspaceOut:
    workspace = await service.update_workspace(
        db, access.workspace_id, name=body.name, description=body.description
    )
    return _workspace_out(workspace, access.role)


@router.delete("/{workspace_id}", status_code=status.HTTP_204_NO_CONTENT, name="delete")
async def delete_workspace(
    access: Annotated[WorkspaceAccess, Depends(require(Permission.WORKSPACE_DELETE))], db: DbSession
) -> None:
    """Delete the workspace and everything in it. Owners only."""
    await service.delete_workspace(db, access.workspace_id)


@router.post(
    "/{workspace_id}/leave",
    status_code=status.HTTP_204_NO_CONTENT,
    name="leave",
    responses=problem_responses(LastOwner),
)
async def leave_workspace(
    access: Annotated[WorkspaceAccess, Depends(require(Permission.WORKSPACE_READ))], db: DbSession
) -> None:
    """Leave the workspace. The last owner cannot leave."""
    await service.leave_workspace(db, access.workspace_id, access.principal)


@members_router.get("", name="list")
async def list_members(
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_READ))],
    db: DbSession,
    page: Paging,
) -> Page[MemberOut]:
    rows = await service.list_members(db, access.workspace_id, page)
    items, cursor = split_page(rows, page, lambda row: row[0].id)
    return Page(items=[_member_out(m, u) for m, u in items], next_cursor=cursor)


@members_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    name="add",
    responses=problem_responses(UserNotFound, AlreadyMember, RoleNotAssignable),
)
async def add_member(
    body: MemberAdd,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_MANAGE))],
    db: DbSession,
) -> MemberOut:
    """Add an existing user by email. To bring in someone new, send an invitation."""
    membership, user = await service.add_member(
        db, access.workspace_id, access.role, email=body.email, role=body.role
    )
    return _member_out(membership, user)


@members_router.patch(
    "/{user_id}",
    name="update",
    responses=problem_responses(MemberNotFound, RoleNotAssignable, LastOwner),
)
async def change_member_role(
    user_id: UserId,
    body: MemberUpdate,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_MANAGE))],
    db: DbSession,
) -> MemberOut:
    membership, user = await service.change_role(
        db, access.workspace_id, access.role, user_id=user_id, role=body.role
    )
    return _member_out(membership, user)


@members_router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="remove",
    responses=problem_responses(MemberNotFound, RoleNotAssignable, LastOwner),
)
async def remove_member(
    user_id: UserId,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_MANAGE))],
    db: DbSession,
) -> None:
    await service.remove_member(db, access.workspace_id, access.role, user_id=user_id)


@invitations_router.get("/workspaces/{workspace_id}/invitations", name="list")
async def list_invitations(
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_MANAGE))],
    db: DbSession,
    page: Paging,
) -> Page[InvitationOut]:
    """Invitations not yet accepted."""
    records = await service.list_invitations(db, access.workspace_id, page)
    items, cursor = split_page(records, page, lambda record: record.id)
    return Page(items=[InvitationOut.model_validate(r) for r in items], next_cursor=cursor)


@invitations_router.post(
    "/workspaces/{workspace_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(RoleNotAssignable),
)
async def create_invitation(
    body: InvitationCreate,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_MANAGE))],
    db: DbSession,
    settings: AppSettings,
) -> InvitationCreated:
    """Invite someone by email. Send them the accept link from the response."""
    issued = await service.invite(
        db,
        access.workspace_id,
        access.principal,
        access.role,
        email=body.email,
        role=body.role,
        ttl=timedelta(hours=settings.invitation_ttl_hours),
    )
    accept_url = f"{settings.public_url.rstrip('/')}/invitations/{issued.token}"
    return InvitationCreated(
        **InvitationOut.model_validate(issued.record).model_dump(),
        accept_url=accept_url,
        token=issued.token,
    )


@invitations_router.delete(
    "/workspaces/{workspace_id}/invitations/{invitation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="revoke",
    responses=problem_responses(InvitationNotFound),
)
async def revoke_invitation(
    invitation_id: InvitationId,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.MEMBERS_MANAGE))],
    db: DbSession,
) -> None:
    await service.revoke_invitation(db, access.workspace_id, invitation_id)


@invitations_router.post(
    "/invitations/{token}/accept",
    name="accept",
    responses=problem_responses(InvitationNotFound, InvitationEmailMismatch),
)
async def accept_invitation(
    token: Annotated[str, Path(max_length=100)], principal: Authenticated, db: DbSession
) -> InvitationAccepted:
    """Join the workspace of an invitation sent to your email address."""
    workspace, role = await service.accept_invitation(db, principal, token)
    return InvitationAccepted(workspace=_workspace_out(workspace, role))
