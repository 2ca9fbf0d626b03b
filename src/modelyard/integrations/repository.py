"""All SQL for storage connections; every query is scoped to a workspace."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import StorageConnection


async def get_connection(
    session: AsyncSession, workspace_id: str, connection_id: str
) -> StorageConnection | None:
    statement = select(StorageConnection).where(
        StorageConnection.id == connection_id, StorageConnection.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def find_by_name(
    session: AsyncSession, workspace_id: str, name: str
) -> StorageConnection | None:
    statement = select(StorageConnection).where(
        StorageConnection.workspace_id == workspace_id, StorageConnection.name == name
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_connections(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[StorageConnection]:
    statement = select(StorageConnection).where(StorageConnection.workspace_id == workspace_id)
    return (await session.execute(paginate(statement, StorageConnection.id, page))).scalars().all()
