from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from modelyard.auth.principal import ApiKeyScope
from modelyard.kit.schemas import Schema

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, Field(min_length=1, max_length=1024)]


class RegisterRequest(Schema):
    email: EmailStr = Field(max_length=320)
    password: Password
    name: Name


class LoginRequest(Schema):
    email: str = Field(max_length=320)
    password: Password


class UserOut(Schema):
    id: str
    email: str
    name: str
    created_at: datetime


class LoginResponse(Schema):
    user: UserOut
    csrf_token: str = Field(description="Send as X-CSRF-Token on cookie-authenticated mutations")


class UpdateMeRequest(Schema):
    name: Name


class ChangePasswordRequest(Schema):
    current_password: Password
    new_password: Password


class SessionOut(Schema):
    id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str | None
    ip: str | None
    current: bool = False


class ApiKeyCreateRequest(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    scopes: list[ApiKeyScope] = Field(default_factory=lambda: [ApiKeyScope.FULL], min_length=1)
    expires_at: datetime | None = None
    workspace_id: str | None = Field(
        None, max_length=40, description="Bind the key to one workspace; others become invisible"
    )


class ApiKeyOut(Schema):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    workspace_id: str | None
    deployment_id: str | None = Field(
        None, description="Set when the key may only predict on this deployment"
    )
    expires_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The secret key; shown only once")
