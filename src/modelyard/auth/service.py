"""Identity rules: registration, login, sessions, API keys, password changes.

Services flush; the request that called them commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth import repository
from modelyard.auth.errors import (
    ApiKeyNotFound,
    EmailTaken,
    SessionNotFound,
    WeakPassword,
    WrongPassword,
)
from modelyard.auth.passwords import hash_password, password_weaknesses, verify_password
from modelyard.auth.principal import ApiKeyScope, AuthMethod, Principal
from modelyard.auth.tokens import (
    api_key_prefix,
    hashes_match,
    new_api_key,
    new_csrf_token,
    new_session_token,
    token_hash,
)
from modelyard.kit.clock import utcnow
from modelyard.kit.errors import (
    InvalidApiKey,
    InvalidCredentials,
    NotAuthenticated,
    ValidationFailed,
)
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import ApiKey, User, UserSession

# Writes of "last seen" and "last used" are throttled so reads stay reads.
TOUCH_INTERVAL = timedelta(seconds=60)


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def register_user(session: AsyncSession, *, email: str, password: str, name: str) -> User:
    email = normalise_email(email)
    if problems := password_weaknesses(password, email=email):
        raise WeakPassword(problems)
    if await repository.get_user_by_email(session, email) is not None:
        raise EmailTaken()
    user = User(
        id=new_id("usr"), email=email, name=name.strip(), password_hash=hash_password(password)
    )
    session.add(user)
    await session.flush()
    return user


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User:
    """The same answer, and about the same time, for an unknown email and a wrong password."""
    user = await repository.get_user_by_email(session, normalise_email(email))
    password_hash = user.password_hash if user is not None else None
    if not verify_password(password, password_hash) or user is None or not user.is_active:
        raise InvalidCredentials()
    return user


@dataclass(frozen=True)
class IssuedSession:
    record: UserSession
    token: str


async def start_session(
    session: AsyncSession, user: User, *, ttl: timedelta, user_agent: str | None, ip: str | None
) -> IssuedSession:
    now = utcnow()
    token = new_session_token()
    record = UserSession(
        id=new_id("ses"),
        user_id=user.id,
        token_hash=token_hash(token),
        csrf_token=new_csrf_token(),
        created_at=now,
        last_seen_at=now,
        expires_at=now + ttl,
        user_agent=(user_agent or "")[:400] or None,
        ip=ip,
    )
    session.add(record)
    await session.flush()
    return IssuedSession(record=record, token=token)


async def principal_from_session_token(
    session: AsyncSession, token: str
) -> tuple[Principal, UserSession]:
    found = await repository.get_session_by_token_hash(session, token_hash(token))
    now = utcnow()
    if found is None:
        raise NotAuthenticated("Your session has ended.", hint="Log in again.")
    record, user = found
    if record.revoked_at is not None or record.expires_at <= now or not user.is_active:
        raise NotAuthenticated("Your session has ended.", hint="Log in again.")
    if now - record.last_seen_at > TOUCH_INTERVAL:
        record.last_seen_at = now
    principal = Principal(
        user_id=user.id,
        email=user.email,
        name=user.name,
        method=AuthMethod.SESSION,
        session_id=record.id,
    )
    return principal, record


async def end_session(session: AsyncSession, session_id: str) -> None:
    record = await session.get(UserSession, session_id)
    if record is not None and record.revoked_at is None:
        record.revoked_at = utcnow()
        await session.flush()


async def list_sessions(session: AsyncSession, principal: Principal) -> Sequence[UserSession]:
    return await repository.list_active_sessions(session, principal.user_id, utcnow())


async def revoke_session(session: AsyncSession, principal: Principal, session_id: str) -> None:
    record = await repository.get_user_session(session, principal.user_id, session_id)
    if record is None or record.revoked_at is not None:
        raise SessionNotFound()
    record.revoked_at = utcnow()
    await session.flush()


async def has_users(session: AsyncSession) -> bool:
    return await repository.count_users(session) > 0


def principal_for(user: User) -> Principal:
    """The principal of a user acting outside a request (CLI, demo setup)."""
    return Principal(user_id=user.id, email=user.email, name=user.name, method=AuthMethod.SESSION)


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await repository.get_user_by_email(session, normalise_email(email))


async def get_user_by_id(session: AsyncSession, user_id: str) -> User | None:
    return await repository.get_user(session, user_id)


async def get_user(session: AsyncSession, principal: Principal) -> User:
    user = await repository.get_user(session, principal.user_id)
    if user is None:
        raise NotAuthenticated()
    return user


async def update_profile(session: AsyncSession, principal: Principal, *, name: str) -> User:
    user = await get_user(session, principal)
    user.name = name.strip()
    await session.flush()
    return user


async def change_password(
    session: AsyncSession, principal: Principal, *, current_password: str, new_password: str
) -> User:
    """A new password ends every session and revokes every API key of the user."""
    user = await get_user(session, principal)
    if not verify_password(current_password, user.password_hash):
        raise WrongPassword()
    if problems := password_weaknesses(new_password, email=user.email):
        raise WeakPassword(problems, field="new_password")
    now = utcnow()
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    await repository.revoke_user_sessions(session, user.id, now)
    await repository.revoke_api_keys(session, user.id, now)
    await session.flush()
    return user


async def set_user_active(session: AsyncSession, user: User, *, active: bool) -> None:
    """Deactivation ends the user's sessions and API keys at once."""
    user.is_active = active
    if not active:
        now = utcnow()
        await repository.revoke_user_sessions(session, user.id, now)
        await repository.revoke_api_keys(session, user.id, now)
    await session.flush()


