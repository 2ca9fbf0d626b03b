"""Readiness checks of the parts Modelyard depends on, shared by /readyz and `modelyard doctor`."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

CHECK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    hint: str = ""


async def check_database(engine: AsyncEngine) -> CheckResult:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S), engine.connect() as connection:
            # Autocommit: no transaction, so no write lock on SQLite for a health probe.
            probe = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await probe.execute(text("SELECT 1"))
    except Exception as error:
        return CheckResult(
            "database",
            False,
            f"{type(error).__name__}: {error}",
            "Check MODELYARD_DATABASE_URL and that the database server is running.",
        )
    return CheckResult("database", True, engine.dialect.name)


async def check_redis(redis_url: str | None) -> CheckResult:
    if not redis_url:
        return CheckResult("redis", True, "not configured (embedded mode)")
    client = Redis.from_url(redis_url, socket_connect_timeout=CHECK_TIMEOUT_S)
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await client.ping()
    except Exception as error:
        return CheckResult(
            "redis",
            False,
            f"{type(error).__name__}: {error}",
            "Check MODELYARD_REDIS_URL and that Redis is running; unset it to run embedded.",
        )
    finally:
        await client.aclose()
    return CheckResult("redis", True, "ping ok")


def check_local_directory(name: str, path: Path) -> CheckResult:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return CheckResult(
            name, False, str(error), f"Make {path} writable or set MODELYARD_DATA_DIR."
        )
    if not os.access(path, os.W_OK):
        return CheckResult(name, False, f"{path} is not writable", f"Make {path} writable.")
    return CheckResult(name, True, str(path))
