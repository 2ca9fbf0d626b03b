"""Resolve the acting principal from an API key or the session cookie (with its CSRF check)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from modelyard.auth import service
from modelyard.auth.principal import Principal
from modelyard.kit.dependencies import DbSession, Limiter, get_settings
from modelyard.kit.errors import CsrfFailed, NotAuthenticated

SESSION_COOKIE = "modelyard_session"
CSRF_COOKIE = "modelyard_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def optional_principal(request: Request, db: DbSession, limiter: Limiter) -> Principal | None:
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential:
        principal = await service.principal_from_api_key(db, credential.strip())
        settings = get_settings(request)
        await limiter.hit(settings.api_key_rate_limit, "api_key", principal.api_key_id or "")
        return principal
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    principal, record = await service.principal_from_session_token(db, token)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), record.csrf_token.encode()):
            raise CsrfFailed()
    return principal


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise NotAuthenticated()
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
