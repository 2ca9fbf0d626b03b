"""Monitoring rules: traffic and latency, drift reports, performance from late labels."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.datasets import service as datasets
from modelyard.kit.clock import as_utc, utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import Deployment, DeploymentStat, DriftReport, ModelVersion
from modelyard.models.deployment_stat import LATENCY_BUCKETS_MS
from modelyard.monitoring import drift, performance, reference, repository
from modelyard.monitoring.problems import DriftReferenceUnavailable, DriftReportNotFound
from modelyard.monitoring.schemas import (
    PerformanceBucket,
    PerformanceOut,
    TrafficPoint,
    TrafficStep,
    TrafficSummary,
)
from modelyard.predictions.problems import DeploymentNotFound
from modelyard.registry import service as registry
from modelyard.settings import Settings
from modelyard.storage import ArtifactStore

log = structlog.get_logger(__name__)
MAX_LABELLED_ROWS = 200_000
BUCKETS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


async def get_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> Deployment:
    deployment = await repository.get_deployment(session, workspace_id, deployment_id)
    if deployment is None:
        raise DeploymentNotFound()
    return deployment


# -- traffic ------------------------------------------------------------------------------------


def percentile_ms(buckets: Sequence[int], quantile: float) -> float | None:
    """A latency quantile from histogram counts, interpolated linearly inside its bucket.

    The last bucket (above the largest bound) answers that bound: a lower limit.
    """
    total = sum(buckets)
    if total == 0:
        return None
    target = quantile * total
    seen = 0.0
    for index, count in enumerate(buckets):
        if count and seen + count >= target:
            if index >= len(LATENCY_BUCKETS_MS):
                return LATENCY_BUCKETS_MS[-1]
            low = LATENCY_BUCKETS_MS[index - 1] if index else 0.0
            high = LATENCY_BUCKETS_MS[index]
            return round(low + (high - low) * (target - seen) / count, 4)
        seen += count
    return LATENCY_BUCKETS_MS[-1]


# Without a chosen step, a traffic series takes the finest that keeps it to MAX_POINTS points.
MAX_POINTS = 360


def traffic_step(window_minutes: int, step_minutes: int | None) -> int:
    if step_minutes is not None:
        return int(step_minutes)
    return next(
        (int(step) for step in TrafficStep if window_minutes / step <= MAX_POINTS),
        int(TrafficStep.DAY),
    )


def _floor_to_step(moment: datetime, step_minutes: int) -> datetime:
    epoch_minutes = int(moment.timestamp() // 60)
    return datetime.fromtimestamp((epoch_minutes - epoch_minutes % step_minutes) * 60, tz=UTC)


class _Point:
    """Counters and latency histogram of one step of a traffic series."""

    def __init__(self, width: int) -> None:
        self.requests = self.errors = self.rows = 0
        self.latency_ms_sum = 0.0
        self.buckets = [0] * width

    def add(self, stat: DeploymentStat) -> None:
        self.requests += stat.requests
        self.errors += stat.errors
        self.rows += stat.rows
        self.latency_ms_sum += stat.latency_ms_sum
        for index, count in enumerate(list(stat.latency_buckets)[: len(self.buckets)]):
            self.buckets[index] += int(count)

    @property
    def mean_latency_ms(self) -> float | None:
        return round(self.latency_ms_sum / self.requests, 4) if self.requests else None


def summarise_traffic(
    deployment_id: str,
    stats: Sequence[DeploymentStat],
    start: datetime,
    end: datetime,
    step_minutes: int = 1,
) -> TrafficSummary:
    """Totals, percentiles over the window and a series of ``step_minutes`` steps (only the steps
    that saw requests; percentiles per step from the merged histograms)."""
    width = len(LATENCY_BUCKETS_MS) + 1
    whole = _Point(width)
    steps: dict[datetime, _Point] = {}
    for stat in stats:
        whole.add(stat)
        moment = _floor_to_step(as_utc(stat.minute), step_minutes)
        steps.setdefault(moment, _Point(width)).add(stat)
    minutes = max((end - start).total_seconds() / 60, 1.0)
    return TrafficSummary(
        deployment_id=deployment_id,
        window_start=start,
        window_end=end,
        step_minutes=step_minutes,
        requests=whole.requests,
        errors=whole.errors,
        rows=whole.rows,
        request_rate_per_minute=round(whole.requests / minutes, 4),
        error_rate=round(whole.errors / whole.requests, 6) if whole.requests else None,
        latency_p50_ms=percentile_ms(whole.buckets, 0.50),
        latency_p95_ms=percentile_ms(whole.buckets, 0.95),
        latency_p99_ms=percentile_ms(whole.buckets, 0.99),
        mean_latency_ms=whole.mean_latency_ms,
        series=[
            TrafficPoint(
                minute=moment,
                requests=point.requests,
                errors=point.errors,
                rows=point.rows,
                mean_latency_ms=point.mean_latency_ms,
                latency_p50_ms=percentile_ms(point.buckets, 0.50),
                latency_p95_ms=percentile_ms(point.buckets, 0.95),
                latency_p99_ms=percentile_ms(point.buckets, 0.99),
            )
            for moment, point in sorted(steps.items())
        ],
    )


async def traffic(
    session: AsyncSession,
    deployment: Deployment,
    window_minutes: int,
    step_minutes: int | None = None,
) -> TrafficSummary:
    end = utcnow()
    start = end - timedelta(minutes=window_minutes)
    stats = await repository.stats_between(
        session, deployment.id, start.replace(second=0, microsecond=0), end
    )
    step = traffic_step(window_minutes, step_minutes)
    return summarise_traffic(deployment.id, stats, start, end, step)


# -- performance from actuals -------------------------------------------------------------------


async def model_performance(
    session: AsyncSession, deployment: Deployment, *, days: float, bucket: str
) -> PerformanceOut:
    version = await registry.get_version(
        session, deployment.workspace_id, deployment.model_version_id
    )
    end = utcnow()
    start = end - timedelta(days=days)
    rows = await repository.labelled_predictions(
        session, deployment.id, start, end, MAX_LABELLED_ROWS
    )
    classes = [str(c) for c in version.lineage.get("classes", ())]
    step = BUCKETS[bucket]
    grouped: dict[datetime, list[tuple[Any, Any, Any]]] = {}
    for created_at, prediction, probabilities, actual in rows:
        grouped.setdefault(_floor(as_utc(created_at), step), []).append(
            (prediction, probabilities, actual)
        )
    every = [item for items in grouped.values() for item in items]
    return PerformanceOut(
        deployment_id=deployment.id,
        task=version.task,
        bucket=bucket,
        window_start=start,
        window_end=end,
        labelled=len(every),
        metrics=_metrics(version.task, every, classes),
        series=[
            PerformanceBucket(
                start=moment, labelled=len(items), metrics=_metrics(version.task, items, classes)
            )
            for moment, items in sorted(grouped.items())
        ],
    )


def _floor(moment: datetime, step: timedelta) -> datetime:
    if step >= timedelta(days=1):
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.replace(minute=0, second=0, microsecond=0)


def _metrics(
    task: str, items: Sequence[tuple[Any, Any, Any]], classes: Sequence[str]
) -> dict[str, float | None]:
    if not items:
        return dict.fromkeys(performance.metric_names(task))
    predictions = [item[0] for item in items]
    actuals = [item[2] for item in items]
    if task == "regression":
        return performance.regression_metrics(predictions, actuals)
    return performance.classification_metrics(
        predictions, [item[1] for item in items], actuals, classes
    )


# -- drift --------------------------------------------------------------------------------------


async def drift_reference(
    session: AsyncSession, store: ArtifactStore, version: ModelVersion
) -> drift.DriftReference:
    """The version's reference: kept in the store, else built from its training data."""
    cached = await asyncio.to_thread(reference.cached_reference, store, version.id)
    if cached is not None:
        return cached
    data = await datasets.get_version(session, version.workspace_id, version.dataset_version_id)
    try:
        return await asyncio.to_thread(
            reference.build_from_parquet, store, version.id, data.parquet_key, version.signature
        )
    except Exception:
        log.warning("drift_reference_from_data_failed", model_version_id=version.id, exc_info=True)
    if data.profile_status == "ready" and data.profile:
        return await asyncio.to_thread(
            reference.build_from_profile, store, version.id, data.profile, version.signature
        )
    raise DriftReferenceUnavailable()


