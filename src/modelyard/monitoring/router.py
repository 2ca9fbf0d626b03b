"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from modelyard.authz.guard import public
from modelyard.kit.dependencies import AppSettings
from modelyard.kit.errors import problem_responses
from modelyard.monitoring.deployment_metrics import refresh_deployment_metrics
from modelyard.monitoring.health import (
    CheckResult,
    check_database,
    check_local_directory,
    check_redis,
)
from modelyard.monitoring.metrics import JobGauges
from modelyard.worker import service as jobs

router = APIRouter(tags=["health"], dependencies=[Depends(public)], responses=problem_responses())


async def refresh_job_metrics(app: Any) -> None:
    gauges: JobGauges = app.state.job_gauges
    try:
        async with app.state.open_session() as db:
            counts = await jobs.job_counts(db)
            workers = await jobs.worker_summary(
                db, check_in_interval_s=app.state.settings.reaper_interval_s
            )
        depth = await asyncio.to_thread(app.state.queue.depth)
    except Exception:
        return
    for status, count in counts.items():
        gauges.jobs.labels(status).set(count)
    gauges.queue_depth.set(depth)
    gauges.workers.labels("live").set(workers.threads)
    gauges.workers.labels("busy").set(workers.busy)


class Liveness(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: list[dict[str, object]]


@router.get("/healthz", name="liveness")
async def healthz() -> Liveness:
    """The process is up. Does not touch the database."""
    return Liveness(status="ok")


@router.get("/readyz", name="readiness", responses={503: {"model": Readiness}})
async def readyz(request: Request, settings: AppSettings) -> JSONResponse:
    """Database, Redis (when configured) and artifact storage are reachable."""
    checks: list[CheckResult] = [
        await check_database(request.app.state.engine),
        await check_redis(settings.redis_url),
    ]
    storage = settings.resolved_storage_url
    if "://" not in storage or storage.startswith("file://"):
        checks.append(check_local_directory("storage", Path(storage.removeprefix("file://"))))
    ready = all(check.ok for check in checks)
    body = Readiness(
        status="ok" if ready else "unavailable",
        checks=[{"name": c.name, "ok": c.ok, "detail": c.detail} for c in checks],
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get("/metrics", name="metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    """Prometheus text format: requests by route template, jobs by status, queue depth."""
    await refresh_job_metrics(request.app)
    await refresh_deployment_metrics(request.app)
    return Response(
        generate_latest(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST
    )
