"""Storage connections through the API: secrets sealed and never returned, endpoints guarded."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.integrations.credentials import cipher_for
from modelyard.models import StorageConnection
from modelyard.settings import Settings
from tests.factories import Team, bearer, make_api_key, make_team

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
BODY: dict[str, Any] = {
    "name": "Data lake",
    "provider": "s3",
    "bucket": "data-lake",
    "prefix": "/exports/",
    "region": "eu-west-1",
    "endpoint_url": "https://93.184.215.14:9000",
    "credentials": {"access_key_id": KEY_ID, "secret_access_key": SECRET},
}


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def admin(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["admin"]))


def url(team: Team) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}/storage-connections"


async def test_lifecycle_never_returns_secrets(
    client: AsyncClient, team: Team, admin: dict[str, str], db: AsyncSession, settings: Settings
) -> None:
    created = await client.post(url(team), json=BODY, headers=admin)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["prefix"] == "exports" and body["endpoint_url"] == "https://93.184.215.14:9000"
    assert body["credentials"] == {"access_key_id": "••••MPLE", "secret_access_key": "••••••••"}
    connection_id = body["id"]

    member = bearer(await make_api_key(db, team.users["member"]))
    listed = await client.get(url(team), headers=member)
    fetched = await client.get(f"{url(team)}/{connection_id}", headers=member)
    for response in (created, listed, fetched):
        assert SECRET not in response.text and KEY_ID not in response.text
    assert [c["id"] for c in listed.json()["items"]] == [connection_id]

    row = (
        await db.execute(select(StorageConnection).where(StorageConnection.id == connection_id))
    ).scalar_one()
    assert row.sealed_credentials is not None and SECRET not in row.sealed_credentials
    opened = cipher_for(settings.resolved_secret_key).unseal(row.sealed_credentials)
    assert opened == {"access_key_id": KEY_ID, "secret_access_key": SECRET}

    patched = await client.patch(
        f"{url(team)}/{connection_id}",
        json={"prefix": "", "region": None, "credentials": {}, "name": "Lake"},
        headers=admin,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["credentials"] == {} and patched.json()["prefix"] == ""
    assert patched.json()["region"] is None and patched.json()["name"] == "Lake"

    deleted = await client.delete(f"{url(team)}/{connection_id}", headers=admin)
    assert deleted.status_code == 204
    gone = await client.get(f"{url(team)}/{connection_id}", headers=admin)
    assert gone.status_code == 404 and gone.json()["code"] == "storage_connection_not_found"


async def test_names_are_unique_per_workspace(
    client: AsyncClient, team: Team, admin: dict[str, str]
) -> None:
    assert (await client.post(url(team), json=BODY, headers=admin)).status_code == 201
    other = await client.post(url(team), json={**BODY, "name": "Other"}, headers=admin)
    again = await client.post(url(team), json=BODY, headers=admin)
    assert again.status_code == 409 and again.json()["code"] == "storage_connection_name_taken"
    renamed = await client.patch(
        f"{url(team)}/{other.json()['id']}", json={"name": "Data lake"}, headers=admin
    )
    assert renamed.status_code == 409


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"credentials": {"access_key_id": KEY_ID}}, "validation_failed"),
        ({"credentials": {"password": "x", **BODY["credentials"]}}, "validation_failed"),
        ({"bucket": "../etc"}, "validation_failed"),
        ({"prefix": "a/../b"}, "storage_connection_invalid"),
        ({"endpoint_url": "http://127.0.0.1:9000"}, "storage_endpoint_refused"),
        ({"endpoint_url": "http://[::ffff:127.0.0.1]:9000"}, "storage_endpoint_refused"),
        ({"endpoint_url": "http://2130706433:9000"}, "storage_endpoint_refused"),
        ({"endpoint_url": "http://localhost:9000"}, "storage_endpoint_refused"),
        ({"endpoint_url": "http://169.254.169.254"}, "storage_endpoint_refused"),
        (
            {"provider": "azure", "credentials": {"account_name": "acct"}},
            "storage_connection_invalid",
        ),
    ],
)
async def test_invalid_connections_are_refused(
    change: dict[str, Any],
    code: str,
    client: AsyncClient,
    team: Team,
    admin: dict[str, str],
    db: AsyncSession,
) -> None:
    response = await client.post(url(team), json={**BODY, **change}, headers=admin)
    assert response.status_code in {422, 501}, response.text
    if response.status_code == 422:
        assert response.json()["code"] == code
    assert SECRET not in response.text
    assert (await db.execute(select(StorageConnection))).first() is None


async def test_patch_checks_credentials_and_endpoint(
    client: AsyncClient, team: Team, admin: dict[str, str]
) -> None:
    created = (await client.post(url(team), json=BODY, headers=admin)).json()
    target = f"{url(team)}/{created['id']}"
    bad_credentials = await client.patch(
        target, json={"credentials": {"account_key": "x"}}, headers=admin
    )
    assert bad_credentials.status_code == 422
    assert bad_credentials.json()["code"] == "storage_connection_invalid"
    private = await client.patch(target, json={"endpoint_url": "http://10.0.0.1"}, headers=admin)
    assert private.json()["code"] == "storage_endpoint_refused"
    cleared = await client.patch(target, json={"endpoint_url": None}, headers=admin)
    assert cleared.json()["endpoint_url"] is None


async def test_other_workspaces_see_nothing(
    client: AsyncClient, team: Team, admin: dict[str, str], db: AsyncSession
) -> None:
    created = (await client.post(url(team), json=BODY, headers=admin)).json()
    assert team.other_workspace is not None
    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    other = f"/api/v1/workspaces/{team.other_workspace.id}/storage-connections"
    assert (await client.get(f"{other}/{created['id']}", headers=outsider)).status_code == 404
    assert (await client.get(other, headers=outsider)).json()["items"] == []
    patched = await client.patch(f"{other}/{created['id']}", json={"name": "x"}, headers=outsider)
    assert patched.status_code == 404


async def test_members_may_list_but_not_manage(
    client: AsyncClient, team: Team, db: AsyncSession
) -> None:
    member = bearer(await make_api_key(db, team.users["member"]))
    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    assert (await client.get(url(team), headers=member)).status_code == 200
    assert (await client.post(url(team), json=BODY, headers=member)).status_code == 403
    assert (await client.get(url(team), headers=viewer)).status_code == 403


async def test_unsealable_credentials_after_a_secret_change(
    client: AsyncClient, team: Team, admin: dict[str, str], db: AsyncSession
) -> None:
    created = (await client.post(url(team), json=BODY, headers=admin)).json()
    row = (
        await db.execute(select(StorageConnection).where(StorageConnection.id == created["id"]))
    ).scalar_one()
    row.sealed_credentials = "gAAAAA-not-a-valid-token"
    await db.flush()
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/datasets/import",
        json={"connection_id": created["id"], "url": "s3://data-lake/exports/a.csv"},
        headers=admin,
    )
    assert response.status_code == 500
    assert response.json()["code"] == "storage_credentials_unreadable"
