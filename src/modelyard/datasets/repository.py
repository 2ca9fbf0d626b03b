"""All SQL for datasets and their versions; every query is scoped to a workspace."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.kit.versions import latest_per_parent
from modelyard.models import Dataset, DatasetVersion


async def get_dataset(session: AsyncSession, workspace_id: str, dataset_id: str) -> Dataset | None:
    statement = select(Dataset).where(
        Dataset.id == dataset_id, Dataset.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_datasets(
    session: AsyncSession,
    workspace_id: str,
    page: PageRequest,
    *,
    search: str | None,
    tag: str | None,
) -> Sequence[Dataset]:
    statement = select(Dataset).where(Dataset.workspace_id == workspace_id)
    if search:
        pattern = f"%{search.lower()}%"
        statement = statement.where(
            or_(
                func.lower(Dataset.name).like(pattern),
                func.lower(Dataset.description).like(pattern),
            )
        )
    rows = (await session.execute(paginate(statement, Dataset.id, page))).scalars().all()
    # Tags are a JSON list; filtering in Python keeps one query for SQLite and PostgreSQL.
    return [row for row in rows if tag is None or tag in row.tags]


async def latest_versions(
    session: AsyncSession, dataset_ids: Sequence[str]
) -> dict[str, DatasetVersion]:
    return await latest_per_parent(
        session, DatasetVersion, DatasetVersion.dataset_id, DatasetVersion.number, dataset_ids
    )


async def list_versions(
    session: AsyncSession, workspace_id: str, dataset_id: str, page: PageRequest
) -> Sequence[DatasetVersion]:
    statement = select(DatasetVersion).where(
        DatasetVersion.workspace_id == workspace_id, DatasetVersion.dataset_id == dataset_id
    )
    return (await session.execute(paginate(statement, DatasetVersion.id, page))).scalars().all()


async def get_version(
    session: AsyncSession, workspace_id: str, version_id: str
) -> DatasetVersion | None:
    statement = select(DatasetVersion).where(
        DatasetVersion.id == version_id, DatasetVersion.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_version_for_task(session: AsyncSession, version_id: str) -> DatasetVersion | None:
    """Unscoped: only background tasks, which receive ids the platform created, use this."""
    return await session.get(DatasetVersion, version_id)


async def find_version_by_hash(
    session: AsyncSession, dataset_id: str, sha256: str
) -> DatasetVersion | None:
    statement = select(DatasetVersion).where(
        DatasetVersion.dataset_id == dataset_id, DatasetVersion.original_sha256 == sha256
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def next_version_number(session: AsyncSession, dataset_id: str) -> int:
    statement = select(func.coalesce(func.max(DatasetVersion.number), 0)).where(
        DatasetVersion.dataset_id == dataset_id
    )
    return int((await session.execute(statement)).scalar_one()) + 1


async def keys_still_referenced(
    session: AsyncSession, keys: Sequence[str], excluding_dataset: str
) -> set[str]:
    """Artifact keys another dataset's versions still use (content-addressed blobs are shared)."""
    statement = select(DatasetVersion.original_key, DatasetVersion.parquet_key).where(
        DatasetVersion.dataset_id != excluding_dataset,
        or_(DatasetVersion.original_key.in_(keys), DatasetVersion.parquet_key.in_(keys)),
    )
    rows = (await session.execute(statement)).all()
    return {key for row in rows for key in row if key in keys}
