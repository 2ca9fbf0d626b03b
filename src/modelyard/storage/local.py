"""The local-directory artifact store.

Paths are never resolved as strings: every access walks the key one segment at a time from
an open descriptor of the root with ``O_NOFOLLOW``, so a symlink planted anywhere inside the
store (or a directory swapped for one mid-operation) cannot lead outside it. Writes go to
``<root>/.tmp`` and are published with an atomic ``rename`` on the same filesystem.
"""

from __future__ import annotations

import errno
import os
import stat
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from modelyard.storage.base import ArtifactInfo, ArtifactStore, ArtifactWriter
from modelyard.storage.errors import ArtifactNotFound, StorageError, StorageUnavailable

_TMP_DIR = ".tmp"
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
# Refusing to follow a symlink surfaces as one of these, depending on the platform.
_NOT_THERE = {errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EMLINK}


class LocalArtifactStore(ArtifactStore):
    """Artifacts as files under ``root`` (created if missing)."""

    def __init__(self, root: Path, *, file_mode: int = 0o640) -> None:
        self.root = Path(os.path.realpath(root))
        self.url = self.root.as_uri()
        self._file_mode = file_mode
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _unavailable(exc) from exc

    def check(self) -> None:
        with self._root_fd() as root_fd:
            tmp_fd = self._tmp_dir(root_fd)
            os.close(tmp_fd)
            if not os.access(self.root, os.W_OK):
                raise StorageUnavailable(f"The artifact directory {self.root} is not writable.")

    def sweep_temporary(self, older_than: float = 86_400.0) -> int:
        cutoff = time.time() - older_than
        removed = 0
        with self._root_fd() as root_fd:
            tmp_fd = self._tmp_dir(root_fd)
            try:
                with os.scandir(tmp_fd) as entries:
                    stale = [
                        entry.name
                        for entry in entries
                        if entry.is_file(follow_symlinks=False)
                        and entry.stat(follow_symlinks=False).st_mtime < cutoff
                    ]
                for name in stale:
                    with suppress(FileNotFoundError):
                        os.unlink(name, dir_fd=tmp_fd)
                        removed += 1
            finally:
                os.close(tmp_fd)
        return removed

    def _writer(self, key: str | None, max_bytes: int | None) -> ArtifactWriter:
        return _LocalWriter(self, key, max_bytes)

    def _open(self, key: str) -> BinaryIO:
        with self._parent_fd(key) as parent_fd:
            name = key.rsplit("/", 1)[-1]
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(name, flags, dir_fd=parent_fd)
            except OSError as exc:
                raise _translate(exc, key) from exc
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ArtifactNotFound(f"No artifact at {key!r}.")
            os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        return os.fdopen(fd, "rb")

    def _exists(self, key: str) -> bool:
        try:
            self._stat(key)
        except ArtifactNotFound:
            return False
        return True

    def _stat(self, key: str) -> ArtifactInfo:
        with self._parent_fd(key) as parent_fd:
            info = self._lstat_file(parent_fd, key)
        return ArtifactInfo(key=key, size=info.st_size)

    def _delete(self, key: str) -> bool:
        try:
            with self._parent_fd(key) as parent_fd:
                self._lstat_file(parent_fd, key)
                os.unlink(key.rsplit("/", 1)[-1], dir_fd=parent_fd)
        except ArtifactNotFound:
            return False
        except OSError as exc:
            raise _translate(exc, key) from exc
        return True

    def _list(self, prefix: str) -> Iterator[ArtifactInfo]:
        directory = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        try:
            with self._root_fd() as root_fd, _walk_to(root_fd, directory) as dir_fd:
                for info in _scan(dir_fd, directory):
                    if info.key.startswith(prefix):
                        yield info
        except ArtifactNotFound:
            return

    @contextmanager
    def _local_path_cm(self, key: str) -> Iterator[Path]:
        self._stat(key)
        yield self.root.joinpath(*key.split("/"))

    def _local_path(self, key: str) -> AbstractContextManager[Path]:
        return self._local_path_cm(key)

    # -- descriptors -------------------------------------------------------------------

    @contextmanager
    def _root_fd(self) -> Iterator[int]:
        try:
            fd = os.open(self.root, _DIR_FLAGS & ~os.O_NOFOLLOW)
        except OSError as exc:
            raise _unavailable(exc) from exc
        try:
            yield fd
        finally:
            os.close(fd)

    @contextmanager
    def _parent_fd(self, key: str, *, create: bool = False) -> Iterator[int]:
        directory = key.rsplit("/", 1)[0] if "/" in key else ""
        with self._root_fd() as root_fd, _walk_to(root_fd, directory, create=create) as fd:
            yield fd

    @contextmanager
    def _parent_fd_for_write(self, key: str) -> Iterator[int]:
        try:
            with self._parent_fd(key, create=True) as fd:
                yield fd
        except ArtifactNotFound as exc:
            raise StorageUnavailable(
                f"Cannot write {key!r}: a part of its path is not a directory inside the store.",
                hint="Something other than Modelyard changed the artifact directory; check it.",
            ) from exc

    def _tmp_dir(self, root_fd: int) -> int:
        try:
            os.mkdir(_TMP_DIR, 0o700, dir_fd=root_fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _unavailable(exc) from exc
        try:
            return os.open(_TMP_DIR, _DIR_FLAGS, dir_fd=root_fd)
        except OSError as exc:
            raise _unavailable(exc) from exc

    @staticmethod
    def _lstat_file(parent_fd: int, key: str) -> os.stat_result:
        try:
            info = os.stat(key.rsplit("/", 1)[-1], dir_fd=parent_fd, follow_symlinks=False)
        except OSError as exc:
            raise _translate(exc, key) from exc
        if not stat.S_ISREG(info.st_mode):
            raise ArtifactNotFound(f"No artifact at {key!r}.")
        return info


class _LocalWriter(ArtifactWriter):
    def __init__(self, store: LocalArtifactStore, key: str | None, max_bytes: int | None) -> None:
        super().__init__(key, max_bytes)
        self._store = store
        self._tmp_name = f"{uuid.uuid4().hex}.part"
        with store._root_fd() as root_fd:
            self._tmp_fd = store._tmp_dir(root_fd)
        try:
            fd = os.open(
                self._tmp_name,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                store._file_mode,
                dir_fd=self._tmp_fd,
            )
        except OSError as exc:
            os.close(self._tmp_fd)
            raise _unavailable(exc) from exc
        self._file: BinaryIO | None = os.fdopen(fd, "wb")

    def _write(self, chunk: bytes) -> None:
        assert self._file is not None
        try:
            self._file.write(chunk)
        except OSError as exc:
            raise _unavailable(exc) from exc

    def _commit(self, digest: str) -> str:
        assert self._file is not None
        key = self._final_key(digest)
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
            with self._store._parent_fd_for_write(key) as parent_fd:
                name = key.rsplit("/", 1)[-1]
                if self._key is None and _is_file(parent_fd, name):
                    self._discard()  # identical content is already stored
                    return key
                os.replace(self._tmp_name, name, src_dir_fd=self._tmp_fd, dst_dir_fd=parent_fd)
                os.fsync(parent_fd)
        except OSError as exc:
            raise _unavailable(exc) from exc
        self._close_tmp_dir()
        return key

    def _discard(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._tmp_fd >= 0:
            with suppress(FileNotFoundError):
                os.unlink(self._tmp_name, dir_fd=self._tmp_fd)
            self._close_tmp_dir()

    def _close_tmp_dir(self) -> None:
        if self._tmp_fd >= 0:
            os.close(self._tmp_fd)
            self._tmp_fd = -1


@contextmanager
def _walk_to(root_fd: int, directory: str, *, create: bool = False) -> Iterator[int]:
    """Open ``directory`` (relative, validated) beneath ``root_fd`` without following links."""
    fd = os.dup(root_fd)
    try:
        for segment in directory.split("/") if directory else ():
            if create:
                with suppress(FileExistsError):
                    os.mkdir(segment, 0o750, dir_fd=fd)
            try:
                child = os.open(segment, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                raise _translate(exc, directory) from exc
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _scan(dir_fd: int, directory: str) -> Iterator[ArtifactInfo]:
    with os.scandir(dir_fd) as entries:
        children = sorted(entries, key=lambda entry: entry.name)
    for entry in children:
        if not directory and entry.name == _TMP_DIR:
            continue
        key = f"{directory}/{entry.name}" if directory else entry.name
        if entry.is_dir(follow_symlinks=False):
            try:
                child = os.open(entry.name, _DIR_FLAGS, dir_fd=dir_fd)
            except OSError:
                continue  # removed or swapped for a link since scandir: skip it
            try:
                yield from _scan(child, key)
            finally:
                os.close(child)
        elif entry.is_file(follow_symlinks=False):
            yield ArtifactInfo(key=key, size=entry.stat(follow_symlinks=False).st_size)


def _is_file(dir_fd: int, name: str) -> bool:
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return stat.S_ISREG(info.st_mode)


def _translate(exc: OSError, key: str) -> StorageError:
    if exc.errno in _NOT_THERE:
        return ArtifactNotFound(f"No artifact at {key!r}.")
    return _unavailable(exc)


def _unavailable(exc: OSError) -> StorageUnavailable:
    return StorageUnavailable(f"The local artifact directory failed: {exc.strerror or exc}.")
