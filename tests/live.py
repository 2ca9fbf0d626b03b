"""A real `modelyard serve` (with its supervised worker) in subprocesses, for fault tests."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.conftest import IN_CI, POSTGRES_URL

ADMIN_DSN = POSTGRES_URL.replace("postgresql+asyncpg", "postgresql").rsplit("/", 1)[0] + "/postgres"
PASSWORD = "live server passphrase"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen[bytes]
    data_dir: Path
    log_path: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def worker_pids(self) -> list[int]:
        """Children of the serve process running `modelyard worker`."""
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":\t", 1)
                    for line in status.read_text().splitlines()
                    if ":\t" in line
                )
                cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if (
                fields.get("PPid", "").strip() == str(self.process.pid)
                and b"modelyard worker" in cmdline
            ):
                pids.append(int(status.parent.name))
        return pids


def recreate_postgres_database(name: str) -> str:
    async def run() -> None:
        connection = await asyncpg.connect(ADMIN_DSN)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    try:
        asyncio.run(run())
    except (OSError, asyncpg.PostgresError) as error:
        if IN_CI:
            pytest.fail(f"PostgreSQL unavailable (CI=true): {error}")
        pytest.skip(f"PostgreSQL unavailable: {error}")
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(url: str | None) -> None:
    """Drop a database `recreate_postgres_database` made, once its server has stopped."""
    if url is None:
        return
    name = url.rsplit("/", 1)[1]

    async def run() -> None:
        connection = await asyncpg.connect(ADMIN_DSN)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    asyncio.run(run())


def live_env(tmp_path: Path, database_url: str | None = None, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELYARD_")}
    env.update(
        MODELYARD_DATA_DIR=str(tmp_path / "data"),
        MODELYARD_DEMO="false",
        MODELYARD_LOG_LEVEL="WARNING",
        MODELYARD_JOB_LEASE_S="4",
        MODELYARD_JOB_HEARTBEAT_S="0.5",
        MODELYARD_REAPER_INTERVAL_S="1",
        **{f"MODELYARD_{key.upper()}": value for key, value in settings.items()},
    )
    if database_url:
        env["MODELYARD_DATABASE_URL"] = database_url
    return env


def start_live_server(
    tmp_path: Path, database_url: str | None = None, **settings: str
) -> Iterator[LiveServer]:
    port = free_port()
    env = live_env(tmp_path, database_url, **settings)
    log_path = tmp_path / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "modelyard", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", process, tmp_path / "data", log_path)
    try:
        _wait_ready(server)
        yield server
    finally:
        workers = server.worker_pids()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        for pid in {*workers, *server.worker_pids()}:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()


def _wait_ready(server: LiveServer, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"serve exited: {server.log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError("serve did not become ready")


@contextmanager
def signed_in(server: LiveServer, email: str) -> Iterator[tuple[httpx.Client, str]]:
    """A client with an API key of a new user, and the id of the user's new workspace."""
    with server.client() as client:
        yield _sign_in(client, email)


def _sign_in(client: httpx.Client, email: str) -> tuple[httpx.Client, str]:
    client.post(
        "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Live"}
    ).raise_for_status()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    workspace = client.post("/api/v1/workspaces", json={"name": "Live"}).json()["id"]
    key = client.post("/api/v1/api-keys", json={"name": "live"}).json()["key"]
    client.cookies.clear()
    del client.headers["X-CSRF-Token"]
    client.headers["Authorization"] = f"Bearer {key}"
    return client, workspace


def wait_for(predicate, timeout_s: float, interval_s: float = 0.25):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    raise AssertionError(f"condition not met within {timeout_s} s")
