"""A Docker build context for the scoring server of the Python package.

    docker build -t my-model . && docker run -p 8080:8080 my-model

The image: a pinned slim Python base, the pinned requirements installed from the package index
before the code is copied (a code change keeps the cached layer), the files owned by root and run
by an unprivileged user, a HEALTHCHECK on ``/health``. Nothing is downloaded at build time beyond
the Python packages in requirements.txt. ``verify`` starts the image's entrypoint
(``python server.py``) as a process, checks ``/health`` and scores the rows over HTTP.
"""

from __future__ import annotations

import json
import math
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from modelyard.exporters.base import (
    Availability,
    ExporterError,
    Manifest,
    ModelArtifacts,
    ParityReport,
    Predictions,
    common_metadata,
    compare,
    reference_predictions,
)
from modelyard.exporters.python_package import write_package

TOLERANCE = 1e-4
PORT = 8080
APP_FILES = (
    "model.onnx",
    "signature.json",
    "metadata.json",
    "scorer.py",
    "server.py",
    "predict.py",
)
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 120.0

DOCKERFILE = """\
# Modelyard scoring server for model version {version}.
FROM python:{python}-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1 \\
    PIP_NO_CACHE_DIR=1 \\
    PIP_DISABLE_PIP_VERSION_CHECK=1 \\
    HOST=0.0.0.0 \\
    PORT={port}

RUN groupadd --system scorer \\
    && useradd --system --gid scorer --no-create-home --shell /usr/sbin/nologin scorer

WORKDIR /app

# Pinned requirements first: this layer stays cached while the model or code change.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY {files} ./

USER scorer
EXPOSE {port}
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \\
    CMD ["python", "server.py", "--check"]

CMD ["python", "server.py"]
"""

DOCKERIGNORE = """\
# Only what the Dockerfile copies goes to the daemon.
*
!requirements.txt
{allowed}
"""

DOCKER_README = """

## Docker

    docker build -t {tag} .
    docker run --rm -p {port}:{port} {tag}
    curl localhost:{port}/health

The image runs `python server.py` as the unprivileged user `scorer`; set `PORT` to move it.
"""


def dockerfile(artifacts: ModelArtifacts) -> str:
    return DOCKERFILE.format(
        version=artifacts.model_version_id,
        python=platform.python_version(),
        port=PORT,
        files=" ".join(APP_FILES),
    )


class DockerFlavor:
    name = "docker"

    def availability(self, artifacts: ModelArtifacts) -> Availability:
        if not artifacts.onnx:
            return Availability(False, "The image serves the ONNX model, and none exists.")
        return Availability(True)

    def export(self, artifacts: ModelArtifacts, destination: Path) -> Manifest:
        files = write_package(artifacts, destination)
        (destination / "Dockerfile").write_text(dockerfile(artifacts))
        allowed = "\n".join(f"!{name}" for name in APP_FILES)
        (destination / ".dockerignore").write_text(DOCKERIGNORE.format(allowed=allowed))
        tag = "".join(c if c.isalnum() else "-" for c in artifacts.model_version_id.lower())
        with (destination / "README.md").open("a") as readme:
            readme.write(DOCKER_README.format(tag=tag, port=PORT))
        manifest = Manifest(
            format=self.name,
            files=[*files, "Dockerfile", ".dockerignore"],
            metadata=common_metadata(artifacts)
            | {"base_image": f"python:{platform.python_version()}-slim-bookworm", "port": PORT},
        )
        manifest.write(destination)
        return manifest

    def verify(
        self, artifacts: ModelArtifacts, destination: Path, rows: pd.DataFrame
    ) -> ParityReport:
        """Start the entrypoint, wait for /health, score the rows over POST /predict."""
        expected = reference_predictions(artifacts, rows)
        with running_server(sys.executable, destination) as base_url:
            health = get_json(f"{base_url}/health")
            if health.get("status") != "ok":
                raise ExporterError(f"The server's /health answered {health}.")
            answer = post_json(f"{base_url}/predict", {"rows": json_rows(rows)})
        actual = parse_predictions(answer["predictions"], artifacts.classes)
        return compare(self.name, expected, actual, TOLERANCE)


# --- Driving the server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(python: str, directory: Path) -> Iterator[str]:
    """``python server.py`` in ``directory`` as the image runs it, on a free loopback port."""
    port = free_port()
    environment = os.environ | {"HOST": "127.0.0.1", "PORT": str(port)}
    process = subprocess.Popen(  # noqa: S603 - our own script, no shell
        [python, "server.py"],
        cwd=directory,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, base_url)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def _wait_until_healthy(process: subprocess.Popen[bytes], base_url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode()[-2000:] if process.stderr else ""
            raise ExporterError(f"server.py exited with {process.returncode}: {error}")
        try:
            get_json(f"{base_url}/health")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise ExporterError(f"server.py did not answer /health within {START_TIMEOUT_S:.0f} s.")


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:  # noqa: S310
        return json.loads(response.read())


def post_json(url: str, body: Any) -> Any:
    request = urllib.request.Request(  # noqa: S310 - loopback URL we built
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:  # noqa: S310
        return json.loads(response.read())


def json_value(value: Any) -> Any:
    """A cell as JSON: None for missing, ISO text for dates, exact floats (repr) for numbers."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def json_rows(rows: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [str(name) for name in rows.columns]
    return [
        {name: json_value(value) for name, value in zip(columns, row, strict=True)}
        for row in rows.itertuples(index=False, name=None)
    ]


def parse_predictions(predictions: list[dict[str, Any]], classes: list[str]) -> Predictions:
    if not classes:
        values = np.array([[float(p["prediction"])] for p in predictions], dtype=np.float64)
        return Predictions(labels=None, values=values.reshape(-1, 1))
    proba = [[float(p["probabilities"][label]) for label in classes] for p in predictions]
    return Predictions(
        labels=[str(p["prediction"]) for p in predictions],
        values=np.array(proba, dtype=np.float64).reshape(-1, len(classes)),
    )
