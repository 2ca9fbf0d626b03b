"""A real S3 server (moto, in its own process on loopback), shared by the test packages.

Import the fixtures into a package's conftest.py; each package that does gets one server per
session, started only when a test asks for it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modelyard.storage import ObjectArtifactStore, open_store

TEST_BUCKET = "modelyard-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("moto_server exited during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("moto_server did not start listening in time")


def s3_options(endpoint: str) -> dict[str, Any]:
    """fsspec options for the moto server: fixed test credentials, fail fast."""
    return {
        "key": "testing",
        "secret": "testing",
        "client_kwargs": {"endpoint_url": endpoint, "region_name": "us-east-1"},
        "config_kwargs": {"connect_timeout": 1, "read_timeout": 5, "retries": {"max_attempts": 1}},
    }


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """Start ``moto_server`` as a subprocess for the whole session."""
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    assert executable is not None, "moto[server] is a dev dependency"
    port = free_port()
    process = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_filesystem(s3_endpoint: str) -> Any:
    """One S3 client for the session, as the platform keeps one store for its lifetime."""
    store = open_store(f"s3://{TEST_BUCKET}", **s3_options(s3_endpoint))
    assert isinstance(store, ObjectArtifactStore)
    return store._fs


@pytest.fixture(scope="session")
def s3_bucket(s3_filesystem: Any) -> str:
    s3_filesystem.call_s3("create_bucket", Bucket=TEST_BUCKET)
    return TEST_BUCKET


@pytest.fixture(autouse=True)
def _no_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never reach a real AWS account from tests, whatever the developer's shell holds."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
