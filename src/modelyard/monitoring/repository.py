"""SQL for monitoring: traffic counters, labelled predictions, drift reports, alert rules/events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import (
    AlertEvent,
    AlertRule,
    Deployment,
    DeploymentStat,
    DriftReport,
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


async def get_deployment_for_task(session: AsyncSession, deployment_id: str) -> Deployment | None:
    """Unscoped: scheduled work holds ids the platform created."""
    return await session.get(Deployment, deployment_id)


async def active_deployment_ids(session: AsyncSession) -> list[str]:
    statement = select(Deployment.id).where(Deployment.status == "active")
    return [str(row) for row in (await session.execute(statement)).scalars().all()]


async def stats_between(
    session: AsyncSession, deployment_id: str, start: datetime, end: datetime
) -> Sequence[DeploymentStat]:
    statement = (
        select(DeploymentStat)
        .where(
            DeploymentStat.deployment_id == deployment_id,
            DeploymentStat.minute >= start,
            DeploymentStat.minute < end,
        )
        .order_by(DeploymentStat.minute)
    )
    return (await session.execute(statement)).scalars().all()


async def labelled_predictions(
    session: AsyncSession, deployment_id: str, start: datetime, end: datetime, limit: int
) -> list[tuple[datetime, Any, dict[str, float] | None, Any]]:
    """(predicted at, prediction, probabilities, actual) of the window's labelled predictions."""
    statement = (
        select(
            PredictionRecord.created_at,
            PredictionRecord.prediction,
            PredictionRecord.probabilities,
            PredictionActual.actual,
        )
        .join(
            PredictionActual,
            (PredictionActual.prediction_id == PredictionRecord.id)
            & (PredictionActual.deployment_id == PredictionRecord.deployment_id),
        )
        .where(
            PredictionRecord.deployment_id == deployment_id,
            PredictionRecord.created_at >= start,
            PredictionRecord.created_at < end,
        )
        .order_by(PredictionRecord.created_at.desc())
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return [(row[0], row[1], row[2], row[3]) for row in rows]


async def latest_drift_report(session: AsyncSession, deployment_id: str) -> DriftReport | None:
    statement = (
        select(DriftReport)
        .where(DriftReport.deployment_id == deployment_id)
        .order_by(DriftReport.created_at.desc(), DriftReport.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_drift_report(
    session: AsyncSession, workspace_id: str, deployment_id: str, report_id: str
) -> DriftReport | None:
    statement = select(DriftReport).where(
        DriftReport.id == report_id,
        DriftReport.workspace_id == workspace_id,
        DriftReport.deployment_id == deployment_id,
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_drift_reports(
    session: AsyncSession, deployment_id: str, page: PageRequest
) -> Sequence[DriftReport]:
    statement = select(DriftReport).where(DriftReport.deployment_id == deployment_id)
    return (await session.execute(paginate(statement, DriftReport.id, page))).scalars().all()


async def deployments_due_for_drift(session: AsyncSession, before: datetime) -> list[str]:
    """Active deployments whose newest drift report is older than `before` (or missing)."""
    newest = (
        select(DriftReport.deployment_id, func.max(DriftReport.created_at).label("newest"))
        .group_by(DriftReport.deployment_id)
        .subquery()
    )
    statement = (
        select(Deployment.id)
        .outerjoin(newest, newest.c.deployment_id == Deployment.id)
        .where(
            Deployment.status == "active", or_(newest.c.newest.is_(None), newest.c.newest < before)
        )
    )
    return [str(row) for row in (await session.execute(statement)).scalars().all()]


async def get_rule(
    session: AsyncSession, workspace_id: str, deployment_id: str, rule_id: str
) -> AlertRule | None:
    statement = select(AlertRule).where(
        AlertRule.id == rule_id,
        AlertRule.workspace_id == workspace_id,
        AlertRule.deployment_id == deployment_id,
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def list_rules(
    session: AsyncSession, deployment_id: str, page: PageRequest | None = None
) -> Sequence[AlertRule]:
    statement = select(AlertRule).where(AlertRule.deployment_id == deployment_id)
    if page is None:
        return (await session.execute(statement.order_by(AlertRule.id))).scalars().all()
    return (await session.execute(paginate(statement, AlertRule.id, page))).scalars().all()


async def rules_due(session: AsyncSession, before: datetime) -> Sequence[AlertRule]:
    statement = select(AlertRule).where(
        AlertRule.enabled.is_(True),
        or_(AlertRule.last_evaluated_at.is_(None), AlertRule.last_evaluated_at < before),
    )
    return (await session.execute(statement.order_by(AlertRule.deployment_id))).scalars().all()


async def list_events(
    session: AsyncSession, workspace_id: str, deployment_id: str | None, page: PageRequest
) -> Sequence[AlertEvent]:
    statement = select(AlertEvent).where(AlertEvent.workspace_id == workspace_id)
    if deployment_id is not None:
        statement = statement.where(AlertEvent.deployment_id == deployment_id)
    return (await session.execute(paginate(statement, AlertEvent.id, page))).scalars().all()


async def rule_and_deployment_names(
    session: AsyncSession, workspace_id: str, rule_ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """Rule id -> (rule name, deployment name), for the rules of this workspace."""
    if not rule_ids:
        return {}
    statement = (
        select(AlertRule.id, AlertRule.name, Deployment.name)
        .join(Deployment, Deployment.id == AlertRule.deployment_id)
        .where(AlertRule.id.in_(list(rule_ids)), Deployment.workspace_id == workspace_id)
    )
    return {str(r): (str(rn), str(dn)) for r, rn, dn in (await session.execute(statement)).all()}


async def firing_counts(session: AsyncSession) -> dict[str, int]:
    statement = (
        select(AlertRule.deployment_id, func.count())
        .where(AlertRule.state == "firing", AlertRule.enabled.is_(True))
        .group_by(AlertRule.deployment_id)
    )
    return {str(d): int(n) for d, n in (await session.execute(statement)).all()}


async def latest_drift_by_deployment(session: AsyncSession) -> list[DriftReport]:
    newest = (
        select(DriftReport.deployment_id, func.max(DriftReport.created_at).label("newest"))
        .group_by(DriftReport.deployment_id)
        .subquery()
    )
    statement = select(DriftReport).join(
        newest,
        (newest.c.deployment_id == DriftReport.deployment_id)
        & (newest.c.newest == DriftReport.created_at),
    )
    return list((await session.execute(statement)).scalars().all())
