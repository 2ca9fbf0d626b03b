"""Secrets handed to clients: session tokens and API keys. Only their SHA-256 is stored.

Both carry 256 bits of randomness, so a fast hash is safe (no guessing to slow down)
and keeps the per-request lookup cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

API_KEY_PREFIX = "myd_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class NewApiKey:
    prefix: str
    key: str

    @property
    def key_hash(self) -> str:
        return token_hash(self.key)


def new_api_key() -> NewApiKey:
    prefix = secrets.token_hex(6)
    return NewApiKey(prefix=prefix, key=f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}")


def api_key_prefix(key: str) -> str | None:
    """The visible prefix of a well-formed key, or None when the key is malformed."""
    if not key.startswith(API_KEY_PREFIX):
        return None
    prefix, _, secret = key[len(API_KEY_PREFIX) :].partition("_")
    return prefix if len(prefix) == 12 and secret else None


def hashes_match(token: str, expected_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), expected_hash)
