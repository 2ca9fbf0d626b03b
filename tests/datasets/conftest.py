"""Datasets tests run on the local store by default; tests that take `storage_backend`
parametrised with "s3" run with the artifact store on the moto S3 server instead."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from modelyard.settings import Settings
from modelyard.storage import ObjectArtifactStore, open_store
from tests.s3 import (  # noqa: F401 - fixtures
    _no_aws_environment,
    s3_bucket,
    s3_endpoint,
    s3_filesystem,
    s3_options,
)

BOTH_STORES = pytest.mark.parametrize("storage_backend", ["local", "s3"])


@pytest.fixture
def storage_backend() -> str:
    return "local"


@pytest.fixture
def settings(settings: Settings, storage_backend: str, request: pytest.FixtureRequest) -> Settings:
    if storage_backend == "local":
        return settings
    endpoint: str = request.getfixturevalue("s3_endpoint")
    bucket: str = request.getfixturevalue("s3_bucket")
    return settings.model_copy(
        update={
            "storage_url": f"s3://{bucket}/api-{uuid.uuid4().hex[:12]}",
            "storage_options": s3_options(endpoint),
        }
    )


def stored_objects(settings: Settings) -> list[str]:
    """Everything the store holds, temporary objects and unfinished multipart uploads too."""
    if settings.storage_url is None:
        root = settings.data_dir / "artifacts"
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    store = open_store(settings.storage_url, **settings.storage_options)
    assert isinstance(store, ObjectArtifactStore)
    fs: Any = store._fs
    root = store._root
    objects = sorted(path.removeprefix(f"{root}/") for path in fs.find(root))
    bucket, _, prefix = root.partition("/")
    pending = [
        f"multipart:{upload['Key']}"
        for upload in fs.list_multipart_uploads(bucket)
        if upload["Key"].startswith(f"{prefix}/")
    ]
    return objects + pending
