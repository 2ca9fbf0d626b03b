"""All SQL for jobs and their events. Every write of a worker carries its attempt number."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import Job, JobEvent, Worker

TERMINAL = ("succeeded", "failed", "cancelled")


async def get_job(session: AsyncSession, workspace_id: str, job_id: str) -> Job | None:
    statement = select(Job).where(Job.id == job_id, Job.workspace_id == workspace_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def get_job_for_worker(session: AsyncSession, job_id: str) -> Job | None:
    """Unscoped: only workers, which receive ids the platform created, use this."""
    return await session.get(Job, job_id, populate_existing=True)


async def list_jobs(
    session: AsyncSession, workspace_id: str, kind: str, page: PageRequest
) -> Sequence[Job]:
    statement = select(Job).where(Job.workspace_id == workspace_id, Job.kind == kind)
    return (await session.execute(paginate(statement, Job.id, page))).scalars().all()


async def claim(
    session: AsyncSession, job_id: str, owner: str, now: datetime, lease_until: datetime
) -> int | None:
    """Take the job's lease if it is queued or its lease expired; the new attempt, or None."""
    claimable = or_(
        Job.status == "queued",
        and_(Job.status == "running", Job.lease_expires_at < now),
    )
    statement = (
        update(Job)
        .where(
            Job.id == job_id,
            claimable,
            Job.attempt < Job.max_attempts,
            Job.cancel_requested_at.is_(None),
        )
        .values(
            status="running",
            attempt=Job.attempt + 1,
            lease_owner=owner,
            lease_expires_at=lease_until,
            heartbeat_at=now,
            started_at=func.coalesce(Job.started_at, now),
            updated_at=now,
        )
        .returning(Job.attempt)
    )
    attempt = (await session.execute(statement)).scalar_one_or_none()
    return None if attempt is None else int(attempt)


async def update_if_current(
    session: AsyncSession, job_id: str, attempt: int, **values: Any
) -> bool:
    """Write only while this attempt still holds the running job; False when it lost it."""
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.attempt == attempt, Job.status == "running")
        .values(**values)
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def add_event(
    session: AsyncSession, job_id: str, attempt: int, kind: str, data: dict[str, Any]
) -> None:
    session.add(JobEvent(job_id=job_id, attempt=attempt, type=kind, data=data))
    await session.flush()


async def events_after(
    session: AsyncSession, job_id: str, after_id: int, limit: int = 500
) -> Sequence[JobEvent]:
    statement = (
        select(JobEvent)
        .where(JobEvent.job_id == job_id, JobEvent.id > after_id)
        .order_by(JobEvent.id)
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def expired_leases(session: AsyncSession, now: datetime) -> Sequence[Job]:
    statement = select(Job).where(Job.status == "running", Job.lease_expires_at < now)
    return (await session.execute(statement)).scalars().all()


async def stale_queued(session: AsyncSession, before: datetime) -> Sequence[Job]:
    """Queued jobs nobody claimed for a while: their queue message may be lost."""
    statement = select(Job).where(Job.status == "queued", Job.updated_at < before)
    return (await session.execute(statement)).scalars().all()


async def count_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Job.status, func.count()).group_by(Job.status))
    return {status: int(count) for status, count in rows.all()}


async def count_live_lease_owners(session: AsyncSession, now: datetime) -> int:
    statement = select(func.count(func.distinct(Job.lease_owner))).where(
        Job.status == "running", Job.lease_expires_at > now
    )
    return int((await session.execute(statement)).scalar_one())


async def check_in_worker(
    session: AsyncSession,
    worker_id: str,
    *,
    hostname: str,
    pid: int,
    concurrency: int,
    now: datetime,
) -> None:
    worker = await session.get(Worker, worker_id)
    if worker is None:
        session.add(
            Worker(
                id=worker_id,
                hostname=hostname,
                pid=pid,
                concurrency=concurrency,
                started_at=now,
                last_seen_at=now,
            )
        )
    else:
        worker.last_seen_at = now
    await session.flush()


async def remove_worker(session: AsyncSession, worker_id: str) -> None:
    await session.execute(delete(Worker).where(Worker.id == worker_id))


async def live_workers(session: AsyncSession, seen_after: datetime) -> Sequence[Worker]:
    statement = select(Worker).where(Worker.last_seen_at > seen_after).order_by(Worker.id)
    return (await session.execute(statement)).scalars().all()


async def forget_workers(session: AsyncSession, seen_before: datetime) -> int:
    result = await session.execute(delete(Worker).where(Worker.last_seen_at < seen_before))
    return int(result.rowcount)  # type: ignore[attr-defined]
