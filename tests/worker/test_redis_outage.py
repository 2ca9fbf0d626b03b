"""Redis mode: with Redis stopped the API keeps answering; queued jobs run once it is back."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.live import free_port, live_env, signed_in, start_live_server, wait_for


def start_redis(port: int) -> subprocess.Popen[bytes]:
    """Our own Redis on its own port: the machine's shared one is never stopped."""
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for(
        lambda: (
            subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True
            ).stdout.strip()
            == b"PONG"
        ),
        20,
    )
    return process


@pytest.fixture
def redis_port() -> int:
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("redis-server is not installed (CI=true)")
        pytest.skip("redis-server is not installed")
    return free_port()


def test_jobs_survive_a_redis_outage(tmp_path: Path, redis_port: int) -> None:
    redis = start_redis(redis_port)
    settings = {"redis_url": f"redis://127.0.0.1:{redis_port}/0", "external_workers": "true"}
    servers = start_live_server(tmp_path, **settings)
    server = next(servers)
    worker = subprocess.Popen(
        [sys.executable, "-m", "modelyard", "worker"],
        env=live_env(tmp_path, **settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with signed_in(server, "redis-outage@example.com") as (client, workspace):
            imported = client.post(
                f"/api/v1/workspaces/{workspace}/sample-datasets/penguins/import"
            )
            assert imported.status_code == 201, imported.text
            version = imported.json()["latest_version"]["id"]

            redis.send_signal(signal.SIGTERM)
            redis.wait(timeout=10)
            body = {"dataset_version_id": version, "target": "species", "time_budget_s": 2}
            created = client.post(f"/api/v1/workspaces/{workspace}/training-jobs", json=body)
            assert created.status_code == 201, created.text
            job_id = created.json()["id"]
            assert (
                client.get(f"/api/v1/workspaces/{workspace}/training-jobs/{job_id}").json()[
                    "status"
                ]
                == "queued"
            )
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert [c["name"] for c in ready.json()["checks"] if not c["ok"]] == ["redis"]

            time.sleep(2)
            redis = start_redis(redis_port)
            final = wait_for(
                lambda: (
                    (
                        state := client.get(
                            f"/api/v1/workspaces/{workspace}/training-jobs/{job_id}"
                        ).json()
                    )["status"]
                    in {"succeeded", "failed"}
                    and state
                ),
                timeout_s=180,
            )
            assert final["status"] == "succeeded", final
            assert final["attempt"] == 1
            models = client.get(f"/api/v1/workspaces/{workspace}/models").json()["items"]
            versions = client.get(
                f"/api/v1/workspaces/{workspace}/models/{models[0]['id']}/versions"
            ).json()["items"]
            assert [v["job_id"] for v in versions] == [job_id]
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        for _ in servers:
            pass
        redis.send_signal(signal.SIGTERM)
        redis.wait(timeout=10)
