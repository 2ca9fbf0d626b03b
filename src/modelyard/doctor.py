"""`modelyard doctor`: what is configured, what is reachable, and how to fix what is not."""

from __future__ import annotations

import platform
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from modelyard import __version__
from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.monitoring.health import (
    CheckResult,
    check_database,
    check_local_directory,
    check_redis,
)
from modelyard.settings import Settings
from modelyard.worker import service as jobs
from modelyard.worker.queue import create_queue

LIBRARIES = (
    "fastapi",
    "sqlalchemy",
    "polars",
    "scikit-learn",
    "lightgbm",
    "xgboost",
    "onnxruntime",
)


async def run_doctor(settings: Settings, echo: Callable[[str], object]) -> bool:
    echo(f"Modelyard {__version__}, Python {platform.python_version()}")
    echo("  " + ", ".join(f"{name} {version(name)}" for name in LIBRARIES))
    echo(f"Data directory: {settings.data_dir.resolve()}")
    engine = create_engine(settings.resolved_database_url)
    try:
        checks = [
            await check_database(engine),
            await _check_schema(engine),
            await check_redis(settings.redis_url),
            _check_storage(settings),
            _check_secret(settings),
            await _check_jobs(engine, settings),
        ]
    finally:
        await engine.dispose()
    for check in checks:
        mark = "ok " if check.ok else "FAIL"
        echo(f"[{mark}] {check.name}: {check.detail}")
        if not check.ok and check.hint:
            echo(f"       fix: {check.hint}")
    return all(check.ok for check in checks)


async def _check_schema(engine: object) -> CheckResult:
    from sqlalchemy.ext.asyncio import AsyncEngine

    assert isinstance(engine, AsyncEngine)
    try:
        async with engine.connect() as connection:
            revision = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
    except Exception:
        return CheckResult("schema", False, "not migrated", "Run 'modelyard migrate'.")
    return CheckResult("schema", True, f"revision {revision}")


async def _check_jobs(engine: AsyncEngine, settings: Settings) -> CheckResult:
    try:
        async with session_scope(create_sessionmaker(engine)) as db:
            counts = await jobs.job_counts(db)
            workers = await jobs.worker_summary(db, check_in_interval_s=settings.reaper_interval_s)
        depth = create_queue(settings).depth()
    except Exception as error:
        return CheckResult(
            "jobs",
            False,
            f"{type(error).__name__}: {error}",
            "Run 'modelyard migrate', then check the queue backend.",
        )
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    return CheckResult(
        "jobs",
        True,
        f"queue depth {depth}; {workers.processes} worker process(es) live with "
        f"{workers.threads} thread(s), {workers.busy} busy; jobs: {summary}",
    )


def _check_storage(settings: Settings) -> CheckResult:
    url = settings.resolved_storage_url
    if "://" in url and not url.startswith("file://"):
        return CheckResult("storage", True, f"{url} (remote; checked on first use)")
    return check_local_directory("storage", Path(url.removeprefix("file://")))


def _check_secret(settings: Settings) -> CheckResult:
    if settings.secret_key is not None:
        return CheckResult("secret key", True, "from MODELYARD_SECRET_KEY")
    if settings.environment == "production":
        return CheckResult(
            "secret key",
            False,
            "generated in the data directory",
            "Set MODELYARD_SECRET_KEY so every replica shares one secret.",
        )
    return CheckResult("secret key", True, "generated and kept in the data directory")
