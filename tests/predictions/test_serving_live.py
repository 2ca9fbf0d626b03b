"""A real `modelyard serve`: train two versions, deploy, then hammer predict from a thread while
promoting and rolling back; not one request may fail. The background flusher then writes the
prediction log to the store. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
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
        recreate_postgres_database(f"modelyard_live_serving_{os.getpid()}")
        if request.param == "postgres"
        else None
    )
    yield from start_live_server(
        tmp_path_factory.mktemp(f"serving-{request.param}"),
        database_url,
        prediction_log_flush_s="0.5",
    )
    drop_postgres_database(database_url)


def _finished(client: httpx.Client, url: str) -> dict[str, Any] | None:
    state: dict[str, Any] = client.get(url).json()
    return state if state["status"] in {"succeeded", "failed", "cancelled"} else None


def _record(signature: dict[str, Any]) -> dict[str, Any]:
    values = {"numeric": 30.0, "boolean": True, "datetime": "2024-01-01"}
    return {
        column["name"]: (column["categories"] or ["x"])[0]
        if column["kind"] == "categorical"
        else values[column["kind"]]
        for column in signature["columns"]
    }


def test_no_failed_request_while_promoting(server: LiveServer) -> None:
    with signed_in(server, "serving@example.com") as (client, workspace):
        base = f"/api/v1/workspaces/{workspace}"
        imported = client.post(f"{base}/sample-datasets/titanic/import")
        assert imported.status_code == 201, imported.text
        versions = []
        for seed in (0, 1):
            job = client.post(
                f"{base}/training-jobs",
                json={
                    "dataset_version_id": imported.json()["latest_version"]["id"],
                    "target": "survived",
                    "time_budget_s": 2,
                    "algorithms": ["linear"],
                    "seed": seed,
                },
            ).json()
            url = f"{base}/training-jobs/{job['id']}"
            trained = wait_for(lambda url=url: _finished(client, url), 180)
            assert trained["status"] == "succeeded", trained
            versions.append(trained["model_version_id"])
        v1, v2 = versions
        signature = client.get(f"{base}/model-versions/{v1}").json()["signature"]
        deployment = client.post(
            f"{base}/deployments", json={"name": "live", "model_version_id": v1}
        ).json()
        body = {"record": _record(signature)}

        statuses: list[int] = []
        seen: set[str] = set()
        ids: list[str] = []
        stop = threading.Event()

        def hammer() -> None:
            with httpx.Client(base_url=server.base_url, headers=client.headers, timeout=30) as own:
                while not stop.is_set():
                    response = own.post(deployment["predict_url"], json=body)
                    statuses.append(response.status_code)
                    if response.status_code == 200:
                        seen.add(response.json()["model_version_id"])
                        ids.extend(response.json()["prediction_ids"])

        thread = threading.Thread(target=hammer)
        thread.start()
        try:
            for _ in range(3):
                time.sleep(0.3)
                promoted = client.post(
                    f"{base}/deployments/{deployment['id']}/promote", json={"model_version_id": v2}
                )
                assert promoted.status_code == 200, promoted.text
                time.sleep(0.3)
                rolled = client.post(f"{base}/deployments/{deployment['id']}/rollback", json={})
                assert rolled.status_code == 200, rolled.text
            time.sleep(0.3)
        finally:
            stop.set()
            thread.join(timeout=60)
        assert len(statuses) > 20
        assert set(statuses) == {200}
        assert seen == {v1, v2}

        # The background flusher wrote the sampled requests to Parquet in the store...
        log_dir = server.data_dir / "artifacts" / "predictions" / workspace / deployment["id"]
        wait_for(lambda: list(log_dir.rglob("*.parquet")), 30)
        # ...and every prediction's record, to which late actuals join.
        answer = wait_for(lambda: _matched(client, deployment["id"], ids[-1]), 30)
        assert answer["accepted"] == 1


def _matched(client: httpx.Client, deployment_id: str, prediction_id: str) -> Any:
    answer = client.post(
        f"/api/v1/deployments/{deployment_id}/actuals",
        json={"actuals": [{"prediction_id": prediction_id, "actual": "yes"}]},
    ).json()
    return answer if not answer["unmatched"] else None
