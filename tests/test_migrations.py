"""Alembic is the only way the schema changes: round trip and no drift, on both databases."""

from __future__ import annotations

import asyncio

from sqlalchemy import inspect

from modelyard import migrations
from modelyard.kit.db import create_engine
from modelyard.models import Base


def _tables(url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        await engine.dispose()
        return names

    return asyncio.run(read())


def test_upgrade_downgrade_upgrade_and_no_drift(database_url: str) -> None:
    migrations.check(database_url)
    migrations.downgrade(database_url, "base")
    assert _tables(database_url) <= {"alembic_version"}
    migrations.upgrade(database_url)
    assert set(Base.metadata.tables) <= _tables(database_url)
    migrations.check(database_url)
