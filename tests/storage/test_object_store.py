"""S3 specifics, against the moto server: unreachable endpoints, missing buckets, temp objects."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from modelyard.storage import ArtifactTooLarge, StorageUnavailable, open_store
from tests.storage.conftest import free_port, s3_options


def test_unreachable_endpoint_is_unavailable() -> None:
    store = open_store("s3://bucket/prefix", **s3_options(f"http://127.0.0.1:{free_port()}"))
    operations = [
        lambda: store.put_bytes(b"x"),
        lambda: store.put_bytes(b"x", key="named"),
        lambda: store.open("a"),
        lambda: store.exists("a"),
        lambda: store.list(),
        store.check,
    ]
    for operation in operations:
        with pytest.raises(StorageUnavailable) as info:
            operation()
        assert info.value.status == 503


def test_missing_bucket_is_unavailable_not_missing_artifact(s3_endpoint: str) -> None:
    store = open_store(f"s3://no-such-bucket-{uuid.uuid4().hex[:8]}", **s3_options(s3_endpoint))
    with pytest.raises(StorageUnavailable) as info:
        store.put_bytes(b"x")
    assert "bucket" in info.value.hint
    with pytest.raises(StorageUnavailable):
        store.check()


def test_large_upload_goes_multipart_and_aborts_cleanly(s3_endpoint: str, s3_bucket: str) -> None:
    """Past one block s3fs uploads parts; crossing the limit aborts the multipart upload."""
    prefix = f"mp-{uuid.uuid4().hex[:8]}"
    store = open_store(
        f"s3://{s3_bucket}/{prefix}", default_block_size=5 * 2**20, **s3_options(s3_endpoint)
    )
    chunk = b"z" * 2**20

    def chunks(n: int) -> Iterator[bytes]:
        for _ in range(n):
            yield chunk

    ref = store.put_stream(chunks(12))
    assert store.stat(ref.key).size == 12 * 2**20
    with pytest.raises(ArtifactTooLarge):
        store.put_stream(chunks(12), key="big/named.bin", max_bytes=11 * 2**20)
    assert [info.key for info in store.list()] == [ref.key]
    fs = store._fs  # type: ignore[attr-defined]
    assert fs.list_multipart_uploads(s3_bucket) == []


def test_sweep_aborts_abandoned_multipart_uploads(s3_endpoint: str, s3_bucket: str) -> None:
    prefix = f"sweep-{uuid.uuid4().hex[:8]}"
    store = open_store(
        f"s3://{s3_bucket}/{prefix}", default_block_size=5 * 2**20, **s3_options(s3_endpoint)
    )
    fs = store._fs  # type: ignore[attr-defined]
    # A worker killed mid-upload: one part sent, never completed nor aborted.
    upload = fs.call_s3("create_multipart_upload", Bucket=s3_bucket, Key=f"{prefix}/x")
    fs.pipe_file(f"{s3_bucket}/{prefix}/.tmp/dead", b"orphan")
    other = fs.call_s3("create_multipart_upload", Bucket=s3_bucket, Key="elsewhere/y")
    # moto dates every multipart upload 2010-11-10, so only a cutoff before that spares it.
    assert store.sweep_temporary(older_than=20 * 365 * 86_400) == 0
    assert store.sweep_temporary(older_than=-60) == 2
    remaining = {u["UploadId"] for u in fs.list_multipart_uploads(s3_bucket)}
    assert upload["UploadId"] not in remaining
    assert other["UploadId"] in remaining  # outside this store's prefix
    fs.call_s3(
        "abort_multipart_upload", Bucket=s3_bucket, Key="elsewhere/y", UploadId=other["UploadId"]
    )
    assert store.list() == []
