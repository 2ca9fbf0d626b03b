"""Credentials are sealed with a key derived from the server secret."""

from __future__ import annotations

import pytest

from modelyard.integrations.credentials import CredentialCipher, cipher_for, mask
from modelyard.integrations.errors import CredentialsUnreadable

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_seal_and_unseal() -> None:
    cipher = CredentialCipher("server secret one")
    sealed = cipher.seal({"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": SECRET})
    assert SECRET not in sealed and "AKIA" not in sealed
    assert cipher.unseal(sealed)["secret_access_key"] == SECRET
    assert cipher_for("server secret one").unseal(sealed)["access_key_id"].startswith("AKIA")
    # A fresh nonce every time: equal credentials do not give equal ciphertexts.
    assert cipher.seal({"a": "b"}) != cipher.seal({"a": "b"})


def test_another_secret_cannot_open_them() -> None:
    sealed = CredentialCipher("server secret one").seal({"secret_access_key": SECRET})
    with pytest.raises(CredentialsUnreadable) as info:
        CredentialCipher("server secret two").unseal(sealed)
    assert info.value.code == "storage_credentials_unreadable"
    with pytest.raises(CredentialsUnreadable):
        CredentialCipher("server secret one").unseal("not a token")


def test_mask_shows_only_the_tail_of_identifiers() -> None:
    assert mask("access_key_id", "AKIAIOSFODNN7EXAMPLE") == "••••MPLE"
    assert mask("access_key_id", "short") == "••••••••"
    assert mask("secret_access_key", SECRET) == "••••••••"
