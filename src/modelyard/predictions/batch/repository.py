"""SQL for batch predictions (with their jobs) and the deployments they run through."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import BatchPrediction, Deployment, Job


async def get_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> Deployment | None:
    statement = select(Deployment).where(
        Deployment.id == deployment_id, Deployment.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get(
    session: AsyncSession, workspace_id: str, deployment_id: str, batch_id: str
) -> tuple[BatchPrediction, Job] | None:
    statement = (
        select(BatchPrediction, Job)
        .join(Job, Job.id == BatchPrediction.job_id)
        .where(
            BatchPrediction.id == batch_id,
            BatchPrediction.workspace_id == workspace_id,
            BatchPrediction.deployment_id == deployment_id,
        )
    )
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def list_for_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str, page: PageRequest
) -> Sequence[tuple[BatchPrediction, Job]]:
    statement = (
        select(BatchPrediction, Job)
        .join(Job, Job.id == BatchPrediction.job_id)
        .where(
            BatchPrediction.workspace_id == workspace_id,
            BatchPrediction.deployment_id == deployment_id,
        )
    )
    rows = (await session.execute(paginate(statement, BatchPrediction.id, page))).all()
    return [(row[0], row[1]) for row in rows]


async def get_for_job(session: AsyncSession, job_id: str) -> BatchPrediction | None:
    """Unscoped: the worker holds a job id the platform created."""
    statement = select(BatchPrediction).where(BatchPrediction.job_id == job_id)
    return (await session.execute(statement)).scalar_one_or_none()
