"""Job platform benchmark (issue 6).

(a) Embedded mode (SQLite, local worker supervised by `serve`): seconds from
    POST /training-jobs until the search starts (the job's "Training on N rows" event),
    over several jobs. Target: <= 1 s.
(b) PostgreSQL + Redis, `serve` with external workers and 2 `modelyard worker` processes:
    50 small jobs posted at once; all must succeed, none duplicated; prints total time.

    uv run python benchmarks/jobs.py [--jobs 50] [--samples 5]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.live import free_port, recreate_postgres_database

PASSWORD = "benchmark load passphrase"


def start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "modelyard", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_ready(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit("server not ready")


def sign_in(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=60)
    email = f"bench-{time.time_ns()}@example.com"
    client.post(
        "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Bench"}
    ).raise_for_status()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    workspace = client.post("/api/v1/workspaces", json={"name": "Bench"}).json()["id"]
    return client, workspace


def import_sample(client: httpx.Client, workspace: str, name: str) -> str:
    response = client.post(f"/api/v1/workspaces/{workspace}/sample-datasets/{name}/import")
    response.raise_for_status()
    return str(response.json()["latest_version"]["id"])


def time_to_search_start(client: httpx.Client, workspace: str, version: str, target: str) -> float:
    started = time.perf_counter()
    job = client.post(
        f"/api/v1/workspaces/{workspace}/training-jobs",
        json={"dataset_version_id": version, "target": target, "time_budget_s": 2},
    ).json()
    url = f"/api/v1/workspaces/{workspace}/training-jobs/{job['id']}/events"
    overhead = None
    with client.stream("GET", url, timeout=120) as stream:
        # Read to the end: the next sample must not queue behind this job.
        for line in stream.iter_lines():
            if line == "event: log" and overhead is None:
                overhead = time.perf_counter() - started
    if overhead is None:
        raise RuntimeError("no log event")
    return overhead


def embedded_overhead(samples: int) -> list[float]:
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MODELYARD_")}
        env.update(
            MODELYARD_DATA_DIR=data,
            MODELYARD_DEMO="false",
            MODELYARD_LOG_LEVEL="WARNING",
            MODELYARD_JOB_HEARTBEAT_S="0.5",
        )
        server = start(env, "serve", "--port", str(port))
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base)
            client, workspace = sign_in(base)
            version = import_sample(client, workspace, "titanic")
            time_to_search_start(client, workspace, version, "survived")  # warm the worker
            times = [
                time_to_search_start(client, workspace, version, "survived") for _ in range(samples)
            ]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return times


def distributed_throughput(jobs: int) -> dict[str, object]:
    database_url = recreate_postgres_database("modelyard_bench_jobs")
    subprocess.run(["redis-cli", "-n", "14", "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MODELYARD_")}
        env.update(
            MODELYARD_DATA_DIR=data,
            MODELYARD_DATABASE_URL=database_url,
            MODELYARD_REDIS_URL="redis://127.0.0.1:6379/14",
            MODELYARD_EXTERNAL_WORKERS="true",
            MODELYARD_DEMO="false",
            MODELYARD_LOG_LEVEL="WARNING",
            MODELYARD_API_KEY_RATE_LIMIT="100000/minute",
        )
        server = start(env, "serve", "--port", str(port))
        workers = [start(env, "worker", "--concurrency", "1") for _ in range(2)]
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base)
            client, workspace = sign_in(base)
            version = import_sample(client, workspace, "penguins")
            started = time.perf_counter()
            ids = [
                client.post(
                    f"/api/v1/workspaces/{workspace}/training-jobs",
                    json={
                        "dataset_version_id": version,
                        "target": "species",
                        "time_budget_s": 1,
                        "model_name": "bench",
                    },
                ).json()["id"]
                for _ in range(jobs)
            ]
            while True:
                listed = client.get(
                    f"/api/v1/workspaces/{workspace}/training-jobs", params={"limit": 200}
                ).json()["items"]
                states = [j["status"] for j in listed]
                if (
                    all(s in {"succeeded", "failed", "cancelled"} for s in states)
                    and len(states) == jobs
                ):
                    break
                time.sleep(1)
            elapsed = time.perf_counter() - started
            models = client.get(f"/api/v1/workspaces/{workspace}/models").json()["items"]
            versions = client.get(
                f"/api/v1/workspaces/{workspace}/models/{models[0]['id']}/versions",
                params={"limit": 200},
            ).json()["items"]
            job_ids = [v["job_id"] for v in versions]
        finally:
            server.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.send_signal(signal.SIGINT)
            server.wait(timeout=30)
            for worker in workers:
                worker.wait(timeout=60)
    return {
        "jobs": jobs,
        "succeeded": states.count("succeeded"),
        "failed": states.count("failed"),
        "model_versions": len(job_ids),
        "duplicated": len(job_ids) - len(set(job_ids)),
        "all_jobs_registered": sorted(job_ids) == sorted(ids),
        "seconds": round(elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    times = embedded_overhead(args.samples)
    print(
        json.dumps(
            {
                "embedded_post_to_search_start_s": [round(t, 2) for t in times],
                "median_s": round(statistics.median(times), 2),
                "target_s": 1.0,
            }
        )
    )
    print(json.dumps({"postgres_redis_2_workers": distributed_throughput(args.jobs)}))


if __name__ == "__main__":
    main()
