"""Datasets through the API: every format, bad files, versions, preview, profile, download, delete."""

from __future__ import annotations

import io
import json
from pathlib import Path

import polars as pl
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.service import principal_for
from modelyard.datasets import service as datasets_service
from modelyard.models import Dataset, DatasetVersion, Job
from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.datasets.builders import write_xlsx
from tests.datasets.conftest import BOTH_STORES, stored_objects
from tests.factories import Team, bearer, make_api_key, make_team

CSV = b"age,income,city,bought\n" + b"".join(
    f"{20 + i % 50},{1000 + i * 7},{['Oslo', 'Lima', 'Pune'][i % 3]},{'yes' if i % 4 else 'no'}\n".encode()
    for i in range(120)
)


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def owner_headers(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["owner"]))


def base(team: Team) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}"


async def upload(
    client: AsyncClient,
    url: str,
    headers: dict[str, str],
    content: bytes,
    filename: str = "sales.csv",
    **fields: str,
):  # type: ignore[no-untyped-def]
    return await client.post(url, headers=headers, files={"file": (filename, content)}, data=fields)


async def count_rows(db: AsyncSession) -> tuple[int, int]:
    datasets = (await db.execute(select(func.count()).select_from(Dataset))).scalar_one()
    versions = (await db.execute(select(func.count()).select_from(DatasetVersion))).scalar_one()
    return int(datasets), int(versions)


@BOTH_STORES
async def test_upload_csv_profiles_and_previews(
    client: AsyncClient, team: Team, owner_headers: dict[str, str]
) -> None:
    response = await upload(
        client, f"{base(team)}/datasets", owner_headers, CSV, name="Sales", tags="crm, q1"
    )
    assert response.status_code == 201, response.text
    dataset = response.json()
    assert dataset["name"] == "Sales" and dataset["tags"] == ["crm", "q1"]
    version = dataset["latest_version"]
    assert version["rows"] == 120 and version["column_names"] == ["age", "income", "city", "bought"]
    assert version["format"] == "csv" and version["number"] == 1

    detail = (
        await client.get(f"{base(team)}/dataset-versions/{version['id']}", headers=owner_headers)
    ).json()
    assert detail["profile_status"] == "ready" and detail["profile_progress"] == 1.0
    profile = (
        await client.get(
            f"{base(team)}/dataset-versions/{version['id']}/profile", headers=owner_headers
        )
    ).json()
    assert profile["profile"]["rows"] == 120
    assert {s["column"] for s in profile["profile"]["target_suggestions"]} & {"bought", "income"}
    column = await client.get(
        f"{base(team)}/dataset-versions/{version['id']}/columns/city", headers=owner_headers
    )
    assert column.json()["column"]["distinct"] == 3
    missing = await client.get(
        f"{base(team)}/dataset-versions/{version['id']}/columns/nope", headers=owner_headers
    )
    assert missing.status_code == 404 and missing.json()["code"] == "column_not_found"

    rows = (
        await client.get(
            f"{base(team)}/dataset-versions/{version['id']}/rows",
            params={"offset": 100, "limit": 30},
            headers=owner_headers,
        )
    ).json()
    assert rows["total_rows"] == 120 and len(rows["rows"]) == 20
    assert rows["rows"][0] == [20 + 100 % 50, 1000 + 700, "Lima", "no"]

    download = await client.get(
        f"{base(team)}/dataset-versions/{version['id']}/download", headers=owner_headers
    )
    assert download.content == CSV
    assert 'filename="sales.csv"' in download.headers["content-disposition"]


@pytest.mark.parametrize("kind", ["tsv", "parquet", "jsonl", "xlsx", "latin1"])
async def test_every_supported_format(
    kind: str, client: AsyncClient, team: Team, owner_headers: dict[str, str], tmp_path: Path
) -> None:
    frame = pl.DataFrame({"name": ["Åsa", "Bo", "Cé"], "score": [1.5, 2.0, None], "n": [1, 2, 3]})
    if kind == "tsv":
        content, filename = frame.write_csv(separator="\t").encode(), "data.tsv"
    elif kind == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        content, filename = buffer.getvalue(), "data.parquet"
    elif kind == "jsonl":
        content, filename = frame.write_ndjson().encode(), "data.jsonl"
    elif kind == "xlsx":
        path = write_xlsx(
            tmp_path / "data.xlsx",
            [["name", "score", "n"], ["Åsa", 1.5, 1], ["Bo", 2.0, 2], ["Cé", None, 3]],
        )
        content, filename = path.read_bytes(), "data.xlsx"
    else:
        content, filename = frame.write_csv().encode("latin-1"), "data.csv"
    response = await upload(client, f"{base(team)}/datasets", owner_headers, content, filename)
    assert response.status_code == 201, response.text
    version = response.json()["latest_version"]
    assert version["rows"] == 3 and version["column_names"] == ["name", "score", "n"]
    rows = (
        await client.get(
            f"{base(team)}/dataset-versions/{version['id']}/rows", headers=owner_headers
        )
    ).json()
    assert rows["rows"][0][0] == "Åsa"


