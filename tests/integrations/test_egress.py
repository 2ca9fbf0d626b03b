"""The SSRF guard: non-public addresses refused when saved and again when dialled."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from modelyard.integrations.egress import check_endpoint_url, guarded_socket, is_public_address
from modelyard.integrations.errors import (
    EndpointRefused,
    ImportAccessDenied,
    ImportSourceUnavailable,
)
from modelyard.integrations.object_source import ObjectLocation, SourceConfig, open_object

NON_PUBLIC = [
    "127.0.0.1",
    "127.1.2.3",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
    "169.254.169.254",
    "fe80::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "::",
    "224.0.0.1",
    "fc00::1",
    "not an address",
]


@pytest.mark.parametrize("address", NON_PUBLIC)
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "64:ff9b::5db8:d70e"])
def test_public_addresses(address: str) -> None:
    assert is_public_address(address)


REFUSED_ENDPOINTS = [
    "http://127.0.0.1:9000",
    "http://localhost:9000",
    "http://[::1]:9000",
    "http://[::ffff:127.0.0.1]:9000",
    "http://2130706433:9000",
    "http://0177.0.0.1:9000",
    "http://0x7f000001",
    "http://127.1",
    "http://169.254.169.254",
    "http://[64:ff9b::7f00:1]",
    "http://10.0.0.5",
    "http://0.0.0.0:9000",
    "ftp://93.184.215.14",
    "http://user:secret@93.184.215.14",
    "https://93.184.215.14/some/path",
    "https://93.184.215.14?x=1",
    "https://93.184.215.14:99999",
    "http://does-not-exist.invalid",
    "not a url",
]


@pytest.mark.parametrize("url", REFUSED_ENDPOINTS)
def test_endpoints_refused(url: str) -> None:
    with pytest.raises(EndpointRefused) as info:
        check_endpoint_url(url, allow_private=False)
    assert info.value.code == "storage_endpoint_refused"


def test_public_endpoint_is_normalised() -> None:
    assert check_endpoint_url("HTTPS://93.184.215.14:8443/", allow_private=False) == (
        "https://93.184.215.14:8443"
    )
    assert check_endpoint_url("http://[2606:4700::1111]", allow_private=False) == (
        "http://[2606:4700::1111]"
    )


def test_operator_may_allow_private_endpoints() -> None:
    assert check_endpoint_url("http://127.0.0.1:9000", allow_private=True) == (
        "http://127.0.0.1:9000"
    )


def test_guarded_socket_refuses_to_dial_loopback() -> None:
    with pytest.raises(OSError, match="non-public"):
        guarded_socket((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)))
    with pytest.raises(OSError, match="non-public"):
        guarded_socket((socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::ffff:10.0.0.1", 80, 0, 0)))
    public = guarded_socket((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)))
    public.close()


FORBIDDEN = (
    b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: 0\r\n"
    b"Connection: close\r\n\r\n"
)


class Canary:
    """A TCP server on loopback that counts who connects to it and refuses every request with
    a 403 (an answer clients do not retry, so the control read fails at once)."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.port = int(self.server.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            with connection:
                connection.settimeout(2)
                with contextlib.suppress(OSError):
                    connection.recv(65536)
                    connection.sendall(FORBIDDEN)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.close()


def _config(endpoint: str, *, allow_private: bool = False) -> SourceConfig:
    return SourceConfig(
        provider="s3",
        bucket="data",
        prefix="",
        endpoint_url=endpoint,
        credentials={"access_key_id": "AKIAEXAMPLE", "secret_access_key": "secret"},
        allow_private=allow_private,
    )


def test_dialling_a_private_address_is_refused_even_past_the_first_check(canary: Canary) -> None:
    """The connection itself is guarded: an endpoint that skipped the saved-URL check fails."""
    with pytest.raises(ImportSourceUnavailable):
        open_object(
            _config(f"http://127.0.0.1:{canary.port}"), ObjectLocation("s3", "data", "a.csv")
        )
    assert canary.connections == 0
    # Control: with private endpoints allowed, the same read does reach the canary (and gets
    # its 403).
    with pytest.raises(ImportAccessDenied):
        open_object(
            _config(f"http://127.0.0.1:{canary.port}", allow_private=True),
            ObjectLocation("s3", "data", "a.csv"),
        )
    assert canary.connections > 0


def test_dns_rebinding_is_refused(canary: Canary, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolves to a public address when checked, then to loopback when used."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.215.14"])

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            address = next(answers, "127.0.0.1")
            return real_getaddrinfo(address, port, *args, **kwargs)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    endpoint = check_endpoint_url(f"http://rebind.test:{canary.port}", allow_private=False)
    with pytest.raises(ImportSourceUnavailable):
        open_object(_config(endpoint), ObjectLocation("s3", "data", "a.csv"))
    assert canary.connections == 0
