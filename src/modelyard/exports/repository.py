"""All SQL for exports; each read is scoped to a workspace and joins the export's job."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import Export, Job


def _with_job() -> Select[Export, Job]:
    return select(Export, Job).join(Job, Job.id == Export.job_id)


async def get_export(
    session: AsyncSession, workspace_id: str, export_id: str
) -> tuple[Export, Job] | None:
    statement = _with_job().where(Export.id == export_id, Export.workspace_id == workspace_id)
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def list_exports(
    session: AsyncSession, workspace_id: str, page: PageRequest, model_version_id: str | None
) -> Sequence[tuple[Export, Job]]:
    statement = _with_job().where(Export.workspace_id == workspace_id)
    if model_version_id is not None:
        statement = statement.where(Export.model_version_id == model_version_id)
    rows = (await session.execute(paginate(statement, Export.id, page))).all()
    return [(export, job) for export, job in rows]


async def get_export_for_worker(session: AsyncSession, export_id: str) -> Export | None:
    """Unscoped: only export jobs, which carry ids the platform created, use this."""
    return await session.get(Export, export_id, populate_existing=True)


async def record(session: AsyncSession, export_id: str, **values: Any) -> None:
    await session.execute(update(Export).where(Export.id == export_id).values(**values))