BAD_FILES = {
    "empty": (b"", "empty.csv"),
    "header_only": (b"a,b,c\n", "h.csv"),
    "ragged": (b"a,b\n1,2\n3,4,5\n6,7\n", "r.csv"),
    "unclosed_quote": (b'a,b\n1,"open\n2,3\n', "q.csv"),
    "duplicate_columns": (b"a,a\n1,2\n", "d.csv"),
    "garbage": (bytes(range(256)) * 40, "g.csv"),
    "pickle": (b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01a\x94K\x01s.", "p.pkl"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@BOTH_STORES
async def test_bad_files_get_a_problem_and_leave_nothing(
    case: str,
    client: AsyncClient,
    team: Team,
    owner_headers: dict[str, str],
    db: AsyncSession,
    settings: Settings,
) -> None:
    content, filename = BAD_FILES[case]
    response = await upload(client, f"{base(team)}/datasets", owner_headers, content, filename)
    assert 400 <= response.status_code < 500, response.text
    problem = response.json()
    assert problem["code"] and problem["hint"] and problem["detail"]
    assert response.headers["content-type"] == "application/problem+json"
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


async def test_ragged_rows_name_the_line(
    client: AsyncClient, team: Team, owner_headers: dict[str, str]
) -> None:
    response = await upload(
        client, f"{base(team)}/datasets", owner_headers, b"a,b\n1,2\n3,4,5\n", "r.csv"
    )
    assert response.status_code == 422
    assert response.json()["line"] == 3


@BOTH_STORES
async def test_over_the_size_limit_is_413_and_leaves_nothing(
    settings: Settings, db: AsyncSession, team: Team, owner_headers: dict[str, str]
) -> None:
    app = make_test_app(settings.model_copy(update={"max_upload_bytes": 1000}), db)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await upload(client, f"{base(team)}/datasets", owner_headers, CSV)
    assert response.status_code == 413
    assert await count_rows(db) == (0, 0)
    assert stored_objects(settings) == []


async def test_upload_needs_multipart_with_a_file(
    client: AsyncClient, team: Team, owner_headers: dict[str, str]
) -> None:
    no_file = await client.post(
        f"{base(team)}/datasets",
        headers=owner_headers,
        data={"name": "x"},
        files={"other": ("a", b"1")},
    )
    assert no_file.status_code == 422 and no_file.json()["code"] == "upload_missing_file"
    json_body = await client.post(
        f"{base(team)}/datasets", headers=owner_headers, json={"name": "x"}
    )
    assert json_body.status_code == 415


@BOTH_STORES
async def test_versions_and_identical_content(
    client: AsyncClient, team: Team, owner_headers: dict[str, str]
) -> None:
    created = (await upload(client, f"{base(team)}/datasets", owner_headers, CSV)).json()
    url = f"{base(team)}/datasets/{created['id']}/versions"
    same = await upload(client, url, owner_headers, CSV, "again.csv")
    assert same.status_code == 201 and same.json()["version_created"] is False
    assert same.json()["latest_version"]["id"] == created["latest_version"]["id"]
    changed = await upload(client, url, owner_headers, CSV + b"99,1,Oslo,no\n")
    assert (
        changed.json()["version_created"] is True
        and changed.json()["latest_version"]["number"] == 2
    )
    versions = (await client.get(url, headers=owner_headers)).json()["items"]
    assert [v["number"] for v in versions] == [2, 1]
    latest = (
        await client.get(f"{base(team)}/datasets/{created['id']}", headers=owner_headers)
    ).json()
    assert latest["latest_version"]["number"] == 2


async def test_list_search_tag_and_update(
    client: AsyncClient, team: Team, owner_headers: dict[str, str]
) -> None:
    url = f"{base(team)}/datasets"
    first = (await upload(client, url, owner_headers, CSV, name="Churn", tags="crm")).json()
    await upload(client, url, owner_headers, CSV + b"1,1,Oslo,no\n", name="Prices", tags="finance")
    assert [
        d["name"]
        for d in (await client.get(url, params={"q": "chu"}, headers=owner_headers)).json()["items"]
    ] == ["Churn"]
    assert [
        d["name"]
        for d in (await client.get(url, params={"tag": "finance"}, headers=owner_headers)).json()[
            "items"
        ]
    ] == ["Prices"]
    page = (await client.get(url, params={"limit": 1}, headers=owner_headers)).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    patched = await client.patch(
        f"{url}/{first['id']}",
        json={"name": "Churn 2024", "tags": ["crm", "gold"]},
        headers=owner_headers,
    )
    assert patched.json()["name"] == "Churn 2024" and patched.json()["tags"] == ["crm", "gold"]


@BOTH_STORES
async def test_delete_removes_rows_and_unshared_artifacts(
    client: AsyncClient,
    team: Team,
    owner_headers: dict[str, str],
    db: AsyncSession,
    settings: Settings,
) -> None:
    url = f"{base(team)}/datasets"
    kept = (await upload(client, url, owner_headers, CSV, name="Kept")).json()
    gone = (await upload(client, url, owner_headers, CSV, name="Gone")).json()
    other = (await upload(client, url, owner_headers, CSV + b"5,5,Lima,no\n", name="Other")).json()
    files_before = len(stored_objects(settings))
    assert (await client.delete(f"{url}/{other['id']}", headers=owner_headers)).status_code == 204
    assert len(stored_objects(settings)) == files_before - 2
    assert (await client.delete(f"{url}/{gone['id']}", headers=owner_headers)).status_code == 204
    assert len(stored_objects(settings)) == files_before - 2  # Kept shares Gone's content
    download = await client.get(
        f"{base(team)}/dataset-versions/{kept['latest_version']['id']}/download",
        headers=owner_headers,
    )
    assert download.content == CSV
    assert (await client.get(f"{url}/{gone['id']}", headers=owner_headers)).status_code == 404


async def test_other_workspace_cannot_see_datasets(
    client: AsyncClient, team: Team, owner_headers: dict[str, str], db: AsyncSession
) -> None:
    created = (await upload(client, f"{base(team)}/datasets", owner_headers, CSV)).json()
    assert team.other_workspace is not None
    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    other = f"/api/v1/workspaces/{team.other_workspace.id}"
    for path in [
        f"/datasets/{created['id']}",
        f"/dataset-versions/{created['latest_version']['id']}",
        f"/dataset-versions/{created['latest_version']['id']}/download",
    ]:
        response = await client.get(other + path, headers=outsider)
        assert response.status_code == 404, path


async def test_storage_unavailable_is_503(
    settings: Settings, db: AsyncSession, team: Team, owner_headers: dict[str, str]
) -> None:
    broken = settings.model_copy(
        update={
            "storage_url": "s3://bucket/prefix",
            "storage_options": {"endpoint_url": "http://127.0.0.1:1", "key": "k", "secret": "s"},
        }
    )
    app = make_test_app(broken, db)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await upload(client, f"{base(team)}/datasets", owner_headers, CSV)
    assert response.status_code == 503, response.text
    problem = response.json()
    assert problem["code"] == "storage_unavailable" and "Retry" in problem["hint"]
    assert await count_rows(db) == (0, 0)


def test_problem_json_is_serialisable() -> None:
    assert json.dumps({"ok": True})


async def test_list_and_import_samples(
    client: AsyncClient, team: Team, owner_headers: dict[str, str]
) -> None:
    samples = (await client.get("/api/v1/sample-datasets", headers=owner_headers)).json()
    tasks = {s["task"] for s in samples}
    assert {"binary", "multiclass", "regression"} <= tasks
    assert all(s["licence"] and s["description"] for s in samples)
    imported = await client.post(
        f"{base(team)}/sample-datasets/penguins/import", headers=owner_headers
    )
    assert imported.status_code == 201, imported.text
    body = imported.json()
    assert body["name"] == "Palmer penguins" and "sample" in body["tags"]
    assert body["latest_version"]["rows"] == 344
    profile = await client.get(
        f"{base(team)}/dataset-versions/{body['latest_version']['id']}/profile",
        headers=owner_headers,
    )
    suggestions = [s["column"] for s in profile.json()["profile"]["target_suggestions"]]
    assert "species" in suggestions
    unknown = await client.post(f"{base(team)}/sample-datasets/nope/import", headers=owner_headers)
    assert unknown.status_code == 404 and unknown.json()["code"] == "sample_not_found"


async def test_viewer_cannot_import_samples(
    client: AsyncClient, team: Team, db: AsyncSession
) -> None:
    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    response = await client.post(f"{base(team)}/sample-datasets/titanic/import", headers=viewer)
    assert response.status_code == 403


async def test_profiling_is_a_job_and_a_failed_profile_fails_it(
    app: FastAPI, client: AsyncClient, team: Team, owner_headers: dict[str, str], db: AsyncSession
) -> None:
    response = await upload(client, f"{base(team)}/datasets", owner_headers, CSV)
    version_id = response.json()["latest_version"]["id"]
    job = (await db.execute(select(Job).where(Job.kind == "profiling"))).scalar_one()
    assert job.payload == {"version_id": version_id} and job.status == "succeeded"
    assert job.workspace_id == team.workspace.id and job.attempt == 1

    version = await db.get(DatasetVersion, version_id)
    assert version is not None
    version.parquet_key = app.state.store.put_bytes(b"not parquet", key="broken.parquet").key
    version.profile_status, version.profile = "pending", None
    again = await datasets_service.start_profiling(db, version, principal_for(team.users["owner"]))
    await app.state.tasks.context.enqueue_job(again.id)

    await db.refresh(again)
    await db.refresh(version)
    assert again.status == "failed" and again.error_code == "profile_failed"
    assert version.profile_status == "failed" and version.profile_error
    detail = await client.get(f"{base(team)}/dataset-versions/{version_id}", headers=owner_headers)
    assert detail.json()["profile_status"] == "failed"
