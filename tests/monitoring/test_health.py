from __future__ import annotations

from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.settings import Settings
from tests.conftest import make_test_app


async def test_liveness(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_readiness_checks_database_and_storage(client: AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    names = {check["name"]: check["ok"] for check in response.json()["checks"]}
    assert names == {"database": True, "redis": True, "storage": True}


async def test_readiness_fails_when_redis_is_unreachable(
    settings: Settings, db: AsyncSession
) -> None:
    app = make_test_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"}), db)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    failing = [c for c in response.json()["checks"] if not c["ok"]]
    assert [c["name"] for c in failing] == ["redis"]


async def test_readiness_fails_when_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from modelyard.app import create_app, shutdown

    settings = Settings(
        data_dir=tmp_path, database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none"
    )
    app = create_app(settings)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    await shutdown(app)


async def test_metrics_by_route_template(client: AsyncClient) -> None:
    await client.get("/api/v1/workspaces/ws_123")
    body = (await client.get("/metrics")).text
    assert 'route="/api/v1/workspaces/{workspace_id}"' in body
    assert "modelyard_http_request_duration_seconds_bucket" in body


async def test_metrics_count_jobs_by_status(client: AsyncClient) -> None:
    body = (await client.get("/metrics")).text
    assert 'modelyard_jobs{status="queued"} 0.0' in body
    assert "modelyard_queue_depth 0.0" in body
