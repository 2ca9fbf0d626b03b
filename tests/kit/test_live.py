"""Live job updates: Redis pub/sub wakes waiting streams at once; without Redis they poll."""

from __future__ import annotations

import asyncio
import time

from modelyard.kit import live
from modelyard.kit.live import JobEventListener, JobEventPublisher
from tests.worker.test_redis_outage import redis_port, start_redis

__all__ = ["redis_port"]
SHARED_REDIS = "redis://127.0.0.1:6379/0"


async def _connected(listener: JobEventListener, job_id: str) -> None:
    deadline = time.monotonic() + 10
    while not listener.connected:
        assert time.monotonic() < deadline, "the listener never subscribed"
        await listener.wait(job_id)


async def _timed_wait(listener: JobEventListener, job_id: str) -> float:
    started = time.monotonic()
    await listener.wait(job_id)
    return time.monotonic() - started


async def test_a_publish_wakes_the_streams_of_that_job_only() -> None:
    listener = JobEventListener(SHARED_REDIS)
    publisher = JobEventPublisher(SHARED_REDIS)
    try:
        await _connected(listener, "job_a")
        woken = asyncio.create_task(_timed_wait(listener, "job_a"))
        other = asyncio.create_task(_timed_wait(listener, "job_b"))
        await asyncio.sleep(0.1)
        await publisher.publish("job_a")

        assert await woken < 1.0 < live.POLL_WITH_REDIS_S
        assert not other.done()
        other.cancel()
    finally:
        await publisher.aclose()
        await listener.aclose()


async def test_without_redis_streams_poll_quickly() -> None:
    listener = JobEventListener(None)
    await JobEventPublisher(None).publish("job_a")  # a no-op, never an error

    elapsed = await _timed_wait(listener, "job_a")

    assert live.POLL_WITHOUT_REDIS_S * 0.8 <= elapsed < 1.0 and not listener.connected


async def test_losing_redis_falls_back_to_polling_and_recovers(redis_port: int) -> None:
    url = f"redis://127.0.0.1:{redis_port}/0"
    server = start_redis(redis_port)
    listener = JobEventListener(url)
    publisher = JobEventPublisher(url)
    try:
        await _connected(listener, "job_a")
        server.terminate()
        server.wait(10)
        waiting = asyncio.create_task(_timed_wait(listener, "job_a"))

        assert await waiting < 2.0  # woken by the listener's loss, not left for 5 s
        assert not listener.connected
        await publisher.publish("job_a")  # Redis is down: swallowed
        assert await _timed_wait(listener, "job_a") < 1.0

        server = start_redis(redis_port)
        await _connected(listener, "job_a")
        woken = asyncio.create_task(_timed_wait(listener, "job_a"))
        await asyncio.sleep(0.1)
        await publisher.publish("job_a")
        assert await woken < 1.0
    finally:
        await publisher.aclose()
        await listener.aclose()
        server.terminate()
        server.wait(10)
