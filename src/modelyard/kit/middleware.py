"""ASGI middleware: request ids, access logs, metrics, security headers, and the request guard.

Written as plain ASGI (no BaseHTTPMiddleware) to keep per-request overhead small.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

import structlog
from fastapi import routing as fastapi_routing
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from modelyard.kit.errors import (
    PROBLEM_CONTENT_TYPE,
    CsrfFailed,
    ModelyardError,
    PayloadTooLarge,
    UnsupportedMediaType,
)

log = structlog.get_logger("modelyard.http")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc boot with an inline script.
DOCS_CSP = APP_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "img-src 'self' data: blob:", "img-src 'self' data: blob: https:"
)
DOCS_PATHS = ("/api/docs", "/api/redoc")


class HttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "modelyard_http_requests",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "modelyard_http_request_duration_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
            registry=registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )


async def send_problem(send: Send, error: ModelyardError, request_id: str | None) -> None:
    problem = error.to_problem(request_id)
    body = json.dumps(problem).encode()
    headers = [
        (b"content-type", PROBLEM_CONTENT_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": problem["status"], "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestContextMiddleware:
    """Outermost layer: request id, access log, metrics, security headers, last-resort 500."""

    def __init__(self, app: ASGIApp, *, metrics: HttpMetrics, hsts: bool) -> None:
        self.app = app
        self.metrics = metrics
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False
        extra_headers = self._headers(scope["path"], request_id)

        async def send_with_headers(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *extra_headers]
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled_error", path=scope["path"], method=scope["method"])
            if not response_started:
                await send_problem(send_with_headers, ModelyardError(), request_id)
        finally:
            self._observe(scope, status, time.perf_counter() - started)
            structlog.contextvars.unbind_contextvars("request_id")

    def _headers(self, path: str, request_id: str) -> list[tuple[bytes, bytes]]:
        csp = DOCS_CSP if path.startswith(DOCS_PATHS) else APP_CSP
        headers = [
            (b"x-request-id", request_id.encode()),
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if self.hsts:
            headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
        return headers

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        template = route_template(scope)
        method = scope["method"]
        self.metrics.requests.labels(method, template, str(status)).inc()
        self.metrics.latency.labels(method, template).observe(seconds)
        log.info(
            "request",
            method=method,
            path=scope["path"],
            route=template,
            status=status,
            duration_ms=round(seconds * 1000, 2),
        )


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/api/v1/workspaces/{workspace_id}`), for labels."""
    # FastAPI keeps the prefixed template of a route from an included router in its own
    # scope entry; `scope["route"]` holds the route as declared, without the prefix.
    context = fastapi_routing._get_scope_effective_route_context(scope)
    template = getattr(context, "path_format", None) or getattr(scope.get("route"), "path", None)
    return template or "unmatched"


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _REQUEST_ID.match(candidate) else None
    return None


class RequestGuardMiddleware:
    """Refuses, before any route runs, what no API route accepts.

    - mutations from a foreign `Origin` (CSRF defence in depth beside the token);
    - mutation bodies that are not JSON or multipart (blocks `text/plain` CSRF tricks);
    - JSON bodies larger than the limit, counted as they stream in.
    """

    def __init__(self, app: ASGIApp, *, allowed_origins: Iterable[str], max_json_body: int) -> None:
        self.app = app
        self.allowed_origins = {_origin(o) for o in allowed_origins if o}
        self.max_json_body = max_json_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = scope.get("state", {}).get("request_id")
        try:
            self._check_origin(scope, headers)
            limit = self._body_limit(scope, headers)
        except ModelyardError as error:
            await send_problem(send, error, request_id)
            return
        if limit is None:
            await self.app(scope, receive, send)
            return
        try:
            body = await _read_body(receive, limit)
        except PayloadTooLarge as error:
            await send_problem(send, error, request_id)
            return
        await self.app(scope, _replay(body, receive), send)

    def _check_origin(self, scope: Scope, headers: dict[str, str]) -> None:
        origin = headers.get("origin")
        if origin is None or (origin == "null" and not headers.get("cookie")):
            return
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
        if _origin(origin) not in {*self.allowed_origins, _origin(own)}:
            raise CsrfFailed(
                "The request comes from a foreign origin.",
                hint="Call the API from the Modelyard app, or without cookies.",
            )

    def _body_limit(self, scope: Scope, headers: dict[str, str]) -> int | None:
        """The byte limit for this body; None for uploads, whose routes enforce their own."""
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        length = int(headers.get("content-length") or 0)
        has_body = length > 0 or "transfer-encoding" in headers
        if not has_body:
            return self.max_json_body
        if content_type == "multipart/form-data":
            return None
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType()
        if length > self.max_json_body:
            raise PayloadTooLarge(f"The body is {length} bytes; the limit is {self.max_json_body}.")
        return self.max_json_body


async def _read_body(receive: Receive, limit: int) -> bytes:
    """The whole (small) JSON body, refused as soon as it grows past the limit."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body is larger than the limit of {limit} bytes.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay_receive() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay_receive


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower()
