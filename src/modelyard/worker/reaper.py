"""The reaper: gives jobs whose worker died to another worker, or fails them for good."""

from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.clock import utcnow
from modelyard.models import Job
from modelyard.worker import repository

log = structlog.get_logger(__name__)


async def reap(session: AsyncSession, *, requeue_after_s: float) -> list[str]:
    """Requeue or fail jobs with an expired lease; return the ids to dispatch again.

    Queued jobs nobody claimed for `requeue_after_s` are dispatched again too: their queue
    message may have died with a worker.
    """
    now = utcnow()
    again: list[str] = []
    for job in await repository.expired_leases(session, now):
        exhausted = job.attempt >= job.max_attempts
        values = (
            {
                "status": "failed",
                "error_code": "worker_lost",
                "error_message": (
                    f"The worker running this job stopped responding ({job.attempt} attempts)."
                ),
                "finished_at": now,
            }
            if exhausted
            else {"status": "queued"}
        )
        statement = (
            update(Job)
            .where(Job.id == job.id, Job.status == "running", Job.attempt == job.attempt)
            .values(lease_owner=None, lease_expires_at=None, updated_at=now, **values)
        )
        if (await session.execute(statement)).rowcount:  # type: ignore[attr-defined]
            state = {"status": values["status"], "reason": "lease expired"}
            await repository.add_event(session, job.id, job.attempt, "state", state)
            log.warning("job_reaped", job_id=job.id, attempt=job.attempt, outcome=values["status"])
            if not exhausted:
                again.append(job.id)
    stale = await repository.stale_queued(session, now - timedelta(seconds=requeue_after_s))
    for job in stale:
        job.updated_at = now
        again.append(job.id)
    await session.flush()
    return again
