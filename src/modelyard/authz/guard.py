"""Declared authorization: every route states what it needs.

- `public`: anyone (health, login, register).
- `authenticated`: any signed-in principal (their own profile, keys, workspace list).
- `require(Permission.X)`: a member of the path's workspace whose role grants X.

A workspace the principal cannot see answers 404, never 403. The route-matrix test
walks every route and fails when one declares none of these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request

from modelyard.auth.dependencies import SAFE_METHODS, CurrentPrincipal
from modelyard.auth.principal import Principal
from modelyard.authz.permissions import READ_ONLY_PERMISSIONS, Permission, Role, role_allows
from modelyard.kit.dependencies import DbSession
from modelyard.kit.errors import PermissionDenied
from modelyard.workspaces import service as workspaces

ACCESS_ATTRIBUTE = "__modelyard_access__"
FULL_SCOPE_HINT = "Use an API key with the 'full' scope, or sign in."
DEPLOYMENT_KEY_HINT = "This key only predicts on its deployment; use a workspace key or sign in."


def _refuse_deployment_key(principal: Principal) -> None:
    if principal.api_key_deployment_id is not None:
        raise PermissionDenied(
            "This API key may only predict on its deployment.", hint=DEPLOYMENT_KEY_HINT
        )


@dataclass(frozen=True)
class WorkspaceAccess:
    """Proof that the principal may act with `role` in `workspace_id`."""

    workspace_id: str
    role: Role
    principal: Principal


def _declare(access: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def mark(function: Callable[..., Any]) -> Callable[..., Any]:
        setattr(function, ACCESS_ATTRIBUTE, access)
        return function

    return mark


@_declare("public")
async def public() -> None:
    """Anyone may call this route."""


@_declare("authenticated")
async def authenticated(request: Request, principal: CurrentPrincipal) -> Principal:
    _refuse_deployment_key(principal)
    if principal.read_only and request.method not in SAFE_METHODS:
        raise PermissionDenied("This API key is read-only.", hint=FULL_SCOPE_HINT)
    return principal


def require(permission: Permission) -> Callable[..., Awaitable[WorkspaceAccess]]:
    @_declare(f"workspace:{permission}")
    async def guard(
        workspace_id: Annotated[str, Path(max_length=40)],
        principal: CurrentPrincipal,
        db: DbSession,
    ) -> WorkspaceAccess:
        role = await workspaces.ensure_visible(db, principal, workspace_id)
        _refuse_deployment_key(principal)
        if not role_allows(role, permission):
            raise PermissionDenied(f"Your role '{role}' does not allow '{permission}'.")
        if principal.read_only and permission not in READ_ONLY_PERMISSIONS:
            raise PermissionDenied("This API key is read-only.", hint=FULL_SCOPE_HINT)
        return WorkspaceAccess(workspace_id=workspace_id, role=role, principal=principal)

    guard.__name__ = f"require_{permission.name.lower()}"
    return guard


Authenticated = Annotated[Principal, Depends(authenticated)]
