"""Workspace rules: ownership, roles, membership and invitations."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth import service as auth
from modelyard.auth.principal import Principal
from modelyard.auth.tokens import token_hash
from modelyard.authz.permissions import Role, can_assign_role
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import Invitation, Membership, User, Workspace
from modelyard.workspaces import repository
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


async def role_of(session: AsyncSession, workspace_id: str, user_id: str) -> Role | None:
    membership = await repository.get_membership(session, workspace_id, user_id)
    return None if membership is None else Role(membership.role)


async def create_workspace(
    session: AsyncSession, principal: Principal, *, name: str, description: str = ""
) -> Workspace:
    workspace = Workspace(
        id=new_id("ws"), name=name.strip(), description=description, created_by=principal.user_id
    )
    session.add(workspace)
    await session.flush()
    session.add(_membership(workspace.id, principal.user_id, Role.OWNER))
    await session.flush()
    return workspace


def _membership(workspace_id: str, user_id: str, role: Role) -> Membership:
    return Membership(id=new_id("mem"), workspace_id=workspace_id, user_id=user_id, role=role)


async def list_workspaces(
    session: AsyncSession, principal: Principal, page: PageRequest
) -> Sequence[tuple[Workspace, Role]]:
    rows = await repository.list_workspaces_of(
        session, principal.user_id, page, only_id=principal.api_key_workspace_id
    )
    return [(workspace, Role(role)) for workspace, role in rows]


async def get_workspace(session: AsyncSession, workspace_id: str) -> Workspace:
    workspace = await repository.get_workspace(session, workspace_id)
    if workspace is None:
        raise WorkspaceNotFound()
    return workspace


async def names_of(session: AsyncSession, workspace_ids: Sequence[str]) -> dict[str, str]:
    """Workspace names by id (for naming the owner of something shared)."""
    if not workspace_ids:
        return {}
    return await repository.names_of(session, sorted(set(workspace_ids)))


async def update_workspace(
    session: AsyncSession, workspace_id: str, *, name: str | None, description: str | None
) -> Workspace:
    workspace = await get_workspace(session, workspace_id)
    if name is not None:
        workspace.name = name.strip()
    if description is not None:
        workspace.description = description
    await session.flush()
    return workspace


async def delete_workspace(session: AsyncSession, workspace_id: str) -> None:
    await session.delete(await get_workspace(session, workspace_id))
    await session.flush()


async def list_members(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[tuple[Membership, User]]:
    return await repository.list_members(session, workspace_id, page)


async def add_member(
    session: AsyncSession, workspace_id: str, actor: Role, *, email: str, role: Role
) -> tuple[Membership, User]:
    if not can_assign_role(actor, None, role):
        raise RoleNotAssignable()
    user = await auth.find_user_by_email(session, email)
    if user is None:
        raise UserNotFound()
    if await repository.get_membership(session, workspace_id, user.id) is not None:
        raise AlreadyMember()
    membership = _membership(workspace_id, user.id, role)
    session.add(membership)
    await session.flush()
    return membership, user


async def _member(session: AsyncSession, workspace_id: str, user_id: str) -> Membership:
    membership = await repository.get_membership(session, workspace_id, user_id)
    if membership is None:
        raise MemberNotFound()
    return membership


async def _keep_an_owner(session: AsyncSession, membership: Membership) -> None:
    if (
        membership.role == Role.OWNER
        and await repository.count_owners(session, membership.workspace_id) <= 1
    ):
        raise LastOwner()


async def change_role(
    session: AsyncSession, workspace_id: str, actor: Role, *, user_id: str, role: Role
) -> tuple[Membership, User]:
    membership = await _member(session, workspace_id, user_id)
    if not can_assign_role(actor, Role(membership.role), role):
        raise RoleNotAssignable()
    if role is not Role.OWNER:
        await _keep_an_owner(session, membership)
    membership.role = role
    await session.flush()
    user = await auth.get_user_by_id(session, user_id)
    if user is None:
        raise MemberNotFound()
    return membership, user


async def remove_member(
    session: AsyncSession, workspace_id: str, actor: Role, *, user_id: str
) -> None:
    membership = await _member(session, workspace_id, user_id)
    if not can_assign_role(actor, Role(membership.role), Role(membership.role)):
        raise RoleNotAssignable("Your role cannot remove this member.")
    await _keep_an_owner(session, membership)
    await session.delete(membership)
    await session.flush()


async def leave_workspace(session: AsyncSession, workspace_id: str, principal: Principal) -> None:
    membership = await _member(session, workspace_id, principal.user_id)
    await _keep_an_owner(session, membership)
    await session.delete(membership)
    await session.flush()


@dataclass(frozen=True)
class IssuedInvitation:
    record: Invitation
    token: str


async def invite(
    session: AsyncSession,
    workspace_id: str,
    actor: Principal,
    actor_role: Role,
    *,
    email: str,
    role: Role,
    ttl: timedelta,
) -> IssuedInvitation:
    if not can_assign_role(actor_role, None, role):
        raise RoleNotAssignable()
    token = secrets.token_urlsafe(32)
    record = Invitation(
        id=new_id("inv"),
        workspace_id=workspace_id,
        email=auth.normalise_email(email),
        role=role,
        token_hash=token_hash(token),
        invited_by=actor.user_id,
        expires_at=utcnow() + ttl,
    )
    session.add(record)
    await session.flush()
    return IssuedInvitation(record=record, token=token)


async def list_invitations(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[Invitation]:
    return await repository.list_invitations(session, workspace_id, page)


async def revoke_invitation(session: AsyncSession, workspace_id: str, invitation_id: str) -> None:
    record = await repository.get_invitation(session, workspace_id, invitation_id)
    if record is None or record.accepted_at is not None:
        raise InvitationNotFound()
    await session.delete(record)
    await session.flush()


async def accept_invitation(
    session: AsyncSession, principal: Principal, token: str
) -> tuple[Workspace, Role]:
    record = await repository.get_invitation_by_token_hash(session, token_hash(token))
    if record is None or record.accepted_at is not None or record.expires_at <= utcnow():
        raise InvitationNotFound()
    if record.email != principal.email.lower():
        raise InvitationEmailMismatch()
    workspace = await get_workspace(session, record.workspace_id)
    record.accepted_at = utcnow()
    record.accepted_by = principal.user_id
    existing = await repository.get_membership(session, record.workspace_id, principal.user_id)
    if existing is None:
        session.add(_membership(record.workspace_id, principal.user_id, Role(record.role)))
    await session.flush()
    role = Role(existing.role) if existing is not None else Role(record.role)
    return workspace, role


async def ensure_visible(session: AsyncSession, principal: Principal, workspace_id: str) -> Role:
    """The principal's role in the workspace, or WorkspaceNotFound when they cannot see it."""
    role = await role_of(session, workspace_id, principal.user_id)
    if role is None or not principal.sees_workspace(workspace_id):
        raise WorkspaceNotFound()
    return role
