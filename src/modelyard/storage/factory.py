"""Choosing the artifact store from a URL."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from modelyard.storage.base import ArtifactStore
from modelyard.storage.errors import StorageBackendMissing, StorageConfigurationError
from modelyard.storage.local import LocalArtifactStore
from modelyard.storage.object_store import ObjectArtifactStore

# scheme -> (fsspec protocol, module that implements it, pip package)
_OBJECT_BACKENDS: dict[str, tuple[str, str, str]] = {
    "s3": ("s3", "s3fs", "s3fs"),
    "gs": ("gcs", "gcsfs", "gcsfs"),
    "gcs": ("gcs", "gcsfs", "gcsfs"),
    "az": ("az", "adlfs", "adlfs"),
    "abfs": ("abfs", "adlfs", "adlfs"),
}


_S3_PART_SIZE = 16 * 1024 * 1024


def open_store(url: str | Path, **options: Any) -> ArtifactStore:
    """The artifact store for ``url``.

    A plain path or ``file://`` URL is a local directory (created if missing). ``s3://``,
    ``gs://``, ``az://`` and ``abfs://`` name ``bucket/prefix`` on object storage; ``options``
    go to the fsspec filesystem (for S3: ``key``, ``secret``, ``endpoint_url``,
    ``client_kwargs``...). Constructing a store does no network I/O; call ``check()`` for that.
    """
    text = str(url)
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("", "file"):
        return LocalArtifactStore(_local_root(text, scheme), **options)
    if scheme in _OBJECT_BACKENDS:
        return _object_store(text, scheme, options)
    raise StorageConfigurationError(f"Unsupported storage URL scheme {scheme!r}.")


def _local_root(text: str, scheme: str) -> Path:
    if not scheme:
        return Path(text).expanduser()
    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost"):
        raise StorageConfigurationError("A file:// storage URL must name a local path.")
    if not parts.path:
        raise StorageConfigurationError("A file:// storage URL needs a path.")
    return Path(unquote(parts.path))


def _object_store(text: str, scheme: str, options: dict[str, Any]) -> ObjectArtifactStore:
    protocol, module, package = _OBJECT_BACKENDS[scheme]
    parts = urlsplit(text)
    if "@" in parts.netloc:
        raise StorageConfigurationError(
            "Do not put credentials in the storage URL.",
            hint="Pass them as options or through the backend's usual environment variables.",
        )
    bucket, prefix = parts.netloc, parts.path.strip("/")
    if not bucket or parts.query or parts.fragment:
        raise StorageConfigurationError(
            f"A {scheme}:// storage URL looks like {scheme}://bucket/prefix."
        )
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise StorageBackendMissing(
            f"Storage URLs with {scheme}:// need the {package!r} package.",
            hint=f"Install it next to Modelyard: pip install {package}",
        ) from exc
    import fsspec

    # Fresh instance, no listing cache: other processes write to the same bucket.
    settings: dict[str, Any] = {"skip_instance_cache": True, "use_listings_cache": False}
    if protocol == "s3":
        # Upload parts of 16 MiB (s3fs buffers one part per open upload; 50 MiB by default).
        settings["default_block_size"] = _S3_PART_SIZE
    fs = fsspec.filesystem(protocol, **(settings | options))
    root = f"{bucket}/{prefix}" if prefix else bucket
    display = urlunsplit((scheme, bucket, f"/{prefix}" if prefix else "", "", ""))
    return ObjectArtifactStore(fs, root, url=display)
