"""Training through a real server and worker: live events, kill -9, cancellation.

Runs on SQLite (embedded mode) and on PostgreSQL, each with its own `modelyard serve`.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest

from modelyard import engine
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
        recreate_postgres_database(f"modelyard_live_{os.getpid()}")
        if request.param == "postgres"
        else None
    )
    yield from start_live_server(tmp_path_factory.mktemp(f"live-{request.param}"), database_url)
    drop_postgres_database(database_url)


def start_job(client: httpx.Client, workspace: str, budget: float) -> dict[str, Any]:
    imported = client.post(f"/api/v1/workspaces/{workspace}/sample-datasets/titanic/import")
    assert imported.status_code == 201, imported.text
    version = imported.json()["latest_version"]["id"]
    body = {"dataset_version_id": version, "target": "survived", "time_budget_s": budget}
    created = client.post(f"/api/v1/workspaces/{workspace}/training-jobs", json=body)
    assert created.status_code == 201, created.text
    job: dict[str, Any] = created.json()
    return job


def job_state(client: httpx.Client, workspace: str, job_id: str) -> dict[str, Any]:
    state: dict[str, Any] = client.get(
        f"/api/v1/workspaces/{workspace}/training-jobs/{job_id}"
    ).json()
    return state


def read_events(
    client: httpx.Client, url: str, *, last_id: str | None = None, stop_after: int | None = None
) -> list[dict[str, str]]:
    headers = {"Last-Event-ID": last_id} if last_id else {}
    events: list[dict[str, str]] = []
    current: dict[str, str] = {}
    with client.stream("GET", url, headers=headers, timeout=120) as stream:
        for line in stream.iter_lines():
            if not line:
                if current:
                    events.append(current)
                    current = {}
                    if stop_after is not None and len(events) >= stop_after:
                        break
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(": ")
            current[field] = value
    return events


def test_training_streams_events_and_resumes_without_loss(server: LiveServer) -> None:
    with signed_in(server, f"events-{time.time_ns()}@example.com") as (client, workspace):
        job = start_job(client, workspace, budget=3)
        url = f"/api/v1/workspaces/{workspace}/training-jobs/{job['id']}/events"
        first = read_events(client, url, stop_after=3)
        rest = read_events(client, url, last_id=first[-1]["id"])
        everything = read_events(client, url)
        assert first + rest == everything
        ids = [int(e["id"]) for e in everything]
        assert ids == sorted(set(ids))
        kinds = {e["event"] for e in everything}
        assert {"state", "trial", "progress"} <= kinds
        assert '"succeeded"' in everything[-1]["data"]
        final = job_state(client, workspace, job["id"])
        assert final["status"] == "succeeded" and final["attempt"] == 1 and final["trials"] >= 1
        version = client.get(
            f"/api/v1/workspaces/{workspace}/model-versions/{final['model_version_id']}"
        ).json()
        assert version["lineage"]["job_id"] == job["id"] and version["artifacts"]["onnx"].endswith(
            "model.onnx"
        )
        assert version["metrics"]["holdout"]["roc_auc"] > 0.7
        model_file = server.data_dir / "artifacts" / version["artifacts"]["model"]
        assert hasattr(engine.load_model(model_file.read_bytes()), "predict_proba")
        holdout = pl.read_parquet(server.data_dir / "artifacts" / version["artifacts"]["holdout"])
        assert holdout.height > 0 and "survived" in holdout.columns


def test_worker_killed_mid_training_reruns_once(server: LiveServer) -> None:
    with signed_in(server, f"kill-{time.time_ns()}@example.com") as (client, workspace):
        job = start_job(client, workspace, budget=8)
        wait_for(lambda: job_state(client, workspace, job["id"])["trials"] >= 1, timeout_s=120)
        workers = server.worker_pids()
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)

        final = wait_for(
            lambda: (
                (state := job_state(client, workspace, job["id"]))["status"]
                in {"succeeded", "failed"}
                and state
            ),
            timeout_s=240,
        )
        assert final["status"] == "succeeded", final
        assert final["attempt"] == 2
        model_id = client.get(
            f"/api/v1/workspaces/{workspace}/model-versions/{final['model_version_id']}"
        ).json()["model_id"]
        versions = client.get(f"/api/v1/workspaces/{workspace}/models/{model_id}/versions").json()[
            "items"
        ]
        assert [v["job_id"] for v in versions] == [job["id"]]
        job_files = server.data_dir / "artifacts" / "jobs" / job["id"]
        assert sorted(p.name for p in job_files.iterdir()) == ["attempt-2"]
        assert server.worker_pids() and server.worker_pids() != workers


def test_cancel_stops_a_running_job(server: LiveServer) -> None:
    with signed_in(server, f"cancel-{time.time_ns()}@example.com") as (client, workspace):
        job = start_job(client, workspace, budget=60)
        wait_for(
            lambda: job_state(client, workspace, job["id"])["status"] == "running", timeout_s=120
        )
        asked = time.monotonic()
        response = client.post(f"/api/v1/workspaces/{workspace}/training-jobs/{job['id']}/cancel")
        assert response.status_code == 200 and response.json()["cancel_requested"] is True
        final = wait_for(
            lambda: (
                (state := job_state(client, workspace, job["id"]))["status"] != "running" and state
            ),
            timeout_s=60,
        )
        print(f"cancelled after {time.monotonic() - asked:.1f} s")
        assert final["status"] == "cancelled"
        assert final["model_version_id"] is None


def test_bad_training_input_fails_the_job_with_a_reason(server: LiveServer, tmp_path: Path) -> None:
    with signed_in(server, f"bad-{time.time_ns()}@example.com") as (client, workspace):
        csv = b"x,y\n" + b"".join(f"{i},1\n".encode() for i in range(50))
        uploaded = client.post(
            f"/api/v1/workspaces/{workspace}/datasets", files={"file": ("const.csv", csv)}
        )
        assert uploaded.status_code == 201, uploaded.text
        body = {
            "dataset_version_id": uploaded.json()["latest_version"]["id"],
            "target": "y",
            "time_budget_s": 3,
        }
        job = client.post(f"/api/v1/workspaces/{workspace}/training-jobs", json=body).json()
        final = wait_for(
            lambda: (
                (state := job_state(client, workspace, job["id"]))["status"]
                in {"failed", "succeeded"}
                and state
            ),
            timeout_s=120,
        )
        assert final["status"] == "failed"
        assert final["error_code"] == "constant_target" and final["error_message"]


def test_the_idle_supervised_worker_shows_in_metrics(server: LiveServer) -> None:
    with server.client() as client:

        def live_threads() -> bool:
            metrics = client.get("/metrics").text
            return 'modelyard_worker_threads{state="live"} 1.0' in metrics

        assert wait_for(live_threads, timeout_s=60)
