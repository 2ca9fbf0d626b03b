"""One contract, every backend: the ``store`` fixture runs each test on local disk and on S3."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from modelyard.storage import (
    ArtifactNotFound,
    ArtifactStore,
    ArtifactTooLarge,
    InvalidArtifactKey,
    StorageError,
    content_key,
)
from tests.storage.test_keys import HOSTILE_KEYS


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _all_objects(store: ArtifactStore) -> list[str]:
    """Every object under the root, the store's temporary area included."""
    from modelyard.storage import LocalArtifactStore, ObjectArtifactStore

    if isinstance(store, LocalArtifactStore):
        return sorted(
            str(p.relative_to(store.root)) for p in store.root.rglob("*") if not p.is_dir()
        )
    assert isinstance(store, ObjectArtifactStore)
    root = store._root
    return sorted(p[len(root) + 1 :] for p in store._fs.find(root))


def test_content_addressed_round_trip(store: ArtifactStore) -> None:
    data = b"a,b\n1,2\n" * 1000
    ref = store.put_stream([data[:100], data[100:5000], b"", data[5000:]])
    assert ref.sha256 == _sha(data)
    assert ref.size == len(data)
    assert ref.key == content_key(ref.sha256)
    assert store.exists(ref.key)
    assert store.stat(ref.key).size == len(data)
    assert store.read_bytes(ref.key) == data
    assert b"".join(store.iter_chunks(ref.key, chunk_size=1000)) == data
    with store.open(ref.key) as handle:
        assert handle.read(3) == b"a,b"
    with store.local_path(ref.key) as path:
        assert path.read_bytes() == data
    assert _all_objects(store) == [ref.key]


def test_identical_content_is_stored_once(store: ArtifactStore) -> None:
    first = store.put_bytes(b"same bytes")
    second = store.put_stream([b"same ", b"bytes"])
    assert first == second
    assert [info.key for info in store.list()] == [first.key]
    assert _all_objects(store) == [first.key]


def test_empty_content(store: ArtifactStore) -> None:
    ref = store.put_stream([])
    assert ref.size == 0
    assert ref.sha256 == _sha(b"")
    assert store.read_bytes(ref.key) == b""


def test_named_artifacts_are_replaced_whole(store: ArtifactStore) -> None:
    key = "jobs/job_1/attempt-2/model.onnx"
    first = store.put_bytes(b"first", key=key)
    assert first.key == key
    assert first.sha256 == _sha(b"first")
    second = store.put_stream([b"sec", b"ond"], key=key)
    assert second.size == 6
    assert store.read_bytes(key) == b"second"
    assert _all_objects(store) == [key]


def test_named_writes_cannot_forge_content_keys(store: ArtifactStore) -> None:
    with pytest.raises(InvalidArtifactKey):
        store.put_bytes(b"not what the hash says", key=content_key("0" * 64))
    assert store.list() == []


def test_put_file(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "upload.bin"
    source.write_bytes(b"\x00\x01" * 700_000)
    ref = store.put_file(source)
    assert ref.sha256 == _sha(source.read_bytes())
    named = store.put_file(source, key="exports/e1/bundle.bin")
    assert store.stat(named.key).size == source.stat().st_size


class _CountingChunks:
    def __init__(self, chunk: bytes, count: int) -> None:
        self.chunk, self.count, self.pulled = chunk, count, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.count):
            self.pulled += 1
            yield self.chunk


@pytest.mark.parametrize("key", [None, "uploads/too-big.csv"])
def test_size_limit_stops_the_stream_and_keeps_nothing(
    store: ArtifactStore, key: str | None
) -> None:
    chunks = _CountingChunks(b"x" * 1000, 100)
    with pytest.raises(ArtifactTooLarge) as info:
        store.put_stream(chunks, key=key, max_bytes=2500)
    assert chunks.pulled == 3  # refused as soon as the limit was crossed
    assert info.value.code == "storage_artifact_too_large"
    assert info.value.status == 413
    assert info.value.limit == 2500
    assert _all_objects(store) == []


def test_size_limit_is_inclusive(store: ArtifactStore) -> None:
    ref = store.put_stream([b"x" * 1000, b"y" * 1000], max_bytes=2000)
    assert ref.size == 2000