async def compute_drift(
    session: AsyncSession,
    store: ArtifactStore,
    settings: Settings,
    deployment: Deployment,
    *,
    trigger: str,
    window_hours: float,
) -> DriftReport:
    """Compare the window's logged inputs with the served version's training reference."""
    version = await registry.get_version(
        session, deployment.workspace_id, deployment.model_version_id
    )
    ref = await drift_reference(session, store, version)
    end = utcnow()
    start = end - timedelta(hours=window_hours)
    current = await asyncio.to_thread(
        reference.logged_inputs,
        store,
        deployment.workspace_id,
        deployment.id,
        start,
        end,
        settings.drift_max_rows,
    )
    result = await asyncio.to_thread(drift.compare, ref, current, min_rows=settings.drift_min_rows)
    report = DriftReport(
        id=new_id("drf"),
        workspace_id=deployment.workspace_id,
        deployment_id=deployment.id,
        model_version_id=version.id,
        status="ready" if current.height else "empty",
        trigger=trigger,
        window_start=start,
        window_end=end,
        rows=current.height,
        severity=str(result.severity),
        max_psi=result.max_psi,
        drifted_features=list(result.drifted_features),
        features=[feature.to_dict() for feature in result.features],
        reference_source=ref.source,
    )
    session.add(report)
    await session.flush()
    return report


async def latest_drift(session: AsyncSession, deployment: Deployment) -> DriftReport:
    report = await repository.latest_drift_report(session, deployment.id)
    if report is None:
        raise DriftReportNotFound()
    return report


async def get_drift_report(
    session: AsyncSession, workspace_id: str, deployment_id: str, report_id: str
) -> DriftReport:
    report = await repository.get_drift_report(session, workspace_id, deployment_id, report_id)
    if report is None:
        raise DriftReportNotFound()
    return report


async def list_drift_reports(
    session: AsyncSession, deployment: Deployment, page: PageRequest
) -> Sequence[DriftReport]:
    return await repository.list_drift_reports(session, deployment.id, page)
