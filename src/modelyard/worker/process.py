"""`modelyard worker`: a Huey consumer that runs jobs, plus the reaper loop."""

from __future__ import annotations

import asyncio
import threading

import structlog

from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.monitoring.schedule import monitor_forever
from modelyard.settings import Settings
from modelyard.worker import service as jobs
from modelyard.worker.execution import process_identity, run_job_blocking
from modelyard.worker.queue import JobQueue, create_queue, set_job_handler
from modelyard.worker.reaper import reap

log = structlog.get_logger(__name__)


def load_job_handlers() -> None:
    """Import the modules whose job handlers this worker runs."""
    from modelyard.datasets import runner as _profiling  # noqa: F401
    from modelyard.exports import runner as _exports  # noqa: F401
    from modelyard.predictions.batch import runner as _batch  # noqa: F401
    from modelyard.training import runner as _training  # noqa: F401


def run_worker(settings: Settings, concurrency: int) -> None:
    load_job_handlers()
    job_queue = create_queue(settings)
    set_job_handler(lambda job_id: run_job_blocking(settings, job_id))
    stop = threading.Event()
    worker_id = process_identity()
    reaper = threading.Thread(
        target=_reap_forever,
        args=(settings, job_queue, stop, worker_id, concurrency),
        daemon=True,
    )
    reaper.start()
    monitor = threading.Thread(target=monitor_forever, args=(settings, stop), daemon=True)
    monitor.start()
    # Poll an idle SQLite queue at least every half second (Huey's default backs off to 10 s).
    consumer = job_queue.huey.create_consumer(
        workers=concurrency, worker_type="thread", periodic=False, max_delay=0.5, backoff=1.1
    )
    log.info("worker_started", concurrency=concurrency)
    try:
        consumer.run()
    finally:
        stop.set()
        reaper.join(timeout=settings.reaper_interval_s + 5)
        asyncio.run(_sign_off(settings, worker_id))


def _reap_forever(
    settings: Settings,
    job_queue: JobQueue,
    stop: threading.Event,
    worker_id: str,
    concurrency: int,
) -> None:
    """Every tick: say this worker is alive, then reap expired leases and lost messages."""
    while True:
        try:
            asyncio.run(_check_in(settings, worker_id, concurrency))
            asyncio.run(reap_and_dispatch(settings, job_queue))
        except Exception:
            log.warning("reaper_failed", exc_info=True)
        if stop.wait(settings.reaper_interval_s):
            return


async def _check_in(settings: Settings, worker_id: str, concurrency: int) -> None:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_scope(create_sessionmaker(engine)) as db:
            await jobs.check_in_worker(
                db,
                worker_id,
                concurrency=concurrency,
                check_in_interval_s=settings.reaper_interval_s,
            )
    finally:
        await engine.dispose()


async def _sign_off(settings: Settings, worker_id: str) -> None:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_scope(create_sessionmaker(engine)) as db:
            await jobs.remove_worker(db, worker_id)
    except Exception:
        log.warning("worker_sign_off_failed", exc_info=True)
    finally:
        await engine.dispose()


async def reap_and_dispatch(settings: Settings, job_queue: JobQueue) -> list[str]:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_scope(create_sessionmaker(engine)) as db:
            again = await reap(db, requeue_after_s=settings.job_lease_s * 2)
        for job_id in again:
            await job_queue.enqueue(job_id)
        return again
    finally:
        await engine.dispose()
