"""All SQL for workspaces, memberships and invitations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import Invitation, Membership, User, Workspace


async def get_membership(
    session: AsyncSession, workspace_id: str, user_id: str
) -> Membership | None:
    statement = select(Membership).where(
        Membership.workspace_id == workspace_id, Membership.user_id == user_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_workspace(session: AsyncSession, workspace_id: str) -> Workspace | None:
    return await session.get(Workspace, workspace_id)


async def names_of(session: AsyncSession, workspace_ids: Sequence[str]) -> dict[str, str]:
    statement = select(Workspace.id, Workspace.name).where(Workspace.id.in_(workspace_ids))
    return {row.id: row.name for row in (await session.execute(statement)).all()}


async def list_workspaces_of(
    session: AsyncSession, user_id: str, page: PageRequest, *, only_id: str | None = None
) -> Sequence[tuple[Workspace, str]]:
    statement = (
        select(Workspace, Membership.role)
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(Membership.user_id == user_id)
    )
    if only_id is not None:
        statement = statement.where(Workspace.id == only_id)
    rows = await session.execute(paginate(statement, Workspace.id, page))
    return [(workspace, role) for workspace, role in rows.all()]


async def list_members(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[tuple[Membership, User]]:
    statement = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.workspace_id == workspace_id)
    )
    rows = await session.execute(paginate(statement, Membership.id, page))
    return [(membership, user) for membership, user in rows.all()]


async def count_owners(session: AsyncSession, workspace_id: str) -> int:
    statement = select(func.count()).where(
        Membership.workspace_id == workspace_id, Membership.role == "owner"
    )
    return int((await session.execute(statement)).scalar_one())


async def list_invitations(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[Invitation]:
    statement = select(Invitation).where(
        Invitation.workspace_id == workspace_id, Invitation.accepted_at.is_(None)
    )
    return (await session.execute(paginate(statement, Invitation.id, page))).scalars().all()


async def get_invitation(
    session: AsyncSession, workspace_id: str, invitation_id: str
) -> Invitation | None:
    statement = select(Invitation).where(
        Invitation.id == invitation_id, Invitation.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_invitation_by_token_hash(session: AsyncSession, token_hash: str) -> Invitation | None:
    statement = select(Invitation).where(Invitation.token_hash == token_hash)
    return (await session.execute(statement)).scalar_one_or_none()
