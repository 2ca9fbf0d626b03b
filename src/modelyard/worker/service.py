"""Operational views of the job system, for `doctor` and `/metrics`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.clock import utcnow
from modelyard.worker import repository

STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")


async def job_counts(session: AsyncSession) -> dict[str, int]:
    """Jobs per status, every status present (zero when none)."""
    counts = await repository.count_by_status(session)
    return {status: counts.get(status, 0) for status in STATUSES}


async def live_worker_count(session: AsyncSession) -> int:
    """Workers holding a live lease right now (idle workers hold none)."""
    return await repository.count_live_lease_owners(session, utcnow())
