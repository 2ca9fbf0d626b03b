from __future__ import annotations

import os
import random

import pytest

from modelyard.storage import InvalidArtifactKey, content_key, validate_key
from modelyard.storage.keys import validate_named_key, validate_prefix

# Every way we know of to name something outside a directory, or to confuse a path parser.
HOSTILE_KEYS = [
    "",
    ".",
    "..",
    "../x",
    "../../etc/passwd",
    "a/../../x",
    "a/..",
    "a/./b",
    "./a",
    "/etc/passwd",
    "//etc/passwd",
    "/a",
    "a/",
    "a//b",
    "a\\b",
    "..\\x",
    "..\\..\\windows\\win.ini",
    "C:\\x",
    "C:x",
    "a\x00b",
    "\x00",
    "a\nb",
    "a\rb",
    "a\tb",
    "%2e%2e/x",
    "%2e%2e%2fx",
    "..%2fx",
    "%252e%252e/x",
    "..%c0%af",
    "..%5cx",
    "a/%2e%2e/b",
    ".tmp/x",
    ".hidden",
    "a/.tmp",
    "~/x",
    "~root",
    "file:///etc/passwd",
    "s3://bucket/x",
    " a",
    "a b",
    "é",
    "\uff41",  # fullwidth a
    "\u202etxt.exe",
    "\uff0e\uff0e/x",
    "a" * 1025,
    "/".join(["a"] * 33),
    "a/" + "b" * 256,
]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_hostile_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidArtifactKey) as info:
        validate_key(key)
    assert info.value.code == "storage_invalid_key"
    assert info.value.status == 400
    assert info.value.hint


@pytest.mark.parametrize(
    "key",
    [
        "a",
        "blobs/sha256/ab/" + "a" * 64,
        "jobs/job_01HZX/attempt-3/model.onnx",
        "datasets/ds_1/v2/data.parquet",
        "a..b",
        "_x/y-z.tar.gz",
        "/".join(["a"] * 32),
    ],
)
def test_ordinary_keys_are_accepted(key: str) -> None:
    assert validate_key(key) == key


def test_random_strings_never_validate_to_an_escaping_path() -> None:
    """Property: whatever passes validation stays inside the root once joined and normalised."""
    rng = random.Random(0)
    fragments = ["..", ".", "/", "\\", "%2e", "%2f", "\x00", "a", "b.", "_", "-", " ", "~", ":"]
    root = "/srv/store"
    accepted = 0
    for _ in range(20000):
        key = "".join(rng.choice(fragments) for _ in range(rng.randint(1, 6)))
        try:
            validate_key(key)
        except InvalidArtifactKey:
            continue
        accepted += 1
        joined = os.path.normpath(os.path.join(root, key))
        assert joined.startswith(root + "/"), key
        assert joined == f"{root}/{key}", key
    assert accepted > 100  # the generator does produce valid keys too


def test_prefixes() -> None:
    for prefix in ["", "jobs/", "jobs/job_1", "jobs/job_1/", "j"]:
        assert validate_prefix(prefix) == prefix
    for prefix in ["../", "/jobs", "jobs//", "a/../", ".tmp/", "jobs/.", "x\\", "/".join("a" * 40)]:
        with pytest.raises(InvalidArtifactKey):
            validate_prefix(prefix)


def test_content_keys_live_under_their_own_prefix() -> None:
    digest = "0f" * 32
    assert content_key(digest) == f"blobs/sha256/0f/{digest}"
    for bad in ["0F" * 32, "0f" * 31, "../" + "0" * 61, "g" * 64]:
        with pytest.raises(InvalidArtifactKey):
            content_key(bad)
    with pytest.raises(InvalidArtifactKey):
        validate_named_key(content_key(digest))
    with pytest.raises(InvalidArtifactKey):
        validate_named_key("blobs/sha256")
    assert validate_named_key("blobs-other/x") == "blobs-other/x"
