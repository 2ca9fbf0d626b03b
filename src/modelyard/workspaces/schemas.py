from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints

from modelyard.authz.permissions import Role
from modelyard.kit.schemas import Schema

WorkspaceName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
Description = Annotated[str, Field(max_length=1000)]


class WorkspaceCreate(Schema):
    name: WorkspaceName
    description: Description = ""


class WorkspaceUpdate(Schema):
    name: WorkspaceName | None = None
    description: Description | None = None


class WorkspaceOut(Schema):
    id: str
    name: str
    description: str
    role: Role = Field(description="Your role in this workspace")
    created_at: datetime


class MemberAdd(Schema):
    email: EmailStr
    role: Role = Role.MEMBER


class MemberUpdate(Schema):
    role: Role


class MemberOut(Schema):
    user_id: str
    email: str
    name: str
    role: Role
    joined_at: datetime


class InvitationCreate(Schema):
    email: EmailStr
    role: Role = Role.MEMBER


class InvitationOut(Schema):
    id: str
    email: str
    role: Role
    expires_at: datetime
    created_at: datetime


class InvitationCreated(InvitationOut):
    accept_url: str = Field(description="Send this link to the invitee; shown only once")
    token: str


class InvitationAccepted(Schema):
    workspace: WorkspaceOut
