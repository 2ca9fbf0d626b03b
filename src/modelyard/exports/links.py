"""Signed, expiring download links: the token itself is the authorization.

A token is `{export_id}.{workspace_id}.{expires_unix}.{mac}`, the MAC an HMAC-SHA256 over the
first three parts with a key derived from the app secret for this purpose only. Changing any
part, or a secret rotation, invalidates it; nothing is stored server-side.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from modelyard.exports.problems import DownloadLinkExpired, DownloadLinkInvalid

PURPOSE = b"modelyard/export-download/v1"
DOWNLOAD_PATH = "/api/v1/export-downloads/"
_ID = r"[a-z]{1,10}_[0-9a-z]{1,40}"
_TOKEN = re.compile(rf"({_ID})\.({_ID})\.([0-9]{{1,12}})\.([A-Za-z0-9_-]{{43}})")


@dataclass(frozen=True)
class DownloadGrant:
    export_id: str
    workspace_id: str
    expires_at: datetime


def sign(secret: str, grant: DownloadGrant) -> str:
    payload = _payload(grant.export_id, grant.workspace_id, int(grant.expires_at.timestamp()))
    return f"{payload}.{_mac(secret, payload)}"


def read(secret: str, token: str, now: datetime) -> DownloadGrant:
    """The grant a token carries; refused when altered (invalid) or past its expiry."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        raise DownloadLinkInvalid()
    export_id, workspace_id, expires, mac = match.groups()
    expected = _mac(secret, _payload(export_id, workspace_id, int(expires)))
    if not hmac.compare_digest(mac, expected):
        raise DownloadLinkInvalid()
    expires_at = datetime.fromtimestamp(int(expires), tz=UTC)
    if expires_at <= now:
        raise DownloadLinkExpired(f"The download link expired at {expires_at.isoformat()}.")
    return DownloadGrant(export_id, workspace_id, expires_at)


def _payload(export_id: str, workspace_id: str, expires: int) -> str:
    return f"{export_id}.{workspace_id}.{expires}"


def _mac(secret: str, payload: str) -> str:
    key = hmac.new(secret.encode(), PURPOSE, hashlib.sha256).digest()
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
