"""Local-directory specifics: links planted inside the store never lead outside it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from modelyard.storage import (
    ArtifactNotFound,
    LocalArtifactStore,
    StorageUnavailable,
    open_store,
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("top secret")
    return secret


@pytest.fixture
def local(tmp_path: Path) -> LocalArtifactStore:
    store = open_store(tmp_path / "store")
    assert isinstance(store, LocalArtifactStore)
    return store


def test_symlinked_file_is_invisible(local: LocalArtifactStore, outside: Path) -> None:
    (local.root / "evil").symlink_to(outside / "secret.txt")
    (local.root / "dir").mkdir()
    (local.root / "dir" / "evil").symlink_to(outside / "secret.txt")
    for key in ["evil", "dir/evil"]:
        assert not local.exists(key)
        with pytest.raises(ArtifactNotFound):
            local.open(key)
        with pytest.raises(ArtifactNotFound):
            local.stat(key)
        with pytest.raises(ArtifactNotFound), local.local_path(key):
            pass
        assert local.delete(key) is False
    assert local.list() == []
    assert (outside / "secret.txt").read_text() == "top secret"


def test_symlinked_directory_is_not_followed(local: LocalArtifactStore, outside: Path) -> None:
    (local.root / "jobs").symlink_to(outside, target_is_directory=True)
    assert not local.exists("jobs/secret.txt")
    with pytest.raises(ArtifactNotFound):
        local.open("jobs/secret.txt")
    assert local.delete("jobs/secret.txt") is False
    assert local.list("jobs/") == []
    with pytest.raises(StorageUnavailable):
        local.put_bytes(b"planted", key="jobs/planted.txt")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert list((local.root / ".tmp").iterdir()) == []


def test_symlink_to_parent_cannot_be_traversed(local: LocalArtifactStore, tmp_path: Path) -> None:
    (local.root / "up").symlink_to(tmp_path, target_is_directory=True)
    assert not local.exists("up/outside/secret.txt")
    with pytest.raises(StorageUnavailable):
        local.put_bytes(b"x", key="up/written.txt")
    assert not (tmp_path / "written.txt").exists()


def test_store_root_may_itself_be_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    store = open_store(tmp_path / "link")
    ref = store.put_bytes(b"hello")
    assert (real / ref.key).read_bytes() == b"hello"


def test_special_files_are_not_artifacts(local: LocalArtifactStore) -> None:
    os.mkfifo(local.root / "pipe")
    with pytest.raises(ArtifactNotFound):
        local.open("pipe")  # must not block waiting for a writer
    assert not local.exists("pipe")
    assert local.list() == []


def test_local_path_is_the_stored_file(local: LocalArtifactStore) -> None:
    ref = local.put_bytes(b"parquet bytes", key="datasets/ds_1/v1/data.parquet")
    with local.local_path(ref.key) as path:
        assert path == local.root / "datasets" / "ds_1" / "v1" / "data.parquet"
        assert path.read_bytes() == b"parquet bytes"
    assert path.exists()


def test_files_are_not_world_readable(local: LocalArtifactStore) -> None:
    ref = local.put_bytes(b"private")
    mode = (local.root / ref.key).stat().st_mode & 0o777
    assert mode & 0o007 == 0


def test_missing_root_is_unavailable(local: LocalArtifactStore) -> None:
    shutil.rmtree(local.root)
    (local.root.parent / "store").write_text("now a file")
    for operation in (
        lambda: local.put_bytes(b"x"),
        lambda: local.open("a"),
        lambda: local.exists("a"),
        local.check,
    ):
        with pytest.raises(StorageUnavailable) as info:
            operation()
        assert info.value.code == "storage_unavailable"
        assert info.value.status == 503
        assert "Retry" in info.value.hint


def test_unwritable_root_fails_the_check(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    store = open_store(tmp_path / "ro")
    store.check()
    (tmp_path / "ro").chmod(0o500)
    try:
        with pytest.raises(StorageUnavailable):
            store.check()
    finally:
        (tmp_path / "ro").chmod(0o700)


def test_uncreatable_root_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StorageUnavailable):
        open_store(tmp_path / "file" / "store")


def test_sweep_removes_stale_temporary_files(local: LocalArtifactStore) -> None:
    local.check()  # creates .tmp
    stale, fresh = local.root / ".tmp" / "dead.part", local.root / ".tmp" / "live.part"
    stale.write_bytes(b"left by a killed worker")
    fresh.write_bytes(b"being written")
    old = stale.stat().st_mtime - 2 * 86_400
    os.utime(stale, (old, old))
    assert local.sweep_temporary() == 1
    assert not stale.exists()
    assert fresh.exists()
