"""Exports through the API with real model versions: the job runs in-process (`immediate`).

Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.exports import links
from modelyard.kit.clock import utcnow
from modelyard.models import Export, Job
from modelyard.settings import Settings
from tests.exports.conftest import Trained, register, store_of
from tests.factories import Team, bearer, make_api_key


def version_url(team: Team, version_id: str) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}/model-versions/{version_id}"


def exports_url(team: Team) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}/exports"


async def anonymous_get(app: FastAPI, path: str) -> Any:
    """A client with no cookie and no API key: only the link authorizes."""
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        return await anonymous.get(path)


async def test_export_onnx_then_download_through_a_signed_link(
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
) -> None:
    version = await register(db, store_of(app), team, dataset_version_id, linear_model)

    formats = await client.get(f"{version_url(team, version.id)}/export-formats", headers=member)
    assert formats.status_code == 200, formats.text
    onnx = next(f for f in formats.json()["formats"] if f["format"] == "onnx")
    assert onnx == {"format": "onnx", "available": True, "reason": None}

    created = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "onnx"}, headers=member
    )
    assert created.status_code == 202, created.text
    assert created.json()["status"] == "queued" and created.json()["format"] == "onnx"
    export_id = created.json()["id"]

    detail = (await client.get(f"{exports_url(team)}/{export_id}", headers=member)).json()
    assert detail["status"] == "succeeded", detail
    assert detail["parity"]["passed"] is True and detail["parity"]["rows"] == 300
    assert detail["parity"]["max_abs_diff"] <= 1e-4 and detail["parity"]["labels_equal"]
    assert detail["manifest"]["format"] == "onnx"
    assert detail["manifest"]["metadata"]["model_version_id"] == version.id
    assert detail["created_by"] == team.users["member"].id and detail["completed_at"]

    listed = await client.get(f"{version_url(team, version.id)}/exports", headers=member)
    assert [e["id"] for e in listed.json()["items"]] == [export_id]
    everything = await client.get(exports_url(team), headers=member)
    assert [e["id"] for e in everything.json()["items"]] == [export_id]

    link = await client.post(
        f"{exports_url(team)}/{export_id}/download-links", json={}, headers=member
    )
    assert link.status_code == 201, link.text
    assert link.json()["url"].endswith(link.json()["path"])
    response = await anonymous_get(app, link.json()["path"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == (
        'attachment; filename="Titanic-survived-v1-onnx.zip"; '
        "filename*=UTF-8''Titanic-survived-v1-onnx.zip"
    )
    assert hashlib.sha256(response.content).hexdigest() == detail["sha256"]
    assert len(response.content) == detail["size"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = set(bundle.namelist())
        manifest = json.loads(bundle.read("manifest.json"))
    assert {"manifest.json", *manifest["files"]} <= names and "model.onnx" in names
    assert manifest == detail["manifest"]

    row = (await db.execute(select(Export).where(Export.id == export_id))).scalar_one()
    job = (await db.execute(select(Job).where(Job.id == row.job_id))).scalar_one()
    assert job.kind == "export" and job.workspace_id == team.workspace.id
    assert row.artifact_key is not None
    assert row.artifact_key.startswith(f"jobs/{job.id}/attempt-1/")
    store = app.state.store
    assert store.exists(row.artifact_key)

    # Deleting the model deletes its exports' files with it.
    model_url = f"/api/v1/workspaces/{team.workspace.id}/models/{version.model_id}"
    assert (await client.delete(model_url, headers=member)).status_code == 204
    assert not store.exists(row.artifact_key)


async def test_without_held_out_rows_parity_is_proven_on_the_training_dataset(
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
) -> None:
    version = await register(
        db, store_of(app), team, dataset_version_id, linear_model, files=("onnx", "model")
    )
    created = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "onnx"}, headers=member
    )
    detail = (
        await client.get(f"{exports_url(team)}/{created.json()['id']}", headers=member)
    ).json()
    assert detail["status"] == "succeeded", detail
    assert detail["parity"]["passed"] and detail["parity"]["rows"] == 500


async def test_an_export_that_loses_parity_fails_with_its_report(
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
    forest_model: Trained,
) -> None:
    """An ONNX file that is not the registered model's (here: another model's) never ships."""
    version = await register(
        db, store_of(app), team, dataset_version_id, linear_model, onnx_of=forest_model
    )
    created = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "onnx"}, headers=member
    )
    export_id = created.json()["id"]
    detail = (await client.get(f"{exports_url(team)}/{export_id}", headers=member)).json()
    assert detail["status"] == "failed" and detail["error_code"] == "export_parity_failed"
    assert "does not reproduce the model" in detail["error_message"]
    assert detail["parity"]["passed"] is False and detail["parity"]["max_abs_diff"] > 1e-4
    assert detail["sha256"] is None and detail["size"] is None

    link = await client.post(f"{exports_url(team)}/{export_id}/download-links", headers=member)
    assert link.status_code == 409 and link.json()["code"] == "export_not_ready"
    assert "does not reproduce the model" in link.json()["detail"]


async def test_expired_tampered_and_forged_links_are_refused(
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    settings: Settings,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
) -> None:
    version = await register(db, store_of(app), team, dataset_version_id, linear_model)
    created = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "onnx"}, headers=member
    )
    export_id = created.json()["id"]
    link = await client.post(
        f"{exports_url(team)}/{export_id}/download-links",
        json={"expires_in_s": 60},
        headers=member,
    )
    path = link.json()["path"]
    assert (await anonymous_get(app, path)).status_code == 200
    token = path.removeprefix(links.DOWNLOAD_PATH)
    export_part, workspace_part, expires, mac = token.split(".")

    expired = links.sign(
        settings.resolved_secret_key,
        links.DownloadGrant(export_id, team.workspace.id, utcnow() - timedelta(seconds=1)),
    )
    response = await anonymous_get(app, links.DOWNLOAD_PATH + expired)
    assert response.status_code == 403 and response.json()["code"] == "download_link_expired"
    assert response.json()["hint"].startswith("Ask for a new link")

    later = str(int(expires) + 3600)
    flipped = mac[:-2] + ("AA" if mac[-2:] != "AA" else "BB")
    assert team.other_workspace is not None
    for forged in (
        f"{export_part}.{workspace_part}.{later}.{mac}",  # extended expiry
        f"{export_part}.{workspace_part}.{expires}.{flipped}",  # altered signature
        f"{export_part}.{team.other_workspace.id}.{expires}.{mac}",  # another workspace
        f"exp_{'0' * 26}.{workspace_part}.{expires}.{mac}",  # another export
        links.sign(
            "not the server secret",
            links.DownloadGrant(export_id, team.workspace.id, utcnow() + timedelta(hours=1)),
        ),
        "../../etc/passwd",
        "x",
    ):
        response = await anonymous_get(app, links.DOWNLOAD_PATH + forged)
        assert response.status_code in {403, 404}, (forged, response.text)
        assert response.json()["code"] in {"download_link_invalid", "not_found"}, forged
        assert response.json()["hint"]


async def test_unsupported_and_unavailable_formats_say_what_is_supported_and_why(
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
) -> None:
    store = store_of(app)
    version = await register(db, store, team, dataset_version_id, linear_model)
    unknown = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "tflite"}, headers=member
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "export_format_unavailable"
    assert "Unknown export format 'tflite'" in unknown.json()["detail"]
    assert "Available for this version: " in unknown.json()["detail"]
    assert "onnx" in unknown.json()["hint"]
    assert {f["format"] for f in unknown.json()["formats"]} >= {"onnx"}

    unconverted = await register(
        db, store, team, dataset_version_id, linear_model, files=("model",), name="No ONNX"
    )
    formats = await client.get(
        f"{version_url(team, unconverted.id)}/export-formats", headers=member
    )
    onnx = next(f for f in formats.json()["formats"] if f["format"] == "onnx")
    assert onnx["available"] is False and "no ONNX model" in onnx["reason"]
    refused = await client.post(
        f"{version_url(team, unconverted.id)}/exports", json={"format": "onnx"}, headers=member
    )
    assert refused.status_code == 422 and refused.json()["code"] == "export_format_unavailable"
    assert (
        "cannot be exported to onnx: The training job stored no ONNX model"
        in (refused.json()["detail"])
    )

    no_model = await register(
        db, store, team, dataset_version_id, linear_model, files=("onnx",), name="No model"
    )
    refused = await client.post(
        f"{version_url(team, no_model.id)}/exports", json={"format": "onnx"}, headers=member
    )
    assert refused.status_code == 422 and "no saved model file" in refused.json()["detail"]
    assert refused.json()["hint"].startswith("No format is available")

    assert (await db.execute(select(Export))).scalars().all() == []


async def test_other_workspaces_viewers_and_missing_ids(
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
) -> None:
    version = await register(db, store_of(app), team, dataset_version_id, linear_model)
    created = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "onnx"}, headers=member
    )
    export_id = created.json()["id"]

    assert team.other_workspace is not None
    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    elsewhere = f"/api/v1/workspaces/{team.other_workspace.id}"
    foreign = await client.post(
        f"{elsewhere}/model-versions/{version.id}/exports",
        json={"format": "onnx"},
        headers=outsider,
    )
    assert foreign.status_code == 404 and foreign.json()["code"] == "model_version_not_found"
    for path in (
        f"{elsewhere}/model-versions/{version.id}/export-formats",
        f"{elsewhere}/model-versions/{version.id}/exports",
        f"{elsewhere}/exports/{export_id}",
    ):
        response = await client.get(path, headers=outsider)
        assert response.status_code == 404, path
    link = await client.post(f"{elsewhere}/exports/{export_id}/download-links", headers=outsider)
    assert link.status_code == 404 and link.json()["code"] == "export_not_found"
    ours = await client.get(f"{exports_url(team)}/{export_id}", headers=outsider)
    assert ours.status_code == 404 and ours.json()["code"] == "workspace_not_found"

    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    refused = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": "onnx"}, headers=viewer
    )
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert (await client.get(f"{exports_url(team)}/{export_id}", headers=viewer)).status_code == 200
    link = await client.post(f"{exports_url(team)}/{export_id}/download-links", headers=viewer)
    assert link.status_code == 201

    missing = await client.get(f"{exports_url(team)}/exp_unknown", headers=member)
    assert missing.status_code == 404 and missing.json()["code"] == "export_not_found"
    missing = await client.post(
        f"{version_url(team, 'mv_unknown')}/exports", json={"format": "onnx"}, headers=member
    )
    assert missing.status_code == 404 and missing.json()["code"] == "model_version_not_found"


@pytest.mark.parametrize("export_format", ["pmml", "python", "docker"])
async def test_every_other_format_exports_with_proven_parity(
    export_format: str,
    client: AsyncClient,
    app: FastAPI,
    db: AsyncSession,
    team: Team,
    member: dict[str, str],
    dataset_version_id: str,
    linear_model: Trained,
) -> None:
    version = await register(db, store_of(app), team, dataset_version_id, linear_model)
    formats = await client.get(f"{version_url(team, version.id)}/export-formats", headers=member)
    verdict = next(f for f in formats.json()["formats"] if f["format"] == export_format)
    assert verdict["available"], verdict
    created = await client.post(
        f"{version_url(team, version.id)}/exports", json={"format": export_format}, headers=member
    )
    assert created.status_code == 202, created.text
    detail = (
        await client.get(f"{exports_url(team)}/{created.json()['id']}", headers=member)
    ).json()
    assert detail["status"] == "succeeded", detail
    assert detail["parity"]["passed"] and detail["parity"]["rows"] == 300
    assert detail["parity"]["format"] == export_format

    link = await client.post(
        f"{exports_url(team)}/{detail['id']}/download-links", json={}, headers=member
    )
    response = await anonymous_get(app, link.json()["path"])
    assert response.status_code == 200, response.text
    assert f"-v1-{export_format}.zip" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = set(bundle.namelist())
    assert {"manifest.json", *detail["manifest"]["files"]} <= names
