"""Artifact keys: the only names the store accepts.

A key is an allow-listed relative path, so that nothing outside the store root can be named:
no ``..``, no absolute paths, no backslashes, no percent-escapes, no control characters, no
empty or dot-leading segments (which also keeps the store's own ``.tmp`` area unreachable).
"""

from __future__ import annotations

import re

from modelyard.storage.errors import InvalidArtifactKey

MAX_KEY_LENGTH = 1024
MAX_KEY_DEPTH = 32
CONTENT_PREFIX = "blobs/sha256/"

_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,254}")
_PARTIAL_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,254}|")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def validate_key(key: str) -> str:
    """Return ``key`` unchanged if it is a safe artifact key, else raise InvalidArtifactKey."""
    if not isinstance(key, str) or not key:
        raise InvalidArtifactKey("An artifact key must be a non-empty string.")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidArtifactKey(f"An artifact key is at most {MAX_KEY_LENGTH} characters long.")
    segments = key.split("/")
    if len(segments) > MAX_KEY_DEPTH:
        raise InvalidArtifactKey(f"An artifact key has at most {MAX_KEY_DEPTH} segments.")
    for segment in segments:
        if _SEGMENT.fullmatch(segment) is None:
            raise InvalidArtifactKey(f"Invalid artifact key {key!r}.")
    return key


def validate_prefix(prefix: str) -> str:
    """Validate a listing prefix: "" or a key prefix, possibly ending in "/" or a partial name."""
    if prefix == "":
        return prefix
    if not isinstance(prefix, str) or len(prefix) > MAX_KEY_LENGTH:
        raise InvalidArtifactKey("Invalid listing prefix.")
    *directories, last = prefix.split("/")
    if len(directories) >= MAX_KEY_DEPTH:
        raise InvalidArtifactKey(f"An artifact key has at most {MAX_KEY_DEPTH} segments.")
    for segment in directories:
        if _SEGMENT.fullmatch(segment) is None:
            raise InvalidArtifactKey(f"Invalid listing prefix {prefix!r}.")
    if _PARTIAL_SEGMENT.fullmatch(last) is None:
        raise InvalidArtifactKey(f"Invalid listing prefix {prefix!r}.")
    return prefix


def validate_named_key(key: str) -> str:
    """A key a caller may write to by name: safe, and outside the content-addressed area."""
    validate_key(key)
    if key.startswith(CONTENT_PREFIX) or key == CONTENT_PREFIX.rstrip("/"):
        raise InvalidArtifactKey(
            f"Keys under {CONTENT_PREFIX!r} are content-addressed and written by put_stream only.",
            hint="Omit the key to store content by its SHA-256, or choose another prefix.",
        )
    return key


def content_key(sha256: str) -> str:
    """The key under which content with this SHA-256 (lowercase hex) is stored."""
    if _SHA256.fullmatch(sha256) is None:
        raise InvalidArtifactKey("A content hash is 64 lowercase hexadecimal characters.")
    return f"{CONTENT_PREFIX}{sha256[:2]}/{sha256}"
