"""Scheduled monitoring, run by every worker process: drift reports and alert evaluation.

Each pass computes a drift report for every active deployment whose newest report is older
than `drift_interval_s`, then evaluates the alert rules not evaluated for `alert_interval_s`.
Due-ness is read from the database, so any number of workers share the work (two passes at
the same instant may both write a report: harmless, the newest wins).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import structlog

from modelyard.kit.clock import utcnow
from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.kit.tasks import OpenSession
from modelyard.monitoring import alerts, repository, service
from modelyard.monitoring.schemas import AlertSignal
from modelyard.settings import Settings
from modelyard.storage import ArtifactStore, open_store

log = structlog.get_logger(__name__)


async def run_due(settings: Settings, open_session: OpenSession, store: ArtifactStore) -> int:
    """One pass; returns how many drift reports and rule evaluations it did."""
    done = 0
    now = utcnow()
    async with open_session() as db:
        due = await repository.deployments_due_for_drift(
            db, now - timedelta(seconds=settings.drift_interval_s)
        )
    for deployment_id in due:
        try:
            async with open_session() as db:
                deployment = await repository.get_deployment_for_task(db, deployment_id)
                if deployment is None:
                    continue
                await service.compute_drift(
                    db,
                    store,
                    settings,
                    deployment,
                    trigger="schedule",
                    window_hours=settings.drift_window_hours,
                )
                await alerts.evaluate_deployment(db, deployment, signals=[AlertSignal.DRIFT_PSI])
            done += 1
        except Exception:
            log.warning("scheduled_drift_failed", deployment_id=deployment_id, exc_info=True)
    async with open_session() as db:
        rules = await repository.rules_due(db, now - timedelta(seconds=settings.alert_interval_s))
        for rule in rules:
            deployment = await repository.get_deployment_for_task(db, rule.deployment_id)
            if deployment is not None:
                await alerts.evaluate_rule(db, deployment, rule)
                done += 1
    return done


def monitor_forever(settings: Settings, stop: threading.Event) -> None:
    """The worker's monitoring thread: a pass every `monitoring_interval_s` until `stop`."""
    store = open_store(settings.resolved_storage_url, **settings.storage_options)
    while not stop.wait(settings.monitoring_interval_s):
        try:
            asyncio.run(_pass(settings, store))
        except Exception:
            log.warning("monitoring_pass_failed", exc_info=True)


async def _pass(settings: Settings, store: ArtifactStore) -> None:
    engine = create_engine(settings.resolved_database_url)
    try:
        await run_due(settings, lambda: session_scope(create_sessionmaker(engine)), store)
    finally:
        await engine.dispose()
