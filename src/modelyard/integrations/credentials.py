"""Credentials sealed at rest with a key derived from the server secret.

Fernet (AES-128-CBC with HMAC-SHA256) under a key that HKDF-SHA256 derives from the server
secret with a purpose label, so the same secret never serves two uses directly.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from modelyard.integrations.errors import CredentialsUnreadable

_PURPOSE = b"modelyard/storage-connections/credentials/v1"
_SALT = b"modelyard-hkdf-salt-v1"


class CredentialCipher:
    def __init__(self, server_secret: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_PURPOSE).derive(
            server_secret.encode()
        )
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, credentials: Mapping[str, str]) -> str:
        return self._fernet.encrypt(json.dumps(dict(credentials)).encode()).decode("ascii")

    def unseal(self, sealed: str) -> dict[str, str]:
        try:
            opened = json.loads(self._fernet.decrypt(sealed.encode("ascii")))
        except (InvalidToken, ValueError) as error:
            raise CredentialsUnreadable() from error
        return {str(key): str(value) for key, value in opened.items()}


@lru_cache(maxsize=4)
def cipher_for(server_secret: str) -> CredentialCipher:
    return CredentialCipher(server_secret)


def mask(field: str, value: str) -> str:
    """What the API shows of a credential: the tail of an identifier, nothing of a secret."""
    if field in IDENTIFIER_FIELDS and len(value) >= 12:
        return f"••••{value[-4:]}"
    return "••••••••"


# Fields that identify rather than authenticate (AWS shows the tail of access key ids too).
IDENTIFIER_FIELDS = frozenset({"access_key_id", "account_name"})
