"""With Redis, a job's event stream on one replica wakes as soon as a worker announces events."""

from __future__ import annotations

import asyncio
import time

import pytest
import uvicorn
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit import live
from modelyard.kit.live import JobEventPublisher
from modelyard.settings import Settings
from modelyard.worker import repository as jobs
from modelyard.worker import service as job_service
from tests.conftest import make_test_app
from tests.factories import Team, bearer, make_api_key, make_team
from tests.live import free_port

SHARED_REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def replica(settings: Settings, db: AsyncSession) -> FastAPI:
    return make_test_app(settings.model_copy(update={"redis_url": SHARED_REDIS}), db)


async def test_stream_wakes_on_publish_not_on_the_poll(replica: FastAPI, db: AsyncSession) -> None:
    team: Team = await make_team(db)
    headers = bearer(await make_api_key(db, team.users["member"]))
    job = await job_service.create_job(
        db, workspace_id=team.workspace.id, kind="training", payload={}, created_by=None
    )
    url = f"/api/v1/workspaces/{team.workspace.id}/training-jobs/{job.id}/events"
    received: list[tuple[float, str]] = []

    # A real HTTP server: the ASGI test transport would buffer the whole stream.
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(replica, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        assert not serving.done(), "the server did not start"
        await asyncio.sleep(0.02)

    async def follow() -> None:
        async with (
            AsyncClient(base_url=f"http://127.0.0.1:{port}") as client,
            client.stream("GET", url, headers=headers) as stream,
        ):
            async for line in stream.aiter_lines():
                if line.startswith("event: "):
                    received.append((time.monotonic(), line.removeprefix("event: ")))

    following = asyncio.create_task(follow())
    listener = replica.state.job_events
    deadline = time.monotonic() + 10
    while not (listener.connected and received):
        assert time.monotonic() < deadline, "the stream never started"
        await asyncio.sleep(0.05)

    publisher = JobEventPublisher(SHARED_REDIS)
    try:
        for status in ("running", "succeeded"):
            async with replica.state.open_session() as session:
                await jobs.add_event(session, job.id, 1, "state", {"status": status})
            sent = time.monotonic()
            await publisher.publish(job.id)
            while len(received) < (2 if status == "running" else 3):
                assert time.monotonic() - sent < 1.0 < live.POLL_WITH_REDIS_S, received
                await asyncio.sleep(0.02)
    finally:
        await publisher.aclose()
        following.cancel()
        server.should_exit = True
        await serving
    assert [kind for _, kind in received] == ["state", "state", "state"]
