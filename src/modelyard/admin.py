"""Operator actions run from the CLI, each in its own unit of work."""

from __future__ import annotations

from modelyard.auth import service as auth
from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.settings import Settings


async def create_user(
    settings: Settings, *, email: str, name: str, password: str, superuser: bool
) -> str:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            user = await auth.register_user(session, email=email, password=password, name=name)
            user.is_superuser = superuser
        return user.id
    finally:
        await engine.dispose()
