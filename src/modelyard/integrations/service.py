"""Storage connection rules: credentials sealed at rest, endpoints checked, reads scoped."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import Principal
from modelyard.integrations import repository
from modelyard.integrations.credentials import cipher_for, mask
from modelyard.integrations.egress import check_endpoint_url
from modelyard.integrations.errors import (
    ConnectionNameTaken,
    ConnectionNotFound,
    ConnectorBackendMissing,
    InvalidConnection,
)
from modelyard.integrations.object_source import (
    BACKENDS,
    ObjectLocation,
    SourceConfig,
    backend_installed,
    check_within,
    normalise_prefix,
    parse_object_url,
)
from modelyard.integrations.schemas import (
    StorageConnectionCreate,
    StorageConnectionUpdate,
    check_credential_fields,
)
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import StorageConnection
from modelyard.settings import Settings


async def create_connection(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    body: StorageConnectionCreate,
    settings: Settings,
) -> StorageConnection:
    if not backend_installed(body.provider):
        module = BACKENDS[body.provider][0]
        raise ConnectorBackendMissing(
            f"Connections to {body.provider} need the {module!r} package on the server.",
            hint=f"Ask the operator to install it next to Modelyard: pip install {module}",
        )
    await _ensure_name_free(session, workspace_id, body.name)
    connection = StorageConnection(
        id=new_id("sc"),
        workspace_id=workspace_id,
        name=body.name,
        provider=body.provider,
        bucket=body.bucket,
        prefix=_prefix(body.prefix),
        region=body.region,
        endpoint_url=await _endpoint(body.provider, body.endpoint_url, settings),
        created_by=principal.user_id,
    )
    _set_credentials(connection, body.credentials, settings)
    session.add(connection)
    await session.flush()
    return connection


async def list_connections(
    session: AsyncSession, workspace_id: str, page: PageRequest
) -> Sequence[StorageConnection]:
    return await repository.list_connections(session, workspace_id, page)


async def get_connection(
    session: AsyncSession, workspace_id: str, connection_id: str
) -> StorageConnection:
    connection = await repository.get_connection(session, workspace_id, connection_id)
    if connection is None:
        raise ConnectionNotFound()
    return connection


async def update_connection(
    session: AsyncSession,
    workspace_id: str,
    connection_id: str,
    body: StorageConnectionUpdate,
    settings: Settings,
) -> StorageConnection:
    connection = await get_connection(session, workspace_id, connection_id)
    given = body.model_fields_set
    if body.name is not None and body.name != connection.name:
        await _ensure_name_free(session, workspace_id, body.name)
        connection.name = body.name
    if body.bucket is not None:
        connection.bucket = body.bucket
    if "prefix" in given:
        connection.prefix = _prefix(body.prefix or "")
    if "region" in given:
        connection.region = body.region
    if "endpoint_url" in given:
        connection.endpoint_url = await _endpoint(connection.provider, body.endpoint_url, settings)
    if "credentials" in given:
        credentials = body.credentials or {}
        try:
            check_credential_fields(connection.provider, credentials)
        except ValueError as error:
            raise InvalidConnection(f"{error}.") from None
        _set_credentials(connection, credentials, settings)
    connection.updated_at = utcnow()
    await session.flush()
    return connection


async def delete_connection(session: AsyncSession, workspace_id: str, connection_id: str) -> None:
    """Forget the connection; datasets imported through it stay (they are copies)."""
    connection = await get_connection(session, workspace_id, connection_id)
    await session.delete(connection)
    await session.flush()


async def import_source(
    session: AsyncSession,
    workspace_id: str,
    connection_id: str,
    url: str,
    settings: Settings,
) -> tuple[SourceConfig, ObjectLocation]:
    """What an import may read: the object at ``url``, only inside the connection's scope.

    The endpoint is checked again now: its DNS answer may have changed since it was saved.
    """
    connection = await get_connection(session, workspace_id, connection_id)
    location = parse_object_url(url)
    config = SourceConfig(
        provider=connection.provider,
        bucket=connection.bucket,
        prefix=connection.prefix,
        region=connection.region,
        endpoint_url=await _endpoint(connection.provider, connection.endpoint_url, settings),
        credentials=_open_credentials(connection, settings),
        allow_private=settings.allow_private_endpoints,
    )
    check_within(location, config)
    return config, location


async def _ensure_name_free(session: AsyncSession, workspace_id: str, name: str) -> None:
    if await repository.find_by_name(session, workspace_id, name) is not None:
        raise ConnectionNameTaken()


def _prefix(prefix: str) -> str:
    try:
        return normalise_prefix(prefix)
    except ValueError as error:
        raise InvalidConnection(str(error)) from None


async def _endpoint(provider: str, url: str | None, settings: Settings) -> str | None:
    if not url:
        return None
    if provider == "azure":
        raise InvalidConnection("Azure connections do not take an endpoint URL.")
    return await asyncio.to_thread(
        check_endpoint_url, url, allow_private=settings.allow_private_endpoints
    )


def _set_credentials(
    connection: StorageConnection, credentials: Mapping[str, str], settings: Settings
) -> None:
    if not credentials:
        connection.sealed_credentials = None
        connection.credential_hints = {}
        return
    connection.sealed_credentials = cipher_for(settings.resolved_secret_key).seal(credentials)
    connection.credential_hints = {name: mask(name, value) for name, value in credentials.items()}


def _open_credentials(connection: StorageConnection, settings: Settings) -> dict[str, str]:
    if connection.sealed_credentials is None:
        return {}
    return cipher_for(settings.resolved_secret_key).unseal(connection.sealed_credentials)
