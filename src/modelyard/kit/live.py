"""Live job updates across processes: Redis pub/sub wakes the streams, the database tells them what.

A worker that wrote events for a job publishes the job's id; every `serve` replica listens on one
pattern subscription and wakes the streams following that job, which then read the new events
from the database. The message carries no data, so a lost message costs only latency: streams
also poll, quickly without Redis (or while it is down) and slowly as a safety net with it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)

CHANNEL_PREFIX = "modelyard:job-events:"
# How long a stream waits before it reads the database anyway.
POLL_WITHOUT_REDIS_S = 0.25
POLL_WITH_REDIS_S = 5.0
RECONNECT_S = 2.0
_SOCKET_TIMEOUT_S = 2.0


def _client(url: str) -> Redis:
    return Redis.from_url(
        url, socket_timeout=_SOCKET_TIMEOUT_S, socket_connect_timeout=_SOCKET_TIMEOUT_S
    )


class JobEventPublisher:
    """Used by workers: announce that a job has new events (never raises)."""

    def __init__(self, redis_url: str | None) -> None:
        self._redis = _client(redis_url) if redis_url else None

    async def publish(self, job_id: str) -> None:
        if self._redis is None:
            return
        try:
            await self._redis.publish(CHANNEL_PREFIX + job_id, b"")
        except (RedisError, OSError) as error:
            log.debug("job_event_publish_failed", job_id=job_id, error=str(error))

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()


class JobEventListener:
    """Used by `serve`: one subscription per process, fanned out to the streams waiting on a job."""

    def __init__(self, redis_url: str | None) -> None:
        self._redis_url = redis_url
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    @property
    def connected(self) -> bool:
        return self._subscribed.is_set()

    async def wait(self, job_id: str) -> None:
        """Return when the job may have new events, or when it is time to poll anyway."""
        self._ensure_started()
        timeout = POLL_WITH_REDIS_S if self.connected else POLL_WITHOUT_REDIS_S
        event = asyncio.Event()
        self._waiters[job_id].add(event)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            self._waiters[job_id].discard(event)
            if not self._waiters[job_id]:
                del self._waiters[job_id]

    def _ensure_started(self) -> None:
        if self._redis_url and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._listen_forever(self._redis_url))

    async def _listen_forever(self, url: str) -> None:
        while True:
            try:
                await self._listen(url)
            except (RedisError, OSError) as error:
                log.warning("job_event_listener_down", error=str(error))
            self._subscribed.clear()
            self._wake_all()  # streams fall back to quick polling at once
            await asyncio.sleep(RECONNECT_S)

    async def _listen(self, url: str) -> None:
        redis = Redis.from_url(url, socket_connect_timeout=_SOCKET_TIMEOUT_S)
        try:
            async with redis.pubsub() as pubsub:
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                self._subscribed.set()
                log.info("job_event_listener_up")
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self._wake(message["channel"].decode().removeprefix(CHANNEL_PREFIX))
        finally:
            await redis.aclose()

    def _wake(self, job_id: str) -> None:
        for event in self._waiters.get(job_id, ()):
            event.set()

    def _wake_all(self) -> None:
        for events in self._waiters.values():
            for event in events:
                event.set()

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
