"""Running one job under a lease: claim, heartbeat, events, cancellation, completion.

A worker claims the job (which increments `attempt`), then renews the lease every
heartbeat while the job's handler works. Progress and events written by the handler are
flushed by the heartbeat loop; each write names the attempt, so a worker that lost its
lease (the reaper gave the job to another) can no longer change anything.
"""

from __future__ import annotations

import asyncio
import os
import queue
import socket
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.clock import utcnow
from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.kit.live import JobEventPublisher
from modelyard.kit.tasks import OpenSession
from modelyard.settings import Settings
from modelyard.storage import ArtifactStore, open_store
from modelyard.worker import repository

log = structlog.get_logger(__name__)

EVENT_FLUSH_S = 0.2
JobHandler = Callable[["JobRun"], Coroutine[Any, Any, None]]
_HANDLERS: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(handler: JobHandler) -> JobHandler:
        _HANDLERS[kind] = handler
        return handler

    return register


class LeaseLost(Exception):
    """Another attempt owns the job now; this one must stop without writing."""


class JobCancelled(Exception):
    """The user asked to cancel; the handler stopped cooperatively."""


class JobFailed(Exception):
    """A failure the user can act on, with a stable code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class JobRun:
    """What a handler sees of its job. `emit` and `should_stop` are safe from any thread."""

    job_id: str
    attempt: int
    kind: str
    workspace_id: str
    created_by: str | None
    payload: dict[str, Any]
    open_session: OpenSession
    store: ArtifactStore
    settings: Settings
    stop: threading.Event = field(default_factory=threading.Event)
    cancel_requested: threading.Event = field(default_factory=threading.Event)
    _events: queue.SimpleQueue[tuple[str, dict[str, Any]]] = field(
        default_factory=queue.SimpleQueue
    )
    _progress: dict[str, Any] = field(default_factory=dict)

    @property
    def artifact_prefix(self) -> str:
        return f"jobs/{self.job_id}/attempt-{self.attempt}/"

    def emit(self, kind: str, data: dict[str, Any]) -> None:
        self._events.put((kind, data))

    def set_progress(self, **values: Any) -> None:
        self._progress.update(values)

    def has_events(self) -> bool:
        return not self._events.empty()

    def has_pending(self) -> bool:
        return bool(self._progress) or self.has_events()

    def should_stop(self) -> bool:
        return self.stop.is_set()

    async def complete(self, session: AsyncSession, result: dict[str, Any]) -> None:
        """Mark success inside the handler's final transaction; refused for a stale attempt."""
        if not await self.flush(session):
            raise LeaseLost()
        now = utcnow()
        done = await repository.update_if_current(
            session,
            self.job_id,
            self.attempt,
            status="succeeded",
            result=result,
            progress=1.0,
            progress_message="Finished",
            finished_at=now,
            lease_expires_at=None,
            updated_at=now,
        )
        if not done:
            raise LeaseLost()
        await repository.add_event(
            session, self.job_id, self.attempt, "state", {"status": "succeeded", **result}
        )

    async def flush(self, session: AsyncSession) -> bool:
        """Write pending events and progress; False when the lease was lost."""
        values: dict[str, Any] = {"heartbeat_at": utcnow(), "updated_at": utcnow()}
        values["lease_expires_at"] = utcnow() + timedelta(seconds=self.settings.job_lease_s)
        values.update(self._progress)
        self._progress = {}
        if not await repository.update_if_current(session, self.job_id, self.attempt, **values):
            return False
        while not self._events.empty():
            kind, data = self._events.get()
            await repository.add_event(session, self.job_id, self.attempt, kind, data)
        return True


def process_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_identity() -> str:
    return f"{process_identity()}:{threading.get_ident()}"


async def execute_job(settings: Settings, job_id: str) -> None:
    """Claim and run one job to its end; do nothing when it is not claimable."""
    engine = create_engine(settings.resolved_database_url)
    sessionmaker = create_sessionmaker(engine)
    store = open_store(settings.resolved_storage_url, **settings.storage_options)
    try:
        await execute_job_with(settings, job_id, lambda: session_scope(sessionmaker), store)
    finally:
        await engine.dispose()


