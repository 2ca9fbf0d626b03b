"""Train and export through a real `modelyard serve` and its worker process, then download the
zip over HTTP with nothing but the signed link. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.live import (
    LiveServer,
    drop_postgres_database,
    recreate_postgres_database,
    signed_in,
    start_live_server,
    wait_for,
)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    database_url = (
        recreate_postgres_database(f"modelyard_live_exports_{os.getpid()}")
        if request.param == "postgres"
        else None
    )
    yield from start_live_server(tmp_path_factory.mktemp(f"exports-{request.param}"), database_url)
    drop_postgres_database(database_url)


def finished(client: httpx.Client, url: str) -> dict[str, Any] | None:
    state: dict[str, Any] = client.get(url).json()
    return state if state["status"] in {"succeeded", "failed", "cancelled"} else None


def test_train_export_and_download_with_a_signed_link(server: LiveServer) -> None:
    with signed_in(server, "exports@example.com") as (client, workspace):
        base = f"/api/v1/workspaces/{workspace}"
        imported = client.post(f"{base}/sample-datasets/titanic/import")
        assert imported.status_code == 201, imported.text
        body = {
            "dataset_version_id": imported.json()["latest_version"]["id"],
            "target": "survived",
            "time_budget_s": 3,
            "algorithms": ["linear"],
        }
        job = client.post(f"{base}/training-jobs", json=body).json()
        trained = wait_for(lambda: finished(client, f"{base}/training-jobs/{job['id']}"), 120)
        assert trained["status"] == "succeeded", trained
        version_id = trained["model_version_id"]

        created = client.post(
            f"{base}/model-versions/{version_id}/exports", json={"format": "onnx"}
        )
        assert created.status_code == 202, created.text
        export = wait_for(lambda: finished(client, f"{base}/exports/{created.json()['id']}"), 120)
        assert export["status"] == "succeeded", export
        assert export["parity"]["passed"] and export["parity"]["rows"] > 0

        link = client.post(f"{base}/exports/{export['id']}/download-links", json={})
        assert link.status_code == 201, link.text

    with httpx.Client(base_url=server.base_url, timeout=30) as anonymous:
        response = anonymous.get(link.json()["path"])
    assert response.status_code == 200, response.text
    assert hashlib.sha256(response.content).hexdigest() == export["sha256"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        assert "model.onnx" in bundle.namelist()
    assert manifest["metadata"]["model_version_id"] == version_id
