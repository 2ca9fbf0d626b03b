"""A store per backend: the same contract runs on a local directory and on S3 (moto)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from modelyard.storage import ArtifactStore, ObjectArtifactStore, open_store
from tests.s3 import (  # noqa: F401 - fixtures
    _no_aws_environment,
    free_port,
    s3_bucket,
    s3_endpoint,
    s3_filesystem,
    s3_options,
)


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ArtifactStore:
    """The same contract runs on every backend."""
    if request.param == "local":
        return open_store(tmp_path / "artifacts")
    fs = request.getfixturevalue("s3_filesystem")
    bucket: str = request.getfixturevalue("s3_bucket")
    # A fresh prefix per test keeps tests independent on the shared server.
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    return ObjectArtifactStore(fs, f"{bucket}/{prefix}", url=f"s3://{bucket}/{prefix}")
