"""Outgoing connections to addresses users chose: refuse the server's own networks.

A user-supplied endpoint could otherwise point the server at itself, at the cloud metadata
service (169.254.169.254) or at anything on the private network behind it. Two checks:

- ``check_endpoint_url`` when a URL is saved or used: every address its host resolves to must
  be public (this catches literal, decimal, octal, IPv4-mapped and NAT64 forms, because the
  resolver turns them all into addresses);
- ``guarded_socket`` when a connection is opened: the address actually dialled is checked
  again, so a DNS answer that changes after the first check (rebinding) or a redirect to an
  internal host is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from modelyard.integrations.errors import EndpointRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return None


def is_public_address(text: str) -> bool:
    try:
        address: IPAddress = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    inner = embedded_ipv4(address)
    if inner is not None:
        return is_public_address(str(inner))
    if address in _NAT64_LOCAL:
        return False
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to; the resolver also reads decimal and octal forms."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise EndpointRefused(
            f"The endpoint host {host!r} does not resolve.",
            hint="Check the endpoint URL's host name.",
        ) from error
    return sorted({str(info[4][0]) for info in infos})


def check_endpoint_url(url: str, *, allow_private: bool) -> str:
    """The normalised endpoint URL, or EndpointRefused. Blocking: it resolves the host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise EndpointRefused(
            "The endpoint must be an http:// or https:// URL with a host.",
            hint="Give the base URL of the S3-compatible server, e.g. https://minio.example.com.",
        )
    if parts.username is not None or parts.password is not None:
        raise EndpointRefused(
            "Do not put credentials in the endpoint URL.",
            hint="Put them in the connection's `credentials` instead.",
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise EndpointRefused(
            "The endpoint URL must not have a path, query or fragment.",
            hint="Give only scheme, host and port, e.g. https://minio.example.com:9000.",
        )
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise EndpointRefused("The endpoint URL's port is not valid.") from error
    host = parts.hostname
    if not allow_private:
        refused = [a for a in resolve(host, port) if not is_public_address(a)]
        if refused:
            raise EndpointRefused(
                f"The endpoint host {host!r} resolves to a non-public address ({refused[0]})."
            )
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((scheme, netloc, "", "", ""))


def guarded_socket(addr_info: tuple[Any, ...]) -> socket.socket:
    """A socket factory for aiohttp: refuse to dial a non-public address.

    Raises OSError, which the HTTP client reports as a failed connection.
    """
    family, kind, proto, _, sockaddr = addr_info
    if not is_public_address(str(sockaddr[0])):
        raise OSError(f"Refused to connect to the non-public address {sockaddr[0]}.")
    return socket.socket(family=family, type=kind, proto=proto)
