"""HTTP for identity: register, login, logout, sessions, profile, API keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status

from modelyard.auth import service
from modelyard.auth.dependencies import CSRF_COOKIE, SESSION_COOKIE
from modelyard.auth.errors import (
    ApiKeyNotFound,
    EmailTaken,
    SessionNotFound,
    WeakPassword,
    WrongPassword,
)
from modelyard.auth.schemas import (
    ApiKeyCreated,
    ApiKeyCreateRequest,
    ApiKeyOut,
    ChangePasswordRequest,
    LoginRequest,
    LoginResponse,
    RegisterRequest,
    SessionOut,
    UpdateMeRequest,
    UserOut,
)
from modelyard.authz.guard import Authenticated, public
from modelyard.kit.dependencies import AppSettings, DbSession, Limiter, Paging
from modelyard.kit.errors import (
    CsrfFailed,
    InvalidCredentials,
    NotAuthenticated,
    PermissionDenied,
    RateLimited,
    problem_responses,
)
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.settings import Settings
from modelyard.workspaces import service as workspaces
from modelyard.workspaces.errors import WorkspaceNotFound

AUTH_ERRORS = problem_responses(NotAuthenticated, CsrfFailed, PermissionDenied, RateLimited)

auth_router = APIRouter(prefix="/auth", tags=["auth"])
users_router = APIRouter(prefix="/users", tags=["users"], responses=AUTH_ERRORS)
api_keys_router = APIRouter(prefix="/api-keys", tags=["api_keys"], responses=AUTH_ERRORS)

SessionId = Annotated[str, Path(max_length=40)]


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _set_session_cookies(response: Response, settings: Settings, token: str, csrf: str) -> None:
    max_age = settings.session_ttl_hours * 3600
    secure = settings.cookie_secure
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=max_age, httponly=False, samesite="lax", secure=secure
    )


def _clear_session_cookies(response: Response, settings: Settings) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, samesite="lax", secure=settings.cookie_secure)


@auth_router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    name="register",
    dependencies=[Depends(public)],
    responses=problem_responses(EmailTaken, WeakPassword, RateLimited),
)
async def register(
    body: RegisterRequest, request: Request, db: DbSession, settings: AppSettings, limiter: Limiter
) -> UserOut:
    """Create an account. Log in afterwards to start a session."""
    await limiter.hit(settings.register_rate_limit, "register", _client_ip(request))
    user = await service.register_user(db, email=body.email, password=body.password, name=body.name)
    return UserOut.model_validate(user)


@auth_router.post(
    "/login",
    name="login",
    dependencies=[Depends(public)],
    responses=problem_responses(InvalidCredentials, RateLimited),
)
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    limiter: Limiter,
) -> LoginResponse:
    """Start a session: sets the HttpOnly session cookie and the CSRF cookie."""
    ip = _client_ip(request)
    await limiter.check(settings.login_rate_limit, "login-failures", ip)
    try:
        user = await service.authenticate(db, email=body.email, password=body.password)
    except InvalidCredentials:
        await limiter.hit(settings.login_rate_limit, "login-failures", ip)
        raise
    issued = await service.start_session(
        db,
        user,
        ttl=settings_ttl(settings),
        user_agent=request.headers.get("user-agent"),
        ip=ip,
    )
    _set_session_cookies(response, settings, issued.token, issued.record.csrf_token)
    return LoginResponse(user=UserOut.model_validate(user), csrf_token=issued.record.csrf_token)


def settings_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.session_ttl_hours)


@auth_router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    name="logout",
    responses=AUTH_ERRORS,
)
async def logout(
    principal: Authenticated, response: Response, db: DbSession, settings: AppSettings
) -> None:
    """End the current session; its cookie stops working at once."""
    if principal.session_id is not None:
        await service.end_session(db, principal.session_id)
    _clear_session_cookies(response, settings)


@auth_router.get("/sessions", name="list_sessions", responses=AUTH_ERRORS)
async def list_sessions(principal: Authenticated, db: DbSession) -> list[SessionOut]:
    """My active sessions, the current one marked."""
    records = await service.list_sessions(db, principal)
    return [
        SessionOut.model_validate(record).model_copy(
            update={"current": record.id == principal.session_id}
        )
        for record in records
    ]


@auth_router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="revoke_session",
    responses={**AUTH_ERRORS, **problem_responses(SessionNotFound)},
)
async def revoke_session(session_id: SessionId, principal: Authenticated, db: DbSession) -> None:
    """Sign out one of my sessions (for example a lost laptop)."""
    await service.revoke_session(db, principal, session_id)


@users_router.get("/me", name="me")
async def me(principal: Authenticated, db: DbSession) -> UserOut:
    return UserOut.model_validate(await service.get_user(db, principal))


@users_router.patch("/me", name="update_me")
async def update_me(body: UpdateMeRequest, principal: Authenticated, db: DbSession) -> UserOut:
    return UserOut.model_validate(await service.update_profile(db, principal, name=body.name))


@users_router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    name="change_password",
    responses=problem_responses(WrongPassword, WeakPassword),
)
async def change_password(
    body: ChangePasswordRequest,
    principal: Authenticated,
    response: Response,
    db: DbSession,
    settings: AppSettings,
) -> None:
    """Set a new password. Every session and API key of yours stops working; log in again."""
    await service.change_password(
        db, principal, current_password=body.current_password, new_password=body.new_password
    )
    _clear_session_cookies(response, settings)


@api_keys_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(WorkspaceNotFound),
)
async def create_api_key(
    body: ApiKeyCreateRequest, principal: Authenticated, db: DbSession
) -> ApiKeyCreated:
    """Create an API key. The key is in this response only; store it now."""
    if body.workspace_id is not None:
        await workspaces.ensure_visible(db, principal, body.workspace_id)
    issued = await service.create_api_key(
        db,
        principal,
        name=body.name,
        scopes=body.scopes,
        expires_at=body.expires_at,
        workspace_id=body.workspace_id,
    )
    return ApiKeyCreated(**ApiKeyOut.model_validate(issued.record).model_dump(), key=issued.key)


@api_keys_router.get("", name="list")
async def list_api_keys(principal: Authenticated, db: DbSession, page: Paging) -> Page[ApiKeyOut]:
    records = await service.list_api_keys(db, principal, page)
    items, cursor = split_page(records, page, lambda record: record.id)
    return Page(items=[ApiKeyOut.model_validate(record) for record in items], next_cursor=cursor)


@api_keys_router.delete(
    "/{api_key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="revoke",
    responses=problem_responses(ApiKeyNotFound),
)
async def revoke_api_key(
    api_key_id: Annotated[str, Path(max_length=40)], principal: Authenticated, db: DbSession
) -> None:
    """Revoke an API key; requests with it fail from now on."""
    await service.revoke_api_key(db, principal, api_key_id)
