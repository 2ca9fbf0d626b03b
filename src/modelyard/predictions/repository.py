"""Queries for deployments, their revisions, prediction records, actuals and stats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import (
    Deployment,
    DeploymentRevision,
    DeploymentStat,
    ModelVersion,
    PredictionActual,
    PredictionRecord,
)


async def get_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> Deployment | None:
    statement = select(Deployment).where(
        Deployment.id == deployment_id, Deployment.workspace_id == workspace_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_deployment_by_name(
    session: AsyncSession, workspace_id: str, name: str
) -> Deployment | None:
    statement = select(Deployment).where(
        Deployment.workspace_id == workspace_id, Deployment.name == name
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_deployments(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[Deployment]:
    statement = select(Deployment).where(Deployment.workspace_id == workspace_id)
    return (await session.execute(paginate(statement, Deployment.id, page))).scalars().all()


async def serving(
    session: AsyncSession, deployment_id: str
) -> tuple[Deployment, ModelVersion] | None:
    """The deployment (any workspace) with the version it serves, for the predict path."""
    statement = (
        select(Deployment, ModelVersion)
        .join(ModelVersion, ModelVersion.id == Deployment.model_version_id)
        .where(Deployment.id == deployment_id)
    )
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def version_is_deployed(session: AsyncSession, version_id: str) -> bool:
    statement = select(Deployment.id).where(Deployment.model_version_id == version_id).limit(1)
    return (await session.execute(statement)).first() is not None


async def revisions(session: AsyncSession, deployment_id: str) -> Sequence[DeploymentRevision]:
    statement = (
        select(DeploymentRevision)
        .where(DeploymentRevision.deployment_id == deployment_id)
        .order_by(DeploymentRevision.number.desc())
    )
    return (await session.execute(statement)).scalars().all()


async def insert_records(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Many rows in one statement, through Core (the ORM's bulk path costs far more per row)."""
    if rows:
        await session.execute(insert(cast(Table, PredictionRecord.__table__)), list(rows))


async def insert_stats(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(DeploymentStat), list(rows))


async def existing_deployment_ids(session: AsyncSession, ids: Sequence[str]) -> set[str]:
    statement = select(Deployment.id).where(Deployment.id.in_(list(ids)))
    return set((await session.execute(statement)).scalars().all())


async def known_prediction_ids(
    session: AsyncSession, deployment_id: str, ids: Sequence[str]
) -> set[str]:
    statement = select(PredictionRecord.id).where(
        PredictionRecord.deployment_id == deployment_id, PredictionRecord.id.in_(list(ids))
    )
    return set((await session.execute(statement)).scalars().all())


async def actuals_for(
    session: AsyncSession, deployment_id: str, prediction_ids: Sequence[str]
) -> dict[str, PredictionActual]:
    statement = select(PredictionActual).where(
        PredictionActual.deployment_id == deployment_id,
        PredictionActual.prediction_id.in_(list(prediction_ids)),
    )
    return {a.prediction_id: a for a in (await session.execute(statement)).scalars().all()}
