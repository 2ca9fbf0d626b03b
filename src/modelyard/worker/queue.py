"""The Huey queue: SQLite in the data directory by default, Redis when configured.

Messages carry only a job id. The queue may deliver a message twice or lose it with a
killed worker; the jobs table and its leases make that harmless (see leases.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper

from modelyard.settings import Settings

_handler: Callable[[str], None] | None = None


def set_job_handler(handler: Callable[[str], None]) -> None:
    """Install what `run_job` does in this process (only worker processes do)."""
    global _handler
    _handler = handler


def run_job(job_id: str) -> None:
    """The one queued task. Producers and consumers register this same function."""
    if _handler is None:
        raise RuntimeError("No job handler in this process; run `modelyard worker`.")
    _handler(job_id)


@dataclass(frozen=True)
class JobQueue:
    huey: Huey
    run_job: TaskWrapper

    async def enqueue(self, job_id: str) -> None:
        """Send a job id to the workers (in a thread: the queue storages block)."""
        await asyncio.to_thread(self.huey.enqueue, self.run_job.s(job_id))

    def depth(self) -> int:
        return int(self.huey.pending_count())


def create_queue(settings: Settings) -> JobQueue:
    if settings.redis_url:
        huey: Huey = RedisHuey("modelyard", url=settings.redis_url, results=False)
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey("modelyard", filename=str(settings.data_dir / "queue.db"), results=False)
    return JobQueue(huey=huey, run_job=huey.task(name="run_job", retries=0)(run_job))