async def execute_job_with(
    settings: Settings, job_id: str, open_session: OpenSession, store: ArtifactStore
) -> None:
    """Claim and run one job with the caller's sessions and store (the API's, in `immediate`)."""
    now = utcnow()
    async with open_session() as db:
        attempt = await repository.claim(
            db, job_id, worker_identity(), now, now + timedelta(seconds=settings.job_lease_s)
        )
        if attempt is None:
            return
        job = await repository.get_job_for_worker(db, job_id)
        assert job is not None
        run = JobRun(
            job_id=job.id,
            attempt=attempt,
            kind=job.kind,
            workspace_id=job.workspace_id,
            created_by=job.created_by,
            payload=dict(job.payload),
            open_session=open_session,
            store=store,
            settings=settings,
        )
        await repository.add_event(
            db, job.id, attempt, "state", {"status": "running", "attempt": attempt}
        )
    log.info("job_started", job_id=job_id, kind=run.kind, attempt=attempt)
    publisher = JobEventPublisher(settings.redis_url)
    try:
        await publisher.publish(job_id)
        work = asyncio.create_task(_HANDLERS[run.kind](run))
        await _supervise(run, work, publisher)
        await _finish(run, work)
        await publisher.publish(job_id)
    finally:
        await publisher.aclose()


async def _supervise(run: JobRun, work: asyncio.Task[None], publisher: JobEventPublisher) -> None:
    """Heartbeat: renew the lease, flush events, notice cancellation, until the work ends.

    Events are flushed within EVENT_FLUSH_S of being emitted and announced to the streams
    once committed, so live progress is prompt; the lease renewal and the cancel check run
    every heartbeat.
    """
    last_beat = time.monotonic()
    while not work.done():
        await asyncio.wait({work}, timeout=EVENT_FLUSH_S)
        beat_due = time.monotonic() - last_beat >= run.settings.job_heartbeat_s
        events_pending = run.has_events()
        if not (beat_due or run.has_pending()):
            continue
        try:
            async with run.open_session() as db:
                if not await run.flush(db):
                    run.stop.set()
                    return
                if beat_due:
                    last_beat = time.monotonic()
                    job = await repository.get_job_for_worker(db, run.job_id)
                    if job is not None and job.cancel_requested_at is not None:
                        run.cancel_requested.set()
                        run.stop.set()
            if events_pending:
                await publisher.publish(run.job_id)
        except Exception:
            log.warning("heartbeat_failed", job_id=run.job_id, exc_info=True)


async def _finish(run: JobRun, work: asyncio.Task[None]) -> None:
    try:
        await work
    except LeaseLost:
        log.warning("job_lease_lost", job_id=run.job_id, attempt=run.attempt)
        return
    except JobCancelled:
        await _end(run, "cancelled", None, "Cancelled on request.")
        return
    except JobFailed as failure:
        await _end(run, "failed", failure.code, failure.message)
        return
    except Exception as error:
        log.exception("job_crashed", job_id=run.job_id)
        await _end(run, "failed", "internal_error", f"{type(error).__name__}: {error}"[:2000])
        return
    await asyncio.to_thread(_remove_other_attempts, run)
    log.info("job_finished", job_id=run.job_id, attempt=run.attempt)


def _remove_other_attempts(run: JobRun) -> None:
    """Files of dead attempts of a job that succeeded are garbage."""
    for info in run.store.list(f"jobs/{run.job_id}/"):
        if not info.key.startswith(run.artifact_prefix):
            run.store.delete(info.key)


async def _end(run: JobRun, status: str, code: str | None, message: str) -> None:
    now = utcnow()
    async with run.open_session() as db:
        await run.flush(db)
        ended = await repository.update_if_current(
            db,
            run.job_id,
            run.attempt,
            status=status,
            error_code=code,
            error_message=message,
            finished_at=now,
            lease_expires_at=None,
            updated_at=now,
        )
        if ended:
            await repository.add_event(
                db,
                run.job_id,
                run.attempt,
                "state",
                {"status": status, "code": code, "message": message},
            )


def run_job_blocking(settings: Settings, job_id: str) -> None:
    """The queue task's body in a worker thread."""
    asyncio.run(execute_job(settings, job_id))
