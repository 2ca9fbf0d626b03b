"""Hostile uploads through the API: each gets a clear answer and leaves no row and no object."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.models import DatasetVersion
from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.datasets.builders import write_xlsx
from tests.datasets.conftest import BOTH_STORES, stored_objects
from tests.datasets.test_datasets_api import CSV, count_rows
from tests.factories import Team, bearer, make_api_key, make_team

BOUNDARY = "modelyard-test-boundary"


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def owner(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["owner"]))


def datasets_url(team: Team) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}/datasets"


def multipart_head(filename: bytes) -> bytes:
    """The start of a multipart body, with the file name exactly as given (no escaping)."""
    return (
        f"--{BOUNDARY}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def multipart(filename: bytes, content: bytes) -> bytes:
    return multipart_head(filename) + content + f"\r\n--{BOUNDARY}--\r\n".encode()


@BOTH_STORES
async def test_excel_zip_bomb_is_refused(
    client: AsyncClient,
    team: Team,
    owner: dict[str, str],
    db: AsyncSession,
    settings: Settings,
    tmp_path: Path,
) -> None:
    bomb = write_xlsx(tmp_path / "bomb.xlsx", [["a"], [1]], padding=50_000_000)
    assert bomb.stat().st_size < 200_000
    response = await client.post(
        datasets_url(team), headers=owner, files={"file": ("report.xlsx", bomb.read_bytes())}
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "dataset_archive_bomb" and response.json()["hint"]
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


@BOTH_STORES
async def test_more_columns_than_the_limit(
    settings: Settings, db: AsyncSession, team: Team, owner: dict[str, str]
) -> None:
    app = make_test_app(settings.model_copy(update={"max_dataset_columns": 5}), db)
    wide = b"c1,c2,c3,c4,c5,c6\n" + b"1,2,3,4,5,6\n" * 10
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        refused = await client.post(
            datasets_url(team), headers=owner, files={"file": ("wide.csv", wide)}
        )
        fits = await client.post(datasets_url(team), headers=owner, files={"file": ("ok.csv", CSV)})
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "dataset_too_many_columns"
    assert "5" in refused.json()["detail"]
    assert fits.status_code == 201
    assert await count_rows(db) == (1, 1)
    assert len(stored_objects(settings)) == 2  # the accepted file and its Parquet copy


@BOTH_STORES
async def test_upload_aborted_half_way_leaves_nothing(
    storage_backend: str,
    settings: Settings,
    db: AsyncSession,
    team: Team,
    owner: dict[str, str],
) -> None:
    """The client sends part of the body, then disconnects (ASGI `http.disconnect`).

    On S3 the part sent is larger than one upload part, so a multipart upload has begun and
    must be aborted.
    """
    app = make_test_app(settings, db)
    sent = (20 if storage_backend == "s3" else 3) * 1024 * 1024
    chunks = [multipart_head(b"big.csv"), b"a,b\n", *([b"1,2\n" * 262_144] * (sent // 1_048_576))]
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": True} for chunk in chunks
    ]
    messages.append({"type": "http.disconnect"})
    replies: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        replies.append(message)

    total = sum(len(chunk) for chunk in chunks) * 2
    headers = [
        (b"host", b"t"),
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
        (b"content-length", str(total).encode()),
        *[(name.lower().encode(), value.encode()) for name, value in owner.items()],
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": datasets_url(team),
        "raw_path": datasets_url(team).encode(),
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("t", 80),
        "root_path": "",
        "state": {},
    }
    # The server may let the disconnect surface as an error; it must clean up either way.
    with contextlib.suppress(Exception):
        await app(scope, receive, send)
    assert not messages  # the app read up to the disconnect
    assert not any(m["type"] == "http.response.start" and m["status"] == 201 for m in replies), (
        replies
    )
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


HOSTILE_NAMES = [
    (b"../x.csv", "x.csv"),
    (b"..\\..\\x.csv", "x.csv"),
    (b"/etc/passwd.csv", "passwd.csv"),
    (b"a\x00b.csv", "ab.csv"),
    (b"evil\r\nX-Injected: 1.csv", None),
    ("données été.csv".encode(), "données été.csv"),
    ("数据.csv".encode(), "数据.csv"),
    (b"%2e%2e%2fx.csv", "%2e%2e%2fx.csv"),
]


@pytest.mark.parametrize(("raw", "shown"), HOSTILE_NAMES, ids=lambda v: repr(v)[:20])
async def test_hostile_file_names_are_stored_under_generated_keys(
    raw: bytes,
    shown: str | None,
    client: AsyncClient,
    team: Team,
    owner: dict[str, str],
    db: AsyncSession,
    settings: Settings,
    tmp_path: Path,
) -> None:
    response = await client.post(
        datasets_url(team),
        headers={**owner, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        content=multipart(raw, CSV),
    )
    if shown is None:  # a header break inside the part headers: refused, never half-parsed
        assert response.status_code in {201, 400}, response.text
        if response.status_code == 400:
            assert await count_rows(db) == (0, 0)
            return
    assert response.status_code == 201, response.text
    version = response.json()["latest_version"]
    name = version["original_filename"]
    if shown is not None:
        assert name == shown
    assert "/" not in name and "\\" not in name and "\x00" not in name and "\n" not in name
    row = (
        await db.execute(select(DatasetVersion).where(DatasetVersion.id == version["id"]))
    ).scalar_one()
    assert row.original_key.startswith("blobs/sha256/") and name not in row.original_key
    # No file anywhere carries the uploaded name: the store only has its own keys.
    assert not [p for p in files_under(tmp_path) if p.name in {name, "x.csv"}]
    download = await client.get(
        f"/api/v1/workspaces/{team.workspace.id}/dataset-versions/{version['id']}/download",
        headers=owner,
    )
    assert download.status_code == 200 and download.content == CSV
    disposition = download.headers["content-disposition"]
    assert disposition.isascii() and "\n" not in disposition and "/" not in disposition
    assert disposition.startswith('attachment; filename="')


async def test_control_characters_in_names_and_tags_are_dropped(
    client: AsyncClient, team: Team, owner: dict[str, str]
) -> None:
    """PostgreSQL refuses NUL in text: names, descriptions and tags are cleaned, never a 500."""
    created = await client.post(
        datasets_url(team),
        headers=owner,
        files={"file": ("sales.csv", CSV)},
        data={"name": "Sa\x00les\r\n2024", "description": "two\nlines\x00", "tags": "a\x00b, c"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "Sales 2024" and body["description"] == "two\nlines"
    assert body["tags"] == ["ab", "c"]
    patched = await client.patch(
        f"{datasets_url(team)}/{body['id']}",
        json={"name": "New\u0000 name", "description": "x\u0000", "tags": ["t\u0000"]},
        headers=owner,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["name"] == "New name" and patched.json()["tags"] == ["t"]
