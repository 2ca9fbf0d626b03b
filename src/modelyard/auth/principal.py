"""The acting principal: a user, signed in by session cookie or by API key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AuthMethod(StrEnum):
    SESSION = "session"
    API_KEY = "api_key"


class ApiKeyScope(StrEnum):
    FULL = "full"
    READ = "read"


@dataclass(frozen=True)
class Principal:
    user_id: str
    email: str
    name: str
    method: AuthMethod
    session_id: str | None = None
    api_key_id: str | None = None
    # An API key may be bound to one workspace; every other workspace is invisible to it.
    api_key_workspace_id: str | None = None
    # A key bound to a deployment may only predict on it (and send its actuals).
    api_key_deployment_id: str | None = None
    scopes: frozenset[str] = frozenset({ApiKeyScope.FULL})

    @property
    def read_only(self) -> bool:
        return ApiKeyScope.FULL not in self.scopes

    def sees_workspace(self, workspace_id: str) -> bool:
        return self.api_key_workspace_id in (None, workspace_id)
