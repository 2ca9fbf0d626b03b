"""All SQL for identity: users, sessions, API keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.pagination import PageRequest, paginate
from modelyard.models import ApiKey, User, UserSession


async def get_user(session: AsyncSession, user_id: str) -> User | None:
    return await session.get(User, user_id)


async def count_users(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(User))).scalar_one())


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    statement = select(User).where(func.lower(User.email) == email.lower())
    return (await session.execute(statement)).scalar_one_or_none()


async def get_session_by_token_hash(
    session: AsyncSession, token_hash: str
) -> tuple[UserSession, User] | None:
    statement = (
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash)
    )
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def list_active_sessions(
    session: AsyncSession, user_id: str, now: datetime
) -> Sequence[UserSession]:
    statement = (
        select(UserSession)
        .where(
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
        )
        .order_by(UserSession.id.desc())
    )
    return (await session.execute(statement)).scalars().all()


async def get_user_session(
    session: AsyncSession, user_id: str, session_id: str
) -> UserSession | None:
    statement = select(UserSession).where(
        UserSession.id == session_id, UserSession.user_id == user_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def revoke_user_sessions(
    session: AsyncSession, user_id: str, now: datetime, *, except_id: str | None = None
) -> None:
    statement = (
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    if except_id is not None:
        statement = statement.where(UserSession.id != except_id)
    await session.execute(statement)


async def get_api_key_by_prefix(session: AsyncSession, prefix: str) -> tuple[ApiKey, User] | None:
    statement = (
        select(ApiKey, User).join(User, User.id == ApiKey.user_id).where(ApiKey.prefix == prefix)
    )
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else (row[0], row[1])


async def list_api_keys(session: AsyncSession, user_id: str, page: PageRequest) -> Sequence[ApiKey]:
    statement = select(ApiKey).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
    return (await session.execute(paginate(statement, ApiKey.id, page))).scalars().all()


async def list_deployment_keys(
    session: AsyncSession, deployment_id: str, page: PageRequest
) -> Sequence[tuple[ApiKey, User]]:
    statement = (
        select(ApiKey, User)
        .join(User, User.id == ApiKey.user_id)
        .where(ApiKey.deployment_id == deployment_id, ApiKey.revoked_at.is_(None))
    )
    rows = await session.execute(paginate(statement, ApiKey.id, page))
    return [(key, user) for key, user in rows.all()]


async def get_deployment_key(
    session: AsyncSession, deployment_id: str, api_key_id: str
) -> ApiKey | None:
    statement = select(ApiKey).where(
        ApiKey.id == api_key_id,
        ApiKey.deployment_id == deployment_id,
        ApiKey.revoked_at.is_(None),
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_api_key(session: AsyncSession, user_id: str, api_key_id: str) -> ApiKey | None:
    statement = select(ApiKey).where(
        ApiKey.id == api_key_id, ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def revoke_api_keys(session: AsyncSession, user_id: str, now: datetime) -> None:
    await session.execute(
        update(ApiKey)
        .where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=now)
    )
