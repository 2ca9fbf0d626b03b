"""The artifact store: uploads, datasets and model files, over fsspec, chosen by URL scheme.

A library: it imports nothing from the web layer, the database or other Modelyard domains.
"""

from modelyard.storage.base import ArtifactInfo, ArtifactRef, ArtifactStore, ArtifactWriter
from modelyard.storage.errors import (
    ArtifactNotFound,
    ArtifactTooLarge,
    InvalidArtifactKey,
    StorageBackendMissing,
    StorageConfigurationError,
    StorageError,
    StorageUnavailable,
)
from modelyard.storage.factory import open_store
from modelyard.storage.keys import content_key, validate_key
from modelyard.storage.local import LocalArtifactStore
from modelyard.storage.object_store import ObjectArtifactStore

__all__ = [
    "ArtifactInfo",
    "ArtifactNotFound",
    "ArtifactRef",
    "ArtifactStore",
    "ArtifactTooLarge",
    "ArtifactWriter",
    "InvalidArtifactKey",
    "LocalArtifactStore",
    "ObjectArtifactStore",
    "StorageBackendMissing",
    "StorageConfigurationError",
    "StorageError",
    "StorageUnavailable",
    "content_key",
    "open_store",
    "validate_key",
]
