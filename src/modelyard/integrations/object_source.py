"""Reading one object from a bucket through fsspec, with a connection's credentials.

No ambient credentials are ever used: without credentials a connection reads anonymously
(public buckets), so a workspace can never borrow the server's own cloud identity.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from modelyard.integrations.egress import guarded_socket
from modelyard.integrations.errors import (
    ConnectorBackendMissing,
    ImportAccessDenied,
    ImportObjectNotFound,
    ImportSourceUnavailable,
    InvalidObjectUrl,
    UrlOutsideConnection,
)
from modelyard.kit.errors import ModelyardError

Provider = Literal["s3", "gcs", "azure"]
READ_BLOCK = 8 * 1024 * 1024

SCHEMES: dict[str, tuple[str, ...]] = {"s3": ("s3",), "gcs": ("gs", "gcs"), "azure": ("az", "abfs")}
BACKENDS: dict[str, tuple[str, str]] = {
    "s3": ("s3fs", "s3"),
    "gcs": ("gcsfs", "gcs"),
    "azure": ("adlfs", "az"),
}
# Credential fields by provider: (required when any is given, optional).
CREDENTIAL_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "s3": (frozenset({"access_key_id", "secret_access_key"}), frozenset({"session_token"})),
    "gcs": (frozenset({"service_account_json"}), frozenset()),
    "azure": (frozenset({"account_name"}), frozenset({"account_key", "sas_token"})),
}
BUCKET_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$"
_UNSAFE_KEY = re.compile(r"[\x00-\x1f\x7f\\%]")


@dataclass(frozen=True)
class ObjectLocation:
    scheme: str
    bucket: str
    key: str

    @property
    def filename(self) -> str:
        return self.key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class SourceConfig:
    """Everything needed to read from a connection's bucket; holds opened credentials."""

    provider: str
    bucket: str
    prefix: str
    region: str | None = None
    endpoint_url: str | None = None
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False)
    allow_private: bool = False


def normalise_prefix(prefix: str) -> str:
    """A prefix without surrounding slashes; '' for the whole bucket. ValueError if unsafe."""
    cleaned = prefix.strip().strip("/")
    if cleaned and not _safe_key(cleaned):
        raise ValueError("The prefix must be folder names separated by '/', without '.' or '..'.")
    return cleaned


def _safe_key(key: str) -> bool:
    if _UNSAFE_KEY.search(key):
        return False
    return all(segment not in ("", ".", "..") for segment in key.split("/"))


def parse_object_url(url: str) -> ObjectLocation:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    known = {s for schemes in SCHEMES.values() for s in schemes}
    if scheme not in known:
        raise InvalidObjectUrl(f"Unsupported URL scheme {parts.scheme!r}.")
    if parts.query or parts.fragment or "@" in parts.netloc or ":" in parts.netloc:
        raise InvalidObjectUrl("The URL must not carry credentials, a port, a query or a fragment.")
    key = parts.path[1:] if parts.path.startswith("/") else parts.path
    if not re.fullmatch(BUCKET_PATTERN, parts.netloc) or not key or not _safe_key(key):
        raise InvalidObjectUrl(
            "The URL must name a bucket and an object key without '.', '..', empty segments, "
            "'%', backslashes or control characters."
        )
    return ObjectLocation(scheme=scheme, bucket=parts.netloc, key=key)


def check_within(location: ObjectLocation, config: SourceConfig) -> None:
    """Refuse an object outside the connection's bucket and prefix."""
    inside = (
        location.scheme in SCHEMES[config.provider]
        and location.bucket == config.bucket
        and (not config.prefix or location.key.startswith(f"{config.prefix}/"))
    )
    if not inside:
        scope = "/".join(part for part in (config.bucket, config.prefix) if part)
        raise UrlOutsideConnection(
            f"This connection may only read {SCHEMES[config.provider][0]}://{scope}/…"
        )


def backend_installed(provider: str) -> bool:
    return importlib.util.find_spec(BACKENDS[provider][0]) is not None


def open_filesystem(config: SourceConfig) -> Any:
    """An fsspec filesystem for the connection. Builds a client; does no network I/O."""
    module, protocol = BACKENDS[config.provider]
    if not backend_installed(config.provider):
        raise ConnectorBackendMissing(
            f"Reading {config.provider} storage needs the {module!r} package on the server.",
            hint=f"Ask the operator to install it next to Modelyard: pip install {module}",
        )
    import fsspec

    options = {"skip_instance_cache": True, "use_listings_cache": False}
    return fsspec.filesystem(protocol, **options, **_backend_options(config))


def _backend_options(config: SourceConfig) -> dict[str, Any]:
    creds = dict(config.credentials)
    if config.provider == "s3":
        return _s3_options(config, creds)
    if config.provider == "gcs":
        import json

        token: Any = json.loads(creds["service_account_json"]) if creds else "anon"
        gcs: dict[str, Any] = {"token": token}
        if config.endpoint_url:
            gcs["endpoint_url"] = config.endpoint_url
        return gcs
    azure: dict[str, Any] = {"account_name": creds.get("account_name")}
    for name in ("account_key", "sas_token"):
        if creds.get(name):
            azure[name] = creds[name]
    azure["anon"] = not (creds.get("account_key") or creds.get("sas_token"))
    return azure


def _s3_options(config: SourceConfig, creds: dict[str, str]) -> dict[str, Any]:
    connector: dict[str, Any] = {}
    if not config.allow_private:
        connector["socket_factory"] = guarded_socket
    options: dict[str, Any] = {
        "anon": not creds,
        "config_kwargs": {
            "connect_timeout": 10,
            "read_timeout": 60,
            "retries": {"max_attempts": 3, "mode": "standard"},
            "connector_args": connector,
        },
    }
    if creds:
        options |= {"key": creds["access_key_id"], "secret": creds["secret_access_key"]}
        if creds.get("session_token"):
            options["token"] = creds["session_token"]
    if config.endpoint_url:
        options["endpoint_url"] = config.endpoint_url
    if config.region:
        options["client_kwargs"] = {"region_name": config.region}
    return options


@dataclass
class RemoteObject:
    """An object about to be streamed: its size is known before any byte is read."""

    fs: Any
    path: str
    location: ObjectLocation
    size: int

    def chunks(self, chunk_size: int = READ_BLOCK) -> Iterator[bytes]:
        with _translated(), self.fs.open(self.path, "rb", block_size=chunk_size) as handle:
            while True:
                with _translated():
                    chunk = handle.read(chunk_size)
                if not chunk:
                    return
                yield chunk


def open_object(config: SourceConfig, location: ObjectLocation) -> RemoteObject:
    """Look the object up (blocking); it must be a file."""
    check_within(location, config)
    fs = open_filesystem(config)
    path = f"{location.bucket}/{location.key}"
    with _translated():
        info = fs.info(path)
    if info.get("type") != "file":
        raise ImportObjectNotFound("The URL names a folder, not an object.")
    return RemoteObject(fs=fs, path=path, location=location, size=int(info.get("size") or 0))


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except ModelyardError:
        raise
    except FileNotFoundError as error:
        raise ImportObjectNotFound() from error
    except PermissionError as error:
        raise ImportAccessDenied() from error
    except (ValueError, TypeError, AttributeError, AssertionError, ImportError):
        raise
    except Exception as error:  # the backend's network, timeout and service errors
        raise ImportSourceUnavailable(
            f"The object storage failed: {type(error).__name__}."
        ) from error