@dataclass(frozen=True)
class IssuedApiKey:
    record: ApiKey
    key: str


async def create_api_key(
    session: AsyncSession,
    principal: Principal,
    *,
    name: str,
    scopes: Sequence[ApiKeyScope],
    expires_at: datetime | None,
    workspace_id: str | None,
    deployment_id: str | None = None,
) -> IssuedApiKey:
    if expires_at is not None and expires_at <= utcnow():
        raise ValidationFailed("The expiry date is in the past.", hint="Pick a date in the future.")
    if principal.api_key_deployment_id is not None:
        raise ValidationFailed(
            "A key bound to a deployment cannot create keys.", hint="Sign in to create a key."
        )
    if principal.read_only and ApiKeyScope.FULL in scopes:
        raise ValidationFailed(
            "A read-only key cannot create a key with more rights.",
            hint="Create the key with scopes ['read'], or sign in to create a full key.",
        )
    issued = new_api_key()
    record = ApiKey(
        id=new_id("key"),
        user_id=principal.user_id,
        workspace_id=workspace_id or principal.api_key_workspace_id,
        name=name.strip(),
        prefix=issued.prefix,
        key_hash=issued.key_hash,
        scopes=sorted({str(scope) for scope in scopes}),
        expires_at=expires_at,
        deployment_id=deployment_id,
    )
    session.add(record)
    await session.flush()
    return IssuedApiKey(record=record, key=issued.key)


async def list_api_keys(
    session: AsyncSession, principal: Principal, page: PageRequest
) -> Sequence[ApiKey]:
    return await repository.list_api_keys(session, principal.user_id, page)


async def revoke_api_key(session: AsyncSession, principal: Principal, api_key_id: str) -> None:
    record = await repository.get_api_key(session, principal.user_id, api_key_id)
    if record is None:
        raise ApiKeyNotFound()
    record.revoked_at = utcnow()
    await session.flush()


async def list_deployment_keys(
    session: AsyncSession, deployment_id: str, page: PageRequest
) -> Sequence[tuple[ApiKey, User]]:
    """The live keys bound to a deployment, whoever made them, with their makers."""
    return await repository.list_deployment_keys(session, deployment_id, page)


async def revoke_deployment_key(session: AsyncSession, deployment_id: str, api_key_id: str) -> None:
    record = await repository.get_deployment_key(session, deployment_id, api_key_id)
    if record is None:
        raise ApiKeyNotFound()
    record.revoked_at = utcnow()
    await session.flush()


async def principal_from_api_key(session: AsyncSession, key: str) -> Principal:
    prefix = api_key_prefix(key)
    found = await repository.get_api_key_by_prefix(session, prefix) if prefix else None
    if found is None or not hashes_match(key, found[0].key_hash):
        raise InvalidApiKey()
    record, user = found
    now = utcnow()
    expired = record.expires_at is not None and record.expires_at <= now
    if record.revoked_at is not None or expired or not user.is_active:
        raise InvalidApiKey()
    if record.last_used_at is None or now - record.last_used_at > TOUCH_INTERVAL:
        record.last_used_at = now
    return Principal(
        user_id=user.id,
        email=user.email,
        name=user.name,
        method=AuthMethod.API_KEY,
        api_key_id=record.id,
        api_key_workspace_id=record.workspace_id,
        api_key_deployment_id=record.deployment_id,
        scopes=frozenset(record.scopes),
    )
