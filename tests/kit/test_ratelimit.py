"""Rate limits on real storages: memory, the machine's Redis, and an unreachable Redis."""

from __future__ import annotations

import os
import uuid

import pytest
from httpx import AsyncClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.errors import RateLimited
from modelyard.kit.ratelimit import RateLimiter
from modelyard.settings import Settings
from tests.conftest import IN_CI, make_test_app
from tests.factories import bearer, make_api_key, make_user

REDIS_URL = os.environ.get("MODELYARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


async def _redis_available() -> bool:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except Exception:
        return False
    finally:
        await client.aclose()
    return True


async def test_memory_limiter_refuses_with_retry_after() -> None:
    limiter = RateLimiter()
    for _ in range(3):
        await limiter.hit("3/minute", "k")
    with pytest.raises(RateLimited) as caught:
        await limiter.hit("3/minute", "k")
    assert int(caught.value.headers["Retry-After"]) >= 1
    await limiter.check("3/minute", "other")


async def test_redis_limiter_shares_counts_between_instances() -> None:
    if not await _redis_available():
        if IN_CI:
            pytest.fail("Redis is not reachable (CI=true)")
        pytest.skip("Redis is not reachable")
    key = uuid.uuid4().hex
    first, second = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
    await first.hit("2/minute", key)
    await second.hit("2/minute", key)
    with pytest.raises(RateLimited):
        await first.check("2/minute", key)
    await first.aclose()
    await second.aclose()


async def test_unreachable_redis_degrades_open() -> None:
    limiter = RateLimiter("redis://127.0.0.1:1/0")
    for _ in range(5):
        await limiter.hit("1/minute", "k")
    await limiter.check("1/minute", "k")
    await limiter.aclose()


async def test_failed_logins_are_limited_per_address(settings: Settings, db: AsyncSession) -> None:
    from httpx import ASGITransport

    app = make_test_app(settings.model_copy(update={"login_rate_limit": "5/minute"}), db)
    user = await make_user(db)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        statuses = [
            (
                await client.post(
                    "/api/v1/auth/login", json={"email": user.email, "password": "wrong wrong"}
                )
            ).status_code
            for _ in range(6)
        ]
        assert statuses[:5] == [401] * 5
        assert statuses[5] == 429
        limited = await client.post(
            "/api/v1/auth/login", json={"email": "ghost@example.com", "password": "x"}
        )
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["code"] == "rate_limited"


async def test_api_key_rate_limit(settings: Settings, db: AsyncSession) -> None:
    from httpx import ASGITransport

    app = make_test_app(settings.model_copy(update={"api_key_rate_limit": "3/minute"}), db)
    key = await make_api_key(db, await make_user(db))
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        statuses = [
            (await client.get("/api/v1/users/me", headers=bearer(key))).status_code
            for _ in range(4)
        ]
    assert statuses == [200, 200, 200, 429]
