from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from modelyard.storage import (
    LocalArtifactStore,
    ObjectArtifactStore,
    StorageBackendMissing,
    StorageConfigurationError,
    open_store,
)


def test_plain_paths_and_file_urls_are_local(tmp_path: Path) -> None:
    urls: list[str | Path] = [tmp_path / "a", str(tmp_path / "b"), (tmp_path / "c").as_uri()]
    for url in urls:
        store = open_store(url)
        assert isinstance(store, LocalArtifactStore)
        assert store.root.is_dir()
        assert store.url.startswith("file://")
    assert isinstance(open_store(f"file://localhost{tmp_path}/d"), LocalArtifactStore)


@pytest.mark.parametrize("url", ["file://otherhost/x", "file://"])
def test_bad_file_urls(url: str) -> None:
    with pytest.raises(StorageConfigurationError):
        open_store(url)


@pytest.mark.parametrize(
    "url",
    ["ftp://host/x", "http://example.com/x", "memory://x", "hdfs://nn/x", "sftp://host/x"],
)
def test_unsupported_schemes(url: str) -> None:
    with pytest.raises(StorageConfigurationError) as info:
        open_store(url)
    assert info.value.code == "storage_unsupported_url"
    assert "MODELYARD_STORAGE_URL" in info.value.hint


@pytest.mark.parametrize(
    "url", ["s3://", "s3:///prefix", "s3://bucket/p?x=1", "s3://key:secret@bucket/p"]
)
def test_malformed_object_urls(url: str) -> None:
    with pytest.raises(StorageConfigurationError):
        open_store(url)


def test_s3_url_gives_an_object_store_without_network_io() -> None:
    store = open_store("s3://bucket/some/prefix/", key="k", secret="s")
    assert isinstance(store, ObjectArtifactStore)
    assert store.url == "s3://bucket/some/prefix"
    assert open_store("S3://bucket").url == "s3://bucket"


@pytest.mark.parametrize(
    ("url", "package"),
    [
        ("gs://bucket/p", "gcsfs"),
        ("gcs://bucket/p", "gcsfs"),
        ("az://container/p", "adlfs"),
        ("abfs://container/p", "adlfs"),
    ],
)
def test_optional_backends_name_their_package(url: str, package: str) -> None:
    if importlib.util.find_spec(package) is not None:
        pytest.skip(f"{package} is installed here")
    with pytest.raises(StorageBackendMissing) as info:
        open_store(url)
    assert info.value.code == "storage_backend_missing"
    assert f"pip install {package}" in info.value.hint


def test_storage_stays_a_library() -> None:
    """Importing the store pulls in no web framework, ORM or other domain."""
    code = (
        "import sys, modelyard.storage\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('fastapi', 'sqlalchemy', 'starlette')"
        " or (m.startswith('modelyard.') and not m.startswith('modelyard.storage'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