@pytest.mark.parametrize("key", [None, "uploads/aborted.csv"])
def test_a_stream_that_fails_midway_leaves_nothing(store: ArtifactStore, key: str | None) -> None:
    def aborted_upload() -> Iterator[bytes]:
        yield b"half of "
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.put_stream(aborted_upload(), key=key)
    assert _all_objects(store) == []


def test_writer_commits_only_on_request(store: ArtifactStore) -> None:
    with store.writer() as writer:
        writer.write(b"abandoned")
    assert _all_objects(store) == []
    with pytest.raises(StorageError):
        writer.write(b"more")
    with store.writer(key="a/b.txt") as writer:
        writer.write(b"kept")
        assert writer.size == 4
        ref = writer.commit()
    assert store.read_bytes(ref.key) == b"kept"
    with pytest.raises(StorageError):
        writer.commit()
    with pytest.raises(ValueError, match="max_bytes"):
        store.writer(max_bytes=-1)


def test_missing_artifacts(store: ArtifactStore) -> None:
    store.put_bytes(b"x", key="dir/present")
    for key in ["absent", "dir/absent", "dir", "nowhere/deep/x"]:
        assert not store.exists(key)
        with pytest.raises(ArtifactNotFound) as info:
            store.open(key)
        assert info.value.status == 404
        with pytest.raises(ArtifactNotFound):
            store.stat(key)
        with pytest.raises(ArtifactNotFound):
            store.iter_chunks(key)
        with pytest.raises(ArtifactNotFound), store.local_path(key):
            pass
        assert store.delete(key) is False


def test_delete(store: ArtifactStore) -> None:
    ref = store.put_bytes(b"to delete")
    assert store.delete(ref.key) is True
    assert not store.exists(ref.key)
    assert store.delete(ref.key) is False
    again = store.put_bytes(b"to delete")  # content can come back after deletion
    assert store.read_bytes(again.key) == b"to delete"


def test_list_by_prefix(store: ArtifactStore) -> None:
    keys = [
        "jobs/job_1/attempt-1/model.onnx",
        "jobs/job_1/attempt-2/model.onnx",
        "jobs/job_10/attempt-1/model.onnx",
        "jobs/job_2/attempt-1/metrics.json",
        "top.txt",
    ]
    for index, key in enumerate(keys):
        store.put_bytes(b"x" * index, key=key)
    blob = store.put_bytes(b"blob")
    assert [i.key for i in store.list("jobs/job_1/")] == keys[:2]
    assert [i.key for i in store.list("jobs/job_1")] == keys[:3]
    assert [(i.key, i.size) for i in store.list("jobs/job_2/")] == [(keys[3], 3)]
    assert [i.key for i in store.list("t")] == ["top.txt"]
    assert [i.key for i in store.list()] == sorted([*keys, blob.key])
    assert store.list("nothing/") == []
    assert store.list("jobs/nothing/here") == []


def test_hostile_keys_are_refused_by_every_operation(store: ArtifactStore) -> None:
    operations: list[Callable[[str], object]] = [
        lambda key: store.put_bytes(b"x", key=key),
        lambda key: store.writer(key=key),
        store.open,
        store.exists,
        store.stat,
        store.delete,
        store.read_bytes,
        store.local_path,
    ]
    for key in HOSTILE_KEYS:
        for operation in operations:
            with pytest.raises(InvalidArtifactKey):
                operation(key)
    assert _all_objects(store) == []


def test_check_passes_on_a_healthy_store(store: ArtifactStore) -> None:
    store.check()
    assert store.list() == []
    assert "://" in store.url


def test_concurrent_writers_of_the_same_content(store: ArtifactStore) -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = b"uploaded twice at once" * 1000
    with ThreadPoolExecutor(max_workers=6) as pool:
        refs = list(pool.map(lambda _: store.put_stream([data[:7], data[7:]]), range(6)))
    assert len(set(refs)) == 1
    assert _all_objects(store) == [refs[0].key]
    assert store.read_bytes(refs[0].key) == data


def test_sweep_leaves_live_writes_and_artifacts_alone(store: ArtifactStore) -> None:
    kept = store.put_bytes(b"kept")
    with store.writer() as live:
        live.write(b"in progress")
        assert store.sweep_temporary(older_than=3600) == 0
        assert live.commit().key
    assert store.exists(kept.key)
    assert store.sweep_temporary(older_than=0) == 0  # nothing temporary left
