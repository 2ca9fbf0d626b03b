"""HTTP for storage connections: where a workspace may import datasets from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, status

from modelyard.authz.guard import WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.integrations import service
from modelyard.integrations.errors import (
    ConnectionNameTaken,
    ConnectionNotFound,
    ConnectorBackendMissing,
    EndpointRefused,
    InvalidConnection,
)
from modelyard.integrations.schemas import (
    StorageConnectionCreate,
    StorageConnectionOut,
    StorageConnectionUpdate,
)
from modelyard.kit.dependencies import AppSettings, DbSession, Paging
from modelyard.kit.errors import NotAuthenticated, PermissionDenied, problem_responses
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from modelyard.models import StorageConnection

router = APIRouter(
    prefix="/workspaces/{workspace_id}/storage-connections",
    tags=["storage_connections"],
    responses=problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound),
)

ConnectionId = Annotated[str, Path(max_length=40)]
# Who may import datasets may see where from; credentials are never shown to anyone.
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.DATASETS_WRITE))]
ManageAccess = Annotated[WorkspaceAccess, Depends(require(Permission.CONNECTIONS_MANAGE))]
SAVE_ERRORS = problem_responses(
    ConnectionNameTaken, InvalidConnection, EndpointRefused, ConnectorBackendMissing
)


def connection_out(connection: StorageConnection) -> StorageConnectionOut:
    return StorageConnectionOut.model_validate(
        {
            "id": connection.id,
            "name": connection.name,
            "provider": connection.provider,
            "bucket": connection.bucket,
            "prefix": connection.prefix,
            "region": connection.region,
            "endpoint_url": connection.endpoint_url,
            "credentials": dict(connection.credential_hints),
            "created_at": connection.created_at,
            "updated_at": connection.updated_at,
        }
    )


@router.post("", status_code=status.HTTP_201_CREATED, name="create", responses=SAVE_ERRORS)
async def create_connection(
    body: StorageConnectionCreate, access: ManageAccess, db: DbSession, settings: AppSettings
) -> StorageConnectionOut:
    """Save access to one bucket; credentials are encrypted at rest and never returned."""
    connection = await service.create_connection(
        db, access.workspace_id, access.principal, body, settings
    )
    return connection_out(connection)


@router.get("", name="list")
async def list_connections(
    access: ReadAccess, db: DbSession, page: Paging
) -> Page[StorageConnectionOut]:
    connections = await service.list_connections(db, access.workspace_id, page)
    items, cursor = split_page(connections, page, lambda connection: connection.id)
    return Page(items=[connection_out(c) for c in items], next_cursor=cursor)


@router.get("/{connection_id}", name="get", responses=problem_responses(ConnectionNotFound))
async def get_connection(
    connection_id: ConnectionId, access: ReadAccess, db: DbSession
) -> StorageConnectionOut:
    return connection_out(await service.get_connection(db, access.workspace_id, connection_id))


@router.patch(
    "/{connection_id}",
    name="update",
    responses=problem_responses(
        ConnectionNotFound,
        ConnectionNameTaken,
        InvalidConnection,
        EndpointRefused,
        ConnectorBackendMissing,
    ),
)
async def update_connection(
    connection_id: ConnectionId,
    body: StorageConnectionUpdate,
    access: ManageAccess,
    db: DbSession,
    settings: AppSettings,
) -> StorageConnectionOut:
    """Change fields; `credentials` replaces every credential field at once."""
    connection = await service.update_connection(
        db, access.workspace_id, connection_id, body, settings
    )
    return connection_out(connection)


@router.delete(
    "/{connection_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete",
    responses=problem_responses(ConnectionNotFound),
)
async def delete_connection(
    connection_id: ConnectionId, access: ManageAccess, db: DbSession
) -> None:
    """Forget the connection and its credentials; imported datasets stay."""
    await service.delete_connection(db, access.workspace_id, connection_id)
