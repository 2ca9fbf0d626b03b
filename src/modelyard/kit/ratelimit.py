"""Rate limits with the `limits` library: in memory by default, Redis when configured.

When Redis is unreachable the limiter lets requests through and logs it: losing Redis
degrades protection, it never takes the API down.
"""

from __future__ import annotations

import math
import time

import structlog
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from modelyard.kit.errors import RateLimited

log = structlog.get_logger(__name__)


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        self.storage: Storage = (
            RedisStorage(
                redis_url.replace("redis://", "async+redis://", 1),
                implementation="redispy",
                socket_connect_timeout=1,
                socket_timeout=1,
            )
            if redis_url
            else MemoryStorage()
        )
        self.strategy = MovingWindowRateLimiter(self.storage)

    async def hit(self, limit: str, *identifiers: str) -> None:
        """Count one request; raise RateLimited (with Retry-After) once over the limit."""
        item = parse(limit)
        try:
            allowed = await self.strategy.hit(item, *identifiers)
        except Exception as error:
            log.warning("rate_limit_storage_unavailable", error=str(error))
            return
        if not allowed:
            await self._refuse(item, identifiers)

    async def check(self, limit: str, *identifiers: str) -> None:
        """Refuse when the limit is already used up, without counting this request."""
        item = parse(limit)
        try:
            allowed = await self.strategy.test(item, *identifiers)
        except Exception as error:
            log.warning("rate_limit_storage_unavailable", error=str(error))
            return
        if not allowed:
            await self._refuse(item, identifiers)

    async def _refuse(self, item: RateLimitItem, identifiers: tuple[str, ...]) -> None:
        stats = await self.strategy.get_window_stats(item, *identifiers)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise RateLimited(headers={"Retry-After": str(retry_after)})

    async def reset(self) -> None:
        await self.storage.reset()

    async def aclose(self) -> None:
        """Close the Redis connection pool, if any (the memory storage holds nothing)."""
        bridge = getattr(self.storage, "bridge", None)
        client = getattr(bridge, "storage", None)
        if client is not None:
            await client.aclose()
