"""The `modelyard` command, run as users run it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from modelyard.cli import app

runner = CliRunner()


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MODELYARD_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MODELYARD_DATABASE_URL", raising=False)
    monkeypatch.delenv("MODELYARD_REDIS_URL", raising=False)
    return tmp_path


def test_migrate_creates_the_sqlite_database(data_env: Path) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert (data_env / "modelyard.db").exists()


def test_doctor_reports_healthy_embedded_setup(data_env: Path) -> None:
    runner.invoke(app, ["migrate"])
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "[ok ] database: sqlite" in result.output
    assert "[ok ] schema: revision" in result.output
    assert (
        "[ok ] jobs: queue depth 0; 0 worker process(es) live with 0 thread(s), 0 busy"
        in result.output
    )


def test_doctor_explains_what_is_wrong(data_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELYARD_REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("MODELYARD_ENVIRONMENT", "production")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "[FAIL] redis" in result.output
    assert "fix: Check MODELYARD_REDIS_URL" in result.output
    assert "[FAIL] schema: not migrated" in result.output
    assert "Set MODELYARD_SECRET_KEY" in result.output


def test_admin_create_user(data_env: Path) -> None:
    args = [
        "admin",
        "create-user",
        "--email",
        "ops@example.com",
        "--name",
        "Ops",
        "--password",
        "a long operator phrase",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Created user ops@example.com" in result.output
    again = runner.invoke(app, args)
    assert again.exit_code != 0


def test_openapi_command_prints_the_document(data_env: Path) -> None:
    result = runner.invoke(app, ["openapi"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["info"]["title"] == "Modelyard API"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_migrates_and_answers(tmp_path: Path) -> None:
    """`modelyard serve` as a real process: fresh data dir, migrated, healthy, secret persisted."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELYARD_")}
    env["MODELYARD_DATA_DIR"] = str(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "modelyard", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # Generous: a loaded CI machine takes long to import the scientific stack.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("modelyard serve did not start")
        assert response.status_code == 200
        register = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/register",
            json={"email": "a@example.com", "password": "a long passphrase", "name": "A"},
        )
        assert register.status_code == 201
        assert (tmp_path / "secret_key").exists()
        assert (tmp_path / "modelyard.db").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def test_demo_creates_workspace_with_samples_once(data_env: Path) -> None:
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "password: " in first.output and "sample datasets" in first.output
    password = first.output.split("password: ")[1].split()[0]
    assert len(password) >= 12
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 0 and "exists already" in again.output
