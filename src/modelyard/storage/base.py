"""The artifact store interface shared by every backend.

Two kinds of artifact live in a store:

- content-addressed blobs (uploads): ``put_stream(chunks)`` hashes while streaming to a
  temporary object and commits it under ``blobs/sha256/<aa>/<sha256>``; identical content is
  stored once;
- named artifacts (derived files): ``put_stream(chunks, key="jobs/job_1/attempt-2/model.onnx")``
  replaces the object at that key atomically.

Readers never see a partial object, and a write that fails or crosses ``max_bytes`` leaves
nothing behind. Every method is blocking; async callers run them in a worker thread.
"""

from __future__ import annotations

import builtins
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

from modelyard.storage.errors import ArtifactTooLarge, StorageError
from modelyard.storage.keys import content_key, validate_key, validate_named_key, validate_prefix

DEFAULT_CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArtifactRef:
    """Where a stored artifact lives, and what it holds."""

    key: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class ArtifactInfo:
    key: str
    size: int


class ArtifactWriter(ABC):
    """Receives chunks, hashing and counting them, then commits or aborts.

    Use it as a context manager: leaving the block without ``commit()`` aborts the write.
    Crossing ``max_bytes`` aborts at once and raises ArtifactTooLarge.
    """

    def __init__(self, key: str | None, max_bytes: int | None) -> None:
        self._key = key
        self._max_bytes = max_bytes
        self._hash = hashlib.sha256()
        self._size = 0
        self._finished = False

    @property
    def size(self) -> int:
        return self._size

    def write(self, chunk: bytes) -> None:
        if self._finished:
            raise StorageError("This artifact writer is already committed or aborted.")
        if not chunk:
            return
        self._size += len(chunk)
        if self._max_bytes is not None and self._size > self._max_bytes:
            self.abort()
            raise ArtifactTooLarge(self._max_bytes)
        self._hash.update(chunk)
        try:
            self._write(chunk)
        except BaseException:
            self.abort()
            raise

    def commit(self) -> ArtifactRef:
        if self._finished:
            raise StorageError("This artifact writer is already committed or aborted.")
        self._finished = True
        digest = self._hash.hexdigest()
        try:
            key = self._commit(digest)
        except BaseException:
            self._discard()
            raise
        return ArtifactRef(key=key, sha256=digest, size=self._size)

    def abort(self) -> None:
        if not self._finished:
            self._finished = True
            self._discard()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.abort()

    def _final_key(self, digest: str) -> str:
        return self._key if self._key is not None else content_key(digest)

    @abstractmethod
    def _write(self, chunk: bytes) -> None:
        """Append ``chunk`` to the temporary object."""

    @abstractmethod
    def _commit(self, digest: str) -> str:
        """Make the temporary object visible at its final key and return that key."""

    @abstractmethod
    def _discard(self) -> None:
        """Remove whatever the write created; must not raise for a missing object."""


class ArtifactStore(ABC):
    """One place for artifacts, addressed by safe relative keys."""

    #: The store's URL without credentials, for logs and ``modelyard doctor``.
    url: str

    def writer(self, key: str | None = None, *, max_bytes: int | None = None) -> ArtifactWriter:
        """A writer for a named artifact, or for a content-addressed blob when ``key`` is None."""
        if key is not None:
            validate_named_key(key)
        if max_bytes is not None and max_bytes < 0:
            raise ValueError("max_bytes must be >= 0")
        return self._writer(key, max_bytes)

    def put_stream(
        self,
        chunks: Iterable[bytes],
        *,
        key: str | None = None,
        max_bytes: int | None = None,
    ) -> ArtifactRef:
        """Store the concatenated ``chunks``; see the module docstring for the two key kinds."""
        with self.writer(key, max_bytes=max_bytes) as writer:
            for chunk in chunks:
                writer.write(chunk)
            return writer.commit()

    def put_bytes(
        self, data: bytes, *, key: str | None = None, max_bytes: int | None = None
    ) -> ArtifactRef:
        return self.put_stream([data], key=key, max_bytes=max_bytes)

    def put_file(
        self, path: Path, *, key: str | None = None, max_bytes: int | None = None
    ) -> ArtifactRef:
        """Store a local file's content, read in chunks."""
        with path.open("rb") as source:
            return self.put_stream(
                iter(lambda: source.read(DEFAULT_CHUNK_SIZE), b""), key=key, max_bytes=max_bytes
            )

    def open(self, key: str) -> BinaryIO:
        """A readable binary file object for ``key``; close it (use ``with``)."""
        return self._open(validate_key(key))

    def iter_chunks(self, key: str, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[bytes]:
        """Stream the artifact's bytes; opening happens at once so a missing key fails early."""
        handle = self.open(key)
        return _chunks_then_close(handle, chunk_size)

    def read_bytes(self, key: str) -> bytes:
        """The whole artifact in memory: only for artifacts known to be small."""
        with self.open(key) as handle:
            return handle.read()

    def exists(self, key: str) -> bool:
        return self._exists(validate_key(key))

    def stat(self, key: str) -> ArtifactInfo:
        """Size of the artifact; ArtifactNotFound when absent."""
        return self._stat(validate_key(key))

    def delete(self, key: str) -> bool:
        """Remove the artifact; True if it existed."""
        return self._delete(validate_key(key))

    def list(self, prefix: str = "") -> builtins.list[ArtifactInfo]:
        """Every artifact whose key starts with ``prefix`` (a plain string prefix), sorted."""
        return sorted(self._list(validate_prefix(prefix)), key=lambda info: info.key)

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        """A local file holding the artifact for the duration of the ``with`` block.

        The local store yields the file itself (do not modify it); remote stores download a
        temporary copy that is removed afterwards. Use it to hand files to polars or pyarrow.
        """
        return self._local_path(validate_key(key))

    @abstractmethod
    def check(self) -> None:
        """Raise StorageUnavailable unless the store root is reachable and writable."""

    @abstractmethod
    def sweep_temporary(self, older_than: float = 86_400.0) -> int:
        """Remove what writes killed mid-way left behind, if older than ``older_than`` seconds.

        Returns how many temporary objects (and, on S3, unfinished multipart uploads) went.
        Run it from a periodic task; a live write is never that old.
        """

    @abstractmethod
    def _writer(self, key: str | None, max_bytes: int | None) -> ArtifactWriter: ...

    @abstractmethod
    def _open(self, key: str) -> BinaryIO: ...

    @abstractmethod
    def _exists(self, key: str) -> bool: ...

    @abstractmethod
    def _stat(self, key: str) -> ArtifactInfo: ...

    @abstractmethod
    def _delete(self, key: str) -> bool: ...

    @abstractmethod
    def _list(self, prefix: str) -> Iterable[ArtifactInfo]: ...

    @abstractmethod
    def _local_path(self, key: str) -> AbstractContextManager[Path]: ...


def _chunks_then_close(handle: BinaryIO, chunk_size: int) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(chunk_size):
            yield chunk
