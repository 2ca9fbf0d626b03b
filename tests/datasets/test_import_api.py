"""Importing a dataset from a storage connection's bucket on a real S3 server (moto)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.datasets.conftest import BOTH_STORES, stored_objects
from tests.datasets.test_datasets_api import CSV, count_rows
from tests.factories import Team, bearer, make_api_key, make_team

SOURCE_BUCKET = "source-data"
PutObject = Callable[[str, bytes], str]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """moto listens on 127.0.0.1: these tests need private endpoints allowed."""
    return settings.model_copy(update={"allow_private_endpoints": True})


@pytest.fixture(scope="session")
def source_bucket(s3_filesystem: Any) -> str:
    s3_filesystem.call_s3("create_bucket", Bucket=SOURCE_BUCKET)
    return SOURCE_BUCKET


@pytest.fixture
def folder() -> str:
    return f"exports/{uuid.uuid4().hex[:10]}"


@pytest.fixture
def put_object(s3_filesystem: Any, source_bucket: str) -> PutObject:
    def put(key: str, content: bytes) -> str:
        s3_filesystem.pipe_file(f"{source_bucket}/{key}", content)
        return f"s3://{source_bucket}/{key}"

    return put


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def owner(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["owner"]))


def base(team: Team) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}"


@pytest.fixture
async def connection_id(
    client: AsyncClient, team: Team, owner: dict[str, str], s3_endpoint: str, folder: str
) -> str:
    response = await client.post(
        f"{base(team)}/storage-connections",
        json={
            "name": "moto",
            "provider": "s3",
            "bucket": SOURCE_BUCKET,
            "prefix": folder,
            "region": "us-east-1",
            "endpoint_url": s3_endpoint,
            "credentials": {"access_key_id": "testing", "secret_access_key": "testing-secret"},
        },
        headers=owner,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def import_url(
    client: AsyncClient, team: Team, headers: dict[str, str], connection_id: str, url: str
) -> Any:
    return await client.post(
        f"{base(team)}/datasets/import",
        json={"connection_id": connection_id, "url": url, "tags": ["lake"]},
        headers=headers,
    )


@BOTH_STORES
async def test_import_from_s3_creates_a_profiled_dataset(
    client: AsyncClient,
    team: Team,
    owner: dict[str, str],
    connection_id: str,
    put_object: PutObject,
    folder: str,
) -> None:
    source = put_object(f"{folder}/monthly_sales.csv", CSV)
    response = await import_url(client, team, owner, connection_id, source)
    assert response.status_code == 201, response.text
    dataset = response.json()
    assert dataset["name"] == "monthly sales" and dataset["tags"] == ["lake"]
    version = dataset["latest_version"]
    assert version["rows"] == 120 and version["original_filename"] == "monthly_sales.csv"
    assert version["ingest_details"]["source_url"] == source
    detail = await client.get(f"{base(team)}/dataset-versions/{version['id']}", headers=owner)
    assert detail.json()["profile_status"] == "ready"
    download = await client.get(
        f"{base(team)}/dataset-versions/{version['id']}/download", headers=owner
    )
    assert download.content == CSV


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("s3://other-bucket/{folder}/a.csv", "import_url_outside_connection"),
        ("s3://source-data/private/a.csv", "import_url_outside_connection"),
        ("s3://source-data/{folder}-private/a.csv", "import_url_outside_connection"),
        ("gs://source-data/{folder}/a.csv", "import_url_outside_connection"),
        ("s3://source-data/{folder}/../../private/a.csv", "import_url_invalid"),
        ("s3://source-data/{folder}/%2e%2e/%2e%2e/private/a.csv", "import_url_invalid"),
        ("s3://source-data/{folder}//a.csv", "import_url_invalid"),
        ("https://source-data.s3.amazonaws.com/private/a.csv", "import_url_invalid"),
        ("s3://testing:testing@source-data/private/a.csv", "import_url_invalid"),
    ],
)
async def test_only_the_connections_bucket_and_prefix_can_be_read(
    target: str,
    code: str,
    client: AsyncClient,
    team: Team,
    owner: dict[str, str],
    connection_id: str,
    put_object: PutObject,
    folder: str,
    db: AsyncSession,
    settings: Settings,
) -> None:
    put_object("private/a.csv", CSV)
    response = await import_url(client, team, owner, connection_id, target.format(folder=folder))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code and response.json()["hint"]
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


async def test_missing_object_and_bad_content_leave_nothing(
    client: AsyncClient,
    team: Team,
    owner: dict[str, str],
    connection_id: str,
    put_object: PutObject,
    folder: str,
    db: AsyncSession,
    settings: Settings,
) -> None:
    missing = await import_url(
        client, team, owner, connection_id, f"s3://{SOURCE_BUCKET}/{folder}/nope.csv"
    )
    assert missing.status_code == 422 and missing.json()["code"] == "import_object_not_found"
    folder_url = f"s3://{SOURCE_BUCKET}/{folder}/sub"
    put_object(f"{folder}/sub/inner.csv", CSV)
    not_a_file = await import_url(client, team, owner, connection_id, folder_url)
    assert not_a_file.json()["code"] == "import_object_not_found"
    ragged = put_object(f"{folder}/ragged.csv", b"a,b\n1,2\n3,4,5\n")
    bad = await import_url(client, team, owner, connection_id, ragged)
    assert bad.status_code == 422 and bad.json()["code"] == "dataset_ragged_rows"
    assert bad.json()["line"] == 3
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


@BOTH_STORES
async def test_object_over_the_size_limit_is_413_and_leaves_nothing(
    settings: Settings,
    db: AsyncSession,
    team: Team,
    owner: dict[str, str],
    connection_id: str,
    put_object: PutObject,
    folder: str,
) -> None:
    source = put_object(f"{folder}/big.csv", CSV)
    app = make_test_app(settings.model_copy(update={"max_upload_bytes": 1000}), db)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await import_url(client, team, owner, connection_id, source)
    assert response.status_code == 413, response.text
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


async def test_endpoint_is_checked_again_when_used(
    settings: Settings,
    db: AsyncSession,
    team: Team,
    owner: dict[str, str],
    connection_id: str,
    put_object: PutObject,
    folder: str,
) -> None:
    """A connection saved while private endpoints were allowed stops working when they are not."""
    source = put_object(f"{folder}/a.csv", CSV)
    strict = make_test_app(settings.model_copy(update={"allow_private_endpoints": False}), db)
    async with AsyncClient(transport=ASGITransport(app=strict), base_url="http://t") as client:
        response = await import_url(client, team, owner, connection_id, source)
    assert response.status_code == 422 and response.json()["code"] == "storage_endpoint_refused"
    assert await count_rows(db) == (0, 0)


async def test_connections_of_other_workspaces_cannot_be_used(
    client: AsyncClient,
    team: Team,
    db: AsyncSession,
    connection_id: str,
    put_object: PutObject,
    folder: str,
) -> None:
    source = put_object(f"{folder}/a.csv", CSV)
    assert team.other_workspace is not None
    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    response = await client.post(
        f"/api/v1/workspaces/{team.other_workspace.id}/datasets/import",
        json={"connection_id": connection_id, "url": source},
        headers=outsider,
    )
    assert response.status_code == 404
    assert response.json()["code"] == "storage_connection_not_found"
    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    denied = await import_url(client, team, viewer, connection_id, source)
    assert denied.status_code == 403
