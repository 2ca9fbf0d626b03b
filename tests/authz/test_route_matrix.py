"""Every route declares its access, and every workspace route honours the matrix for every actor."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.app import create_app
from modelyard.auth.principal import ApiKeyScope
from modelyard.authz.guard import ACCESS_ATTRIBUTE
from modelyard.authz.permissions import MATRIX, READ_ONLY_PERMISSIONS, Permission, Role, role_allows
from modelyard.settings import Settings
from tests.factories import bearer, make_api_key, make_team


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    access: str


def _accesses(dependant: Dependant) -> list[str]:
    found = (
        [getattr(dependant.call, ACCESS_ATTRIBUTE)]
        if hasattr(dependant.call, ACCESS_ATTRIBUTE)
        else []
    )
    for child in dependant.dependencies:
        found.extend(_accesses(child))
    return found


def all_routes(app: FastAPI) -> list[RouteSpec]:
    specs = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        accesses = _accesses(route.dependant)
        for method in sorted(route.methods):
            specs.append(
                RouteSpec(
                    method, str(context.path), accesses[0] if len(accesses) == 1 else f"{accesses}"
                )
            )
    return specs


ROUTES = all_routes(create_app(Settings(data_dir="/tmp/modelyard-route-listing")))
WORKSPACE_ROUTES = [r for r in ROUTES if r.access.startswith("workspace:")]


# Routes whose workspace comes from the resource (a deployment), not from the path; their
# actors are tested in tests/predictions.
DEPLOYMENT_ROUTES = [r for r in ROUTES if r.access == "deployment:predict"]


def test_every_route_declares_exactly_one_access() -> None:
    undeclared = [
        r
        for r in ROUTES
        if r.access not in {"public", "authenticated", "deployment:predict"}
        and not r.access.startswith("workspace:")
    ]
    assert undeclared == []


def test_deployment_routes_are_predict_and_actuals() -> None:
    assert {(r.method, r.path) for r in DEPLOYMENT_ROUTES} == {
        ("POST", "/api/v1/deployments/{deployment_id}/predict"),
        ("POST", "/api/v1/deployments/{deployment_id}/actuals"),
    }


def test_workspace_routes_take_the_workspace_from_the_path() -> None:
    assert WORKSPACE_ROUTES
    assert all("{workspace_id}" in r.path for r in WORKSPACE_ROUTES)


def test_public_routes_are_the_expected_few() -> None:
    public = {(r.method, r.path) for r in ROUTES if r.access == "public"}
    allowed = {
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        # The signed, expiring token in the path is the authorization (exports/links.py).
        "/api/v1/export-downloads/{token}",
        "/api/docs",
        "/api/redoc",
        "/{path:path}",
    }
    assert {path for _, path in public} <= allowed


def test_permission_matrix_is_exactly_this_table() -> None:
    expected = {
        Role.VIEWER: {"workspace:read", "members:read", "datasets:read", "models:read"},
        Role.MEMBER: {
            "workspace:read", "members:read", "datasets:read", "models:read", "datasets:write",
            "datasets:delete", "training:run", "models:write", "models:deploy", "predict",
        },
    }  # fmt: skip
    expected[Role.ADMIN] = expected[Role.MEMBER] | {
        "workspace:update",
        "members:manage",
        "connections:manage",
        "models:share",
        "audit:read",
    }
    expected[Role.OWNER] = expected[Role.ADMIN] | {"workspace:delete"}
    assert {role: {str(p) for p in perms} for role, perms in MATRIX.items()} == expected
    assert set(expected[Role.OWNER]) == {str(p) for p in Permission}


ACTORS = ["owner", "admin", "member", "viewer", "outsider", "foreign_key", "read_only_key"]


def _url(path: str, workspace_id: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "x_unknown", path.replace("{workspace_id}", workspace_id))


def _verdict(route: RouteSpec, actor: str, status: int, body: dict[str, object]) -> str | None:
    """What is wrong with this actor's answer on this route, or None."""
    permission = Permission(route.access.removeprefix("workspace:"))
    if actor in {"outsider", "foreign_key"}:
        ok = status == 404 and body.get("code") == "workspace_not_found"
        expected = "404 workspace_not_found"
    elif actor == "read_only_key" and permission not in READ_ONLY_PERMISSIONS:
        ok, expected = status == 403, "403"
    elif actor == "read_only_key" or role_allows(Role(actor), permission):
        ok = status not in {401, 403} and body.get("code") != "workspace_not_found"
        expected = "neither 401/403 nor workspace_not_found"
    else:
        ok = status == 403 and body.get("code") == "permission_denied"
        expected = "403 permission_denied"
    return None if ok else f"{actor}: {status} {body} (expected {expected})"


@pytest.mark.parametrize("route", WORKSPACE_ROUTES, ids=lambda r: f"{r.method} {r.path}")
async def test_workspace_route_by_actor(
    route: RouteSpec, client: AsyncClient, db: AsyncSession
) -> None:
    """Each actor asks in turn on one app; what each request changes is rolled back before
    the next actor asks (the owner may delete the workspace)."""
    team = await make_team(db)
    assert team.other_workspace is not None
    keys = {
        "foreign_key": await make_api_key(
            db, team.users["owner"], workspace_id=team.other_workspace.id
        ),
        "read_only_key": await make_api_key(db, team.users["owner"], scopes=(ApiKeyScope.READ,)),
        **{
            actor: await make_api_key(db, team.users[actor])
            for actor in ACTORS
            if actor in team.users
        },
    }
    assert set(keys) == set(ACTORS)
    body = {} if route.method in {"POST", "PATCH", "PUT"} else None
    wrong = []
    for actor in ACTORS:
        turn = await db.begin_nested()
        try:
            response = await client.request(
                route.method,
                _url(route.path, team.workspace.id),
                json=body,
                headers=bearer(keys[actor]),
            )
        finally:
            if turn.is_active:
                await turn.rollback()
        answer = response.json() if response.content else {}
        wrong.append(_verdict(route, actor, response.status_code, answer))
    assert [w for w in wrong if w] == []
