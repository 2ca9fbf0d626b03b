"""Batch predictions and scheduled monitoring through a real `serve` and its worker process.

Runs on SQLite (embedded mode) and on PostgreSQL, each with its own `modelyard serve`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any

import httpx
import polars as pl
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
        recreate_postgres_database(f"modelyard_batch_live_{os.getpid()}")
        if request.param == "postgres"
        else None
    )
    yield from start_live_server(
        tmp_path_factory.mktemp(f"batch-{request.param}"),
        database_url,
        batch_chunk_rows="300",
        monitoring_interval_s="1",
        drift_interval_s="3",
        drift_min_rows="1",
        prediction_log_flush_s="0.5",
    )
    drop_postgres_database(database_url)


def _finished(client: httpx.Client, url: str) -> dict[str, Any] | None:
    state: dict[str, Any] = client.get(url).json()
    return state if state["status"] in {"succeeded", "failed", "cancelled"} else None


def test_batch_job_on_the_worker_and_scheduled_drift(server: LiveServer) -> None:
    with signed_in(server, "batch-live@example.com") as (client, workspace):
        base = f"/api/v1/workspaces/{workspace}"
        imported = client.post(f"{base}/sample-datasets/titanic/import")
        assert imported.status_code == 201, imported.text
        version = imported.json()["latest_version"]
        job = client.post(
            f"{base}/training-jobs",
            json={
                "dataset_version_id": version["id"],
                "target": "survived",
                "time_budget_s": 4,
                "algorithms": ["lightgbm"],
            },
        ).json()
        trained = wait_for(lambda: _finished(client, f"{base}/training-jobs/{job['id']}"), 240)
        assert trained["status"] == "succeeded", trained
        deployed = client.post(
            f"{base}/deployments",
            json={"name": "titanic", "model_version_id": trained["model_version_id"]},
        )
        assert deployed.status_code == 201, deployed.text
        deployment = deployed.json()
        batches = f"{base}/deployments/{deployment['id']}/batch-predictions"

        created = client.post(batches, json={"dataset_version_id": version["id"]})
        assert created.status_code == 201, created.text
        done = wait_for(lambda: _finished(client, f"{batches}/{created.json()['id']}"), 120)
        assert done["status"] == "succeeded", done
        assert done["rows_done"] == done["rows_total"] == version["rows"]
        scored = pl.read_csv(io.BytesIO(client.get(done["download_url"]).content))
        assert scored.height == version["rows"] and "probability_yes" in scored.columns

        preview = client.get(f"{base}/dataset-versions/{version['id']}/rows?limit=40").json()
        records = [
            {k: v for k, v in zip(preview["columns"], row, strict=True) if k != "survived"}
            for row in preview["rows"]
        ]
        predicted = client.post(deployment["predict_url"], json={"records": records})
        assert predicted.status_code == 200, predicted.text

        def scheduled_report() -> dict[str, Any] | None:
            reports = client.get(f"{base}/deployments/{deployment['id']}/drift-reports").json()
            with_rows = [r for r in reports["items"] if r["trigger"] == "schedule" and r["rows"]]
            return with_rows[0] if with_rows else None

        report = wait_for(scheduled_report, 60, interval_s=0.5)
        assert report["rows"] == len(records) and report["status"] == "ready"
