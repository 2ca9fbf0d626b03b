"""Artifact stores on object storage (S3, GCS, Azure) through fsspec.

An object appears only when its upload completes (single PUT or multipart complete), so a
named write goes straight to its key and is aborted on failure. A content-addressed write
streams to ``<root>/.tmp/<uuid>`` first, because the hash is known only at the end; the commit
is a server-side copy to ``blobs/sha256/..`` followed by deleting the temporary object.
Incomplete multipart uploads left by a killed process are invisible; a bucket lifecycle rule
("abort incomplete multipart uploads after 1 day", expire ``.tmp/`` after 1 day) reclaims them.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from modelyard.storage.base import ArtifactInfo, ArtifactStore, ArtifactWriter
from modelyard.storage.errors import ArtifactNotFound, StorageError, StorageUnavailable

_TMP_DIR = ".tmp"
_READ_BLOCK = 8 * 1024 * 1024  # bytes fetched per ranged GET when streaming a download


class ObjectArtifactStore(ArtifactStore):
    """Artifacts as objects under ``root`` ("bucket/prefix") of an fsspec filesystem."""

    def __init__(self, fs: Any, root: str, *, url: str) -> None:
        self._fs = fs
        self._root = root.strip("/")
        self.url = url

    def check(self) -> None:
        probe = f"{_TMP_DIR}/check-{uuid.uuid4().hex}"
        with _translated(probe, writing=True):
            self._fs.pipe_file(self._path(probe), b"")
            self._fs.rm_file(self._path(probe))

    def sweep_temporary(self, older_than: float = 86_400.0) -> int:
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than)
        removed = 0
        with _translated(_TMP_DIR):
            found: dict[str, dict[str, Any]] = self._fs.find(self._path(_TMP_DIR), detail=True)
            for path, info in found.items():
                modified = info.get("LastModified")
                if isinstance(modified, datetime) and modified < cutoff:
                    self._fs.rm_file(path)
                    removed += 1
            removed += self._abort_stale_uploads(cutoff)
        return removed

    def _abort_stale_uploads(self, cutoff: datetime) -> int:
        """S3 keeps the parts of an upload that was never completed nor aborted, unseen."""
        if not hasattr(self._fs, "list_multipart_uploads"):
            return 0
        bucket, _, prefix = self._root.partition("/")
        removed = 0
        for upload in self._fs.list_multipart_uploads(bucket):
            key, started = upload.get("Key", ""), upload.get("Initiated")
            inside = not prefix or key.startswith(f"{prefix}/")
            if inside and isinstance(started, datetime) and started < cutoff:
                self._fs.abort_mpu(bucket, key, upload["UploadId"])
                removed += 1
        return removed

    def _path(self, key: str) -> str:
        return f"{self._root}/{key}" if self._root else key

    def _writer(self, key: str | None, max_bytes: int | None) -> ArtifactWriter:
        return _ObjectWriter(self, key, max_bytes)

    def _open(self, key: str) -> BinaryIO:
        self._stat(key)
        with _translated(key):
            return cast(BinaryIO, self._fs.open(self._path(key), "rb", block_size=_READ_BLOCK))

    def _exists(self, key: str) -> bool:
        try:
            self._stat(key)
        except ArtifactNotFound:
            return False
        return True

    def _stat(self, key: str) -> ArtifactInfo:
        with _translated(key):
            info = self._fs.info(self._path(key))
        if info.get("type") != "file":
            raise ArtifactNotFound(f"No artifact at {key!r}.")
        return ArtifactInfo(key=key, size=int(info["size"]))

    def _delete(self, key: str) -> bool:
        if not self._exists(key):
            return False
        with _translated(key):
            self._fs.rm_file(self._path(key))
        return True

    def _list(self, prefix: str) -> Iterator[ArtifactInfo]:
        directory = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        base = self._path(directory) if directory else self._root
        with _translated(prefix):
            found: dict[str, dict[str, Any]] = self._fs.find(base, detail=True)
        start = len(self._root) + 1 if self._root else 0
        for path, info in found.items():
            key = path.strip("/")[start:]
            if info.get("type") != "file" or key.startswith(f"{_TMP_DIR}/"):
                continue
            if key.startswith(prefix):
                yield ArtifactInfo(key=key, size=int(info["size"]))

    @contextmanager
    def _download(self, key: str) -> Iterator[Path]:
        self._stat(key)
        handle, name = tempfile.mkstemp(prefix="modelyard-artifact-")
        os.close(handle)
        try:
            with _translated(key):
                self._fs.get_file(self._path(key), name)
            yield Path(name)
        finally:
            Path(name).unlink(missing_ok=True)

    def _local_path(self, key: str) -> AbstractContextManager[Path]:
        return self._download(key)


class _ObjectWriter(ArtifactWriter):
    def __init__(self, store: ObjectArtifactStore, key: str | None, max_bytes: int | None) -> None:
        super().__init__(key, max_bytes)
        self._store = store
        self._tmp_key = key if key is not None else f"{_TMP_DIR}/{uuid.uuid4().hex}"
        self._uploaded = False
        with _translated(self._tmp_key, writing=True):
            self._file: IO[bytes] | None = store._fs.open(store._path(self._tmp_key), "wb")

    def _write(self, chunk: bytes) -> None:
        assert self._file is not None
        with _translated(self._tmp_key, writing=True):
            self._file.write(chunk)

    def _commit(self, digest: str) -> str:
        assert self._file is not None
        key = self._final_key(digest)
        fs, path = self._store._fs, self._store._path
        with _translated(key, writing=True):
            self._file.close()  # completes the upload: the object becomes visible
            self._file = None
            self._uploaded = True
            if self._key is not None:
                return key
            if not self._store._exists(key):
                fs.copy(path(self._tmp_key), path(key))
        self._discard()
        return key

    def _discard(self) -> None:
        if self._file is not None:
            file, self._file = self._file, None
            _abandon(file)
        elif self._uploaded and self._key is None:
            self._uploaded = False
            with suppress(FileNotFoundError):
                self._store._fs.rm_file(self._store._path(self._tmp_key))


def _abandon(file: IO[bytes]) -> None:
    """Drop an unfinished upload without committing it (close() would commit)."""
    try:
        discard = getattr(file, "discard", None)
        if callable(discard):
            discard()
    finally:
        # fsspec files commit on close() and on garbage collection unless marked closed.
        file.closed = True  # type: ignore[misc]


@contextmanager
def _translated(key: str, *, writing: bool = False) -> Iterator[None]:
    """Map backend exceptions onto the store's error types."""
    try:
        yield
    except StorageError:
        raise
    except FileNotFoundError as exc:
        if writing:
            raise StorageUnavailable(
                f"The storage location for {key!r} does not exist ({exc}).",
                hint="Check that the bucket or container in MODELYARD_STORAGE_URL exists.",
            ) from exc
        raise ArtifactNotFound(f"No artifact at {key!r}.") from exc
    except PermissionError as exc:
        raise StorageUnavailable(
            f"The artifact store refused access to {key!r}.",
            hint="Check the storage credentials and the bucket's permissions.",
        ) from exc
    except (ValueError, TypeError, AttributeError, AssertionError):
        raise
    except Exception as exc:  # the backend's network, timeout and service errors
        raise StorageUnavailable(f"The artifact store failed: {type(exc).__name__}.") from exc
