"""Workers check in every reaper tick: idle ones count as live, silent ones drop out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.clock import utcnow
from modelyard.models import Worker
from modelyard.worker import service as jobs

INTERVAL = 5.0


async def test_checked_in_workers_are_live_until_they_miss_check_ins(db: AsyncSession) -> None:
    await jobs.check_in_worker(db, "host-a:101", concurrency=2, check_in_interval_s=INTERVAL)
    await jobs.check_in_worker(db, "host-b:202", concurrency=1, check_in_interval_s=INTERVAL)
    await jobs.check_in_worker(db, "host-a:101", concurrency=2, check_in_interval_s=INTERVAL)

    summary = await jobs.worker_summary(db, check_in_interval_s=INTERVAL)
    assert (summary.processes, summary.threads, summary.busy) == (2, 3, 0)

    silent = await db.get(Worker, "host-b:202")
    assert silent is not None and (silent.hostname, silent.pid) == ("host-b", 202)
    silent.last_seen_at = utcnow() - timedelta(seconds=INTERVAL * 3 + 1)
    await db.flush()
    assert (await jobs.worker_summary(db, check_in_interval_s=INTERVAL)).processes == 1

    await jobs.remove_worker(db, "host-a:101")
    assert (await jobs.worker_summary(db, check_in_interval_s=INTERVAL)).processes == 0


async def test_workers_silent_for_a_day_are_forgotten(db: AsyncSession) -> None:
    db.add(
        Worker(
            id="gone:1",
            hostname="gone",
            pid=1,
            concurrency=1,
            last_seen_at=utcnow() - timedelta(days=2),
        )
    )
    await db.flush()
    await jobs.check_in_worker(db, "here:2", concurrency=1, check_in_interval_s=INTERVAL)
    db.expunge_all()
    assert await db.get(Worker, "gone:1") is None
    assert await db.get(Worker, "here:2") is not None
