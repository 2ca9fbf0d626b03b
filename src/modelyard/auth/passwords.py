"""Argon2 password hashing (pwdlib) and the password policy."""

from __future__ import annotations

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

_hasher = PasswordHash((Argon2Hasher(),))
# Verifying against this keeps a login for an unknown email as slow as a real one.
_DUMMY_HASH = _hasher.hash("modelyard-timing-equaliser")

MIN_LENGTH = 10
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password123", "1234567890", "12345678910", "qwertyuiop",
        "letmein123", "iloveyou12", "administrator", "welcome123", "changeme123",
    }
)  # fmt: skip


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)


def password_weaknesses(password: str, *, email: str = "") -> list[str]:
    """Why a password is too weak; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"use at least {MIN_LENGTH} characters")
    if password.lower() in COMMON_PASSWORDS:
        problems.append("avoid common passwords")
    if len(set(password)) < 4:
        problems.append("use more different characters")
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        problems.append("do not include your email address")
    return problems
