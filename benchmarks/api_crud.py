"""API overhead benchmark: `modelyard serve` on PostgreSQL, driven at a fixed rate with an API key.

Starts the server in its own process on a free loopback port against a dedicated PostgreSQL
database, registers a user, creates a workspace and an API key, then a separate load process
sends GET /api/v1/users/me and GET /api/v1/workspaces alternately at --rate requests/s for
--seconds (bounded), and prints latency percentiles. Target (issue 3): p95 <= 20 ms.

    uv run python benchmarks/api_crud.py [--rate 200] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import asyncpg
import httpx

ADMIN_DSN = os.environ.get("BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "modelyard_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def recreate_database() -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await connection.close()


def start_server(port: int, data_dir: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        MODELYARD_DATA_DIR=data_dir,
        MODELYARD_DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{BENCH_DB}",
        MODELYARD_LOG_LEVEL="WARNING",
        MODELYARD_API_KEY_RATE_LIMIT="100000/minute",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "modelyard", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )


def wait_ready(base: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit("server did not become ready")


def provision(base: str) -> str:
    with httpx.Client(base_url=base) as client:
        credentials = {"email": "bench@example.com", "password": "steady load passphrase"}
        client.post(
            "/api/v1/auth/register", json={**credentials, "name": "Bench"}
        ).raise_for_status()
        login = client.post("/api/v1/auth/login", json=credentials)
        login.raise_for_status()
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        client.post("/api/v1/workspaces", json={"name": "Bench"}).raise_for_status()
        key = client.post("/api/v1/api-keys", json={"name": "bench"})
        key.raise_for_status()
        return str(key.json()["key"])


async def drive(base: str, key: str, rate: int, seconds: float) -> list[tuple[float, int]]:
    """Open-loop load: requests start on schedule whether or not earlier ones finished."""
    paths = ["/api/v1/users/me", "/api/v1/workspaces"]
    results: list[tuple[float, int]] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {key}"}, limits=limits
    ) as client:

        async def one(path: str) -> None:
            started = time.perf_counter()
            try:
                response = await client.get(path, timeout=5)
                status = response.status_code
            except httpx.HTTPError:
                status = 0
            results.append((time.perf_counter() - started, status))

        tasks = []
        start = time.perf_counter()
        for index in range(int(rate * seconds)):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(paths[index % 2])))
        await asyncio.gather(*tasks)
    return results


def load_process(
    base: str, key: str, rate: int, seconds: float, queue: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    queue.put(asyncio.run(drive(base, key, rate, seconds)))


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()

    asyncio.run(recreate_database())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(port, data_dir)
        try:
            wait_ready(base)
            key = provision(base)
            asyncio.run(drive(base, key, 50, 2))  # warm-up
            queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
            worker = multiprocessing.Process(
                target=load_process, args=(base, key, args.rate, args.seconds, queue)
            )
            worker.start()
            results = queue.get(timeout=args.seconds + 120)
            worker.join()
        finally:
            server.terminate()
            server.wait(timeout=15)

    latencies = [seconds * 1000 for seconds, status in results if status == 200]
    errors = sum(1 for _, status in results if status != 200)
    summary = {
        "requests": len(results),
        "errors": errors,
        "rate_target": args.rate,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "target_p95_ms": 20,
    }
    print(json.dumps(summary))
    print(
        f"GET /users/me + /workspaces at {args.rate} req/s for {args.seconds:.0f}s: "
        f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
        f"{errors} errors of {len(results)}"
    )


if __name__ == "__main__":
    main()
