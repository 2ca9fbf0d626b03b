"""The permission matrix: one table of role by permission, tested exhaustively."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


class Permission(StrEnum):
    WORKSPACE_READ = "workspace:read"
    WORKSPACE_UPDATE = "workspace:update"
    WORKSPACE_DELETE = "workspace:delete"
    MEMBERS_READ = "members:read"
    MEMBERS_MANAGE = "members:manage"
    DATASETS_READ = "datasets:read"
    DATASETS_WRITE = "datasets:write"
    DATASETS_DELETE = "datasets:delete"
    CONNECTIONS_MANAGE = "connections:manage"
    TRAINING_RUN = "training:run"
    MODELS_READ = "models:read"
    MODELS_WRITE = "models:write"
    MODELS_DEPLOY = "models:deploy"
    MODELS_SHARE = "models:share"
    PREDICT = "predict"
    AUDIT_READ = "audit:read"


# Permissions a read-only API key keeps whatever the role of its owner.
READ_ONLY_PERMISSIONS = frozenset(
    {
        Permission.WORKSPACE_READ,
        Permission.MEMBERS_READ,
        Permission.DATASETS_READ,
        Permission.MODELS_READ,
    }
)

_VIEWER = READ_ONLY_PERMISSIONS
_MEMBER = _VIEWER | {
    Permission.DATASETS_WRITE,
    Permission.DATASETS_DELETE,
    Permission.TRAINING_RUN,
    Permission.MODELS_WRITE,
    Permission.MODELS_DEPLOY,
    Permission.PREDICT,
}
_ADMIN = _MEMBER | {
    Permission.WORKSPACE_UPDATE,
    Permission.MEMBERS_MANAGE,
    Permission.CONNECTIONS_MANAGE,
    Permission.MODELS_SHARE,
    Permission.AUDIT_READ,
}
_OWNER = _ADMIN | {Permission.WORKSPACE_DELETE}

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(_OWNER),
    Role.ADMIN: frozenset(_ADMIN),
    Role.MEMBER: frozenset(_MEMBER),
    Role.VIEWER: frozenset(_VIEWER),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]


def can_assign_role(actor: Role, current: Role | None, new: Role) -> bool:
    """Owners assign any role; admins manage admins, members and viewers but never owners."""
    if actor is Role.OWNER:
        return True
    if actor is Role.ADMIN:
        return new is not Role.OWNER and current is not Role.OWNER
    return False
