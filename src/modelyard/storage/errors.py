"""Errors raised by the artifact store.

Each class carries a stable ``code``, a suggested HTTP ``status`` and a ``hint`` telling the
caller how to recover. The platform maps them onto its own error type; this module imports
nothing from the web layer so that the store stays a library.
"""

from __future__ import annotations

from typing import ClassVar


class StorageError(Exception):
    """Base class of every error the artifact store raises on purpose."""

    code: ClassVar[str] = "storage_error"
    status: ClassVar[int] = 500
    default_hint: ClassVar[str] = "Retry the operation; if it keeps failing, contact the operator."

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint


class InvalidArtifactKey(StorageError):
    """A key that could escape the store root or is not in the allowed alphabet."""

    code = "storage_invalid_key"
    status = 400
    default_hint = (
        "Keys are relative paths of segments made of letters, digits, '.', '_' and '-', "
        "separated by single '/'."
    )


class ArtifactNotFound(StorageError):
    code = "storage_artifact_not_found"
    status = 404
    default_hint = "Check the key; the artifact may have been deleted."


class ArtifactTooLarge(StorageError):
    """The stream crossed ``limit`` bytes; nothing was kept."""

    code = "storage_artifact_too_large"
    status = 413
    default_hint = "Upload a smaller file or ask the operator to raise the size limit."

    def __init__(self, limit: int) -> None:
        super().__init__(f"The artifact is larger than the limit of {limit} bytes.")
        self.limit = limit


class StorageUnavailable(StorageError):
    """The backend could not be reached or refused the operation (network, credentials, disk)."""

    code = "storage_unavailable"
    status = 503
    default_hint = (
        "The artifact store is unavailable. Retry in a moment; if it persists, "
        "check the storage URL, credentials and free space."
    )


class StorageConfigurationError(StorageError):
    """The storage URL cannot be used: unknown scheme or malformed."""

    code = "storage_unsupported_url"
    status = 500
    default_hint = (
        "Set MODELYARD_STORAGE_URL to a local directory, file://, s3://bucket/prefix, "
        "gs://bucket/prefix, az://container/prefix or abfs://container/prefix."
    )


class StorageBackendMissing(StorageConfigurationError):
    """The URL scheme is supported but its optional fsspec backend is not installed."""

    code = "storage_backend_missing"
