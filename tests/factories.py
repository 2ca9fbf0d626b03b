"""Factory helpers: rows straight into the test's transaction, and signed-in API clients."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth import service as auth
from modelyard.auth.passwords import hash_password
from modelyard.auth.principal import ApiKeyScope, AuthMethod, Principal
from modelyard.authz.permissions import Role
from modelyard.kit.ids import new_id
from modelyard.models import Membership, User, Workspace

PASSWORD = "a long test passphrase"
# Argon2 is slow on purpose; hash the shared test password once.
_PASSWORD_HASH = hash_password(PASSWORD)
_counter = itertools.count()


async def make_user(db: AsyncSession, *, email: str | None = None, name: str = "Test User") -> User:
    user = User(
        id=new_id("usr"),
        email=email or f"user{next(_counter)}-{new_id('x')[-6:]}@example.com",
        name=name,
        password_hash=_PASSWORD_HASH,
    )
    db.add(user)
    await db.flush()
    return user


async def make_workspace(db: AsyncSession, owner: User, *, name: str = "Acme") -> Workspace:
    workspace = Workspace(id=new_id("ws"), name=name, created_by=owner.id)
    db.add(workspace)
    await db.flush()
    await add_member(db, workspace, owner, Role.OWNER)
    return workspace


async def add_member(db: AsyncSession, workspace: Workspace, user: User, role: Role) -> None:
    db.add(Membership(id=new_id("mem"), workspace_id=workspace.id, user_id=user.id, role=role))
    await db.flush()


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, email=user.email, name=user.name, method=AuthMethod.SESSION)


async def make_api_key(
    db: AsyncSession,
    user: User,
    *,
    scopes: tuple[ApiKeyScope, ...] = (ApiKeyScope.FULL,),
    workspace_id: str | None = None,
) -> str:
    issued = await auth.create_api_key(
        db,
        principal_of(user),
        name="test",
        scopes=scopes,
        expires_at=None,
        workspace_id=workspace_id,
    )
    return issued.key


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> str:
    """Log the client in by cookie; later mutations carry the CSRF header."""
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    csrf = str(response.json()["csrf_token"])
    client.headers["X-CSRF-Token"] = csrf
    return csrf


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Team:
    """A workspace with one user per role, plus an outsider who owns another workspace."""

    workspace: Workspace
    users: dict[str, User] = field(default_factory=dict)
    other_workspace: Workspace | None = None


async def make_team(db: AsyncSession) -> Team:
    owner = await make_user(db, name="Owner")
    workspace = await make_workspace(db, owner)
    team = Team(workspace=workspace, users={"owner": owner})
    for role in (Role.ADMIN, Role.MEMBER, Role.VIEWER):
        user = await make_user(db, name=role.value.title())
        await add_member(db, workspace, user, role)
        team.users[role.value] = user
    outsider = await make_user(db, name="Outsider")
    team.users["outsider"] = outsider
    team.other_workspace = await make_workspace(db, outsider, name="Elsewhere")
    return team
