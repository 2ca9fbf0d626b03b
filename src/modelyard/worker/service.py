"""Jobs as other domains use them: recording one, and operational views for `doctor`/`/metrics`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.models import Job
from modelyard.worker import repository

STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
# The in-process task that hands a committed job's id to the queue (worker/tasks.py).
ENQUEUE_TASK = "jobs.enqueue"
DEFAULT_MAX_ATTEMPTS = 3
# A worker that missed this many check-ins in a row is not counted as live.
LIVE_AFTER_MISSED_CHECK_INS = 3


async def job_counts(session: AsyncSession) -> dict[str, int]:
    """Jobs per status, every status present (zero when none)."""
    counts = await repository.count_by_status(session)
    return {status: counts.get(status, 0) for status in STATUSES}


async def busy_worker_count(session: AsyncSession) -> int:
    """Worker threads holding a live lease right now."""
    return await repository.count_live_lease_owners(session, utcnow())


@dataclass(frozen=True)
class WorkerSummary:
    processes: int
    threads: int
    busy: int


async def worker_summary(session: AsyncSession, *, check_in_interval_s: float) -> WorkerSummary:
    """Workers that checked in lately (busy or idle), their threads, and how many are busy."""
    seen_after = utcnow() - timedelta(seconds=check_in_interval_s * LIVE_AFTER_MISSED_CHECK_INS)
    workers = await repository.live_workers(session, seen_after)
    return WorkerSummary(
        processes=len(workers),
        threads=sum(worker.concurrency for worker in workers),
        busy=await busy_worker_count(session),
    )


async def check_in_worker(
    session: AsyncSession, worker_id: str, *, concurrency: int, check_in_interval_s: float
) -> None:
    """A worker says it is alive; workers silent for a day are forgotten."""
    now = utcnow()
    hostname, _, pid = worker_id.partition(":")
    await repository.check_in_worker(
        session, worker_id, hostname=hostname, pid=int(pid), concurrency=concurrency, now=now
    )
    await repository.forget_workers(session, now - timedelta(days=1))


async def remove_worker(session: AsyncSession, worker_id: str) -> None:
    await repository.remove_worker(session, worker_id)


async def create_job(
    session: AsyncSession,
    *,
    workspace_id: str,
    kind: str,
    payload: dict[str, Any],
    created_by: str | None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> Job:
    """Record a queued job; dispatch its id after commit with `defer(request, ENQUEUE_TASK, …)`."""
    job = Job(
        id=new_id("job"),
        workspace_id=workspace_id,
        kind=kind,
        status="queued",
        payload=payload,
        max_attempts=max_attempts,
        created_by=created_by,
    )
    session.add(job)
    await session.flush()
    await repository.add_event(session, job.id, 0, "state", {"status": "queued"})
    return job
