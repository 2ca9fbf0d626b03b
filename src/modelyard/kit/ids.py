"""Opaque, sortable ids with a type prefix (`usr_…`, `ws_…`)."""

import secrets
import threading
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_RANDOM_BITS = 80
_lock = threading.Lock()
_last = (0, 0)


def _encode(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, remainder = divmod(number, 32)
        chars.append(_ALPHABET[remainder])
    return "".join(reversed(chars))


def _next_parts() -> tuple[int, int]:
    """Milliseconds and randomness; within one millisecond the randomness counts up."""
    global _last
    millis = time.time_ns() // 1_000_000
    with _lock:
        last_millis, last_random = _last
        if millis <= last_millis:
            millis, random = last_millis, (last_random + 1) % (1 << _RANDOM_BITS)
        else:
            random = secrets.randbits(_RANDOM_BITS)
        _last = (millis, random)
    return millis, random


def new_id(prefix: str) -> str:
    """48 bits of milliseconds then 80 random bits: ids sort by creation within a process."""
    millis, random = _next_parts()
    return f"{prefix}_{_encode(millis, 10)}{_encode(random, 16)}"
