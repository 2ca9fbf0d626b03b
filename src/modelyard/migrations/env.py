"""Alembic environment: async engines for SQLite and PostgreSQL, batch mode for SQLite."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from modelyard.kit.db import create_engine
from modelyard.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    asyncio.run(_run_async(config.attributes["database_url"]))


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run 'modelyard migrate'.")
run_migrations_online()
