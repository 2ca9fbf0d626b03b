"""Test fixtures: real SQLite and PostgreSQL, one rolled-back transaction per test.

Every test that takes `db` (directly or through `client`) runs once per database.
With CI=true a missing PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from fastapi import FastAPI, Request
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from modelyard import migrations
from modelyard.app import create_app, shutdown
from modelyard.kit.db import create_engine
from modelyard.kit.dependencies import get_db
from modelyard.kit.tasks import dispatch_after_commit
from modelyard.settings import Settings

POSTGRES_URL = os.environ.get(
    "MODELYARD_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATASETS = REPO_ROOT.parent / "shared" / "datasets"


def _postgres_reachable() -> bool:
    async def probe() -> None:
        engine = create_engine(POSTGRES_URL)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    try:
        asyncio.run(probe())
    except Exception:
        return False
    return True


def _admin_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg", "postgresql", 1).rsplit("/", 1)[0] + "/postgres"


def _private_postgres_database() -> str:
    """A database of this test run's own on the configured server, so runs never collide.

    Falls back to the configured database (emptied first) when we may not create one.
    """
    name = f"modelyard_test_{os.getpid()}"

    async def create() -> None:
        connection = await asyncpg.connect(_admin_dsn(POSTGRES_URL))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    try:
        asyncio.run(create())
    except (OSError, asyncpg.PostgresError):
        _reset_postgres()
        return POSTGRES_URL
    atexit.register(_drop_database, name)
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_database(name: str) -> None:
    async def drop() -> None:
        connection = await asyncpg.connect(_admin_dsn(POSTGRES_URL))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    with contextlib.suppress(Exception):
        asyncio.run(drop())


def _reset_postgres() -> None:
    async def reset() -> None:
        engine = create_engine(POSTGRES_URL)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(reset())


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        if not _postgres_reachable():
            if IN_CI:
                pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL} (CI=true)")
            pytest.skip("PostgreSQL is not reachable")
        url = _private_postgres_database()
    migrations.upgrade(url)
    return url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test; commits are savepoints."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        database_url=database_url,
        log_json=True,
        log_level="WARNING",
        task_mode="immediate",
    )


_open_apps: list[FastAPI] = []


def make_test_app(settings: Settings, db: AsyncSession) -> FastAPI:
    """An app whose requests run in the test's transaction; closed after the test."""
    app = create_app(settings)
    _open_apps.append(app)

    async def test_session(request: Request) -> AsyncIterator[AsyncSession]:
        # Each request runs in a savepoint: a failed request rolls back its own writes
        # (and expires only the objects it touched), like a real request's transaction.
        nested = await db.begin_nested()
        try:
            yield db
        except BaseException:
            if nested.is_active:
                await nested.rollback()
            raise
        if nested.is_active:
            await nested.commit()
        await dispatch_after_commit(request)

    # Jobs run here in `immediate` mode; their handler and heartbeat share the test's one
    # session, so they take turns (a timeout instead of a hang if a handler ever nests them).
    turn = asyncio.Lock()

    @asynccontextmanager
    async def task_session() -> AsyncIterator[AsyncSession]:
        await asyncio.wait_for(turn.acquire(), timeout=60)
        try:
            async with db.begin_nested():
                yield db
        finally:
            turn.release()

    app.dependency_overrides[get_db] = test_session
    app.state.open_session = task_session
    return app


@pytest.fixture(autouse=True)
async def _close_test_apps() -> AsyncIterator[None]:
    yield
    while _open_apps:
        await shutdown(_open_apps.pop())


@pytest.fixture
def app(settings: Settings, db: AsyncSession) -> FastAPI:
    return make_test_app(settings, db)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def shared_datasets() -> Iterator[Path]:
    if not SHARED_DATASETS.exists():
        pytest.skip("../shared/datasets is not beside the repository")
    return SHARED_DATASETS
