"""Identity through the API: registration, login, sessions, CSRF, passwords, API keys."""

from __future__ import annotations

from datetime import timedelta

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth import service as auth
from modelyard.kit.clock import utcnow
from modelyard.models import ApiKey, UserSession
from tests.factories import PASSWORD, bearer, login, make_api_key, make_user, make_workspace

STRONG = "correct horse battery staple"


async def register(client: AsyncClient, email: str, password: str = STRONG) -> dict[str, object]:
    response = await client.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "name": "Grace"}
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_register_returns_user_without_secrets(client: AsyncClient) -> None:
    body = await register(client, "grace@example.com")
    assert set(body) == {"id", "email", "name", "created_at"}
    assert str(body["id"]).startswith("usr_")


async def test_duplicate_email_is_conflict_case_insensitively(client: AsyncClient) -> None:
    await register(client, "grace@example.com")
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "GRACE@example.com", "password": STRONG, "name": "Grace"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"


async def test_weak_password_is_422_with_hint_and_field(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", json={"email": "g@example.com", "password": "short", "name": "G"}
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "weak_password"
    assert problem["hint"]
    assert problem["errors"][0]["loc"] == ["body", "password"]
    assert response.headers["content-type"] == "application/problem+json"


async def test_invalid_email_is_422_with_field_path(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", json={"email": "not-an-email", "password": STRONG, "name": "G"}
    )
    assert response.status_code == 422
    assert ["body", "email"] in [error["loc"] for error in response.json()["errors"]]


async def test_login_sets_hardened_cookies(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("modelyard_session="))
    csrf_cookie = next(c for c in cookies if c.startswith("modelyard_csrf="))
    assert "HttpOnly" in session_cookie
    assert "samesite=lax" in session_cookie.lower()
    assert "Secure" not in session_cookie
    assert "HttpOnly" not in csrf_cookie
    token = session_cookie.split(";")[0].split("=", 1)[1]
    stored = (await db.execute(select(UserSession))).scalars().all()
    assert token not in {s.token_hash for s in stored}


async def test_unknown_email_and_wrong_password_answer_the_same(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "nope nope nope"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "ghost@example.com", "password": "nope nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda r: {k: v for k, v in r.json().items() if k != "request_id"}  # noqa: E731
    assert strip(wrong) == strip(unknown)
    assert wrong.json()["code"] == "invalid_credentials"


async def test_me_requires_authentication(client: AsyncClient) -> None:
    response = await client.get("/api/v1/users/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


async def test_cookie_mutation_without_csrf_token_is_refused(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    await login(client, user.email)
    del client.headers["X-CSRF-Token"]
    response = await client.post("/api/v1/workspaces", json={"name": "W"})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    client.headers["X-CSRF-Token"] = "forged"
    assert (await client.post("/api/v1/workspaces", json={"name": "W"})).status_code == 403


async def test_logout_ends_the_session(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    old_cookie = client.cookies.get("modelyard_session")
    assert (await client.post("/api/v1/auth/logout")).status_code == 204
    client.cookies.set("modelyard_session", old_cookie or "")
    assert (await client.get("/api/v1/users/me")).status_code == 401


async def test_list_and_revoke_my_sessions(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    other = await auth.start_session(
        db, user, ttl=timedelta(hours=1), user_agent="phone", ip="10.0.0.1"
    )
    await login(client, user.email)
    sessions = (await client.get("/api/v1/auth/sessions")).json()
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    response = await client.delete(f"/api/v1/auth/sessions/{other.record.id}")
    assert response.status_code == 204
    assert len((await client.get("/api/v1/auth/sessions")).json()) == 1
    again = await client.delete(f"/api/v1/auth/sessions/{other.record.id}")
    assert again.status_code == 404


async def test_cannot_revoke_someone_elses_session(client: AsyncClient, db: AsyncSession) -> None:
    alice, bob = await make_user(db), await make_user(db)
    bobs = await auth.start_session(db, bob, ttl=timedelta(hours=1), user_agent=None, ip=None)
    await login(client, alice.email)
    assert (await client.delete(f"/api/v1/auth/sessions/{bobs.record.id}")).status_code == 404


async def test_expired_session_is_refused(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    record = (
        await db.execute(select(UserSession).where(UserSession.user_id == user.id))
    ).scalar_one()
    record.expires_at = utcnow() - timedelta(seconds=1)
    await db.flush()
    assert (await client.get("/api/v1/users/me")).status_code == 401


async def test_update_profile(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    response = await client.patch("/api/v1/users/me", json={"name": "  Renamed "})
    assert response.json()["name"] == "Renamed"


async def test_password_change_ends_sessions_and_keys(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    email = user.email
    key = await make_api_key(db, user)
    await login(client, email)
    old_cookie = client.cookies.get("modelyard_session") or ""
    wrong = await client.post(
        "/api/v1/users/me/password", json={"current_password": "wrong", "new_password": STRONG}
    )
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "wrong_password"
    weak = await client.post(
        "/api/v1/users/me/password", json={"current_password": PASSWORD, "new_password": "abc"}
    )
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["loc"] == ["body", "new_password"]
    changed = await client.post(
        "/api/v1/users/me/password", json={"current_password": PASSWORD, "new_password": STRONG}
    )
    assert changed.status_code == 204
    client.cookies.set("modelyard_session", old_cookie)
    assert (await client.get("/api/v1/users/me")).status_code == 401
    client.cookies.clear()
    assert (await client.get("/api/v1/users/me", headers=bearer(key))).status_code == 401
    await login(client, email, STRONG)


async def test_deactivation_ends_sessions_and_keys(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    email = user.email
    key = await make_api_key(db, user)
    await login(client, email)
    await auth.set_user_active(db, user, active=False)
    await db.commit()  # as the deactivating request would
    assert (await client.get("/api/v1/users/me")).status_code == 401
    client.cookies.clear()
    assert (await client.get("/api/v1/users/me", headers=bearer(key))).status_code == 401
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 401


async def test_api_key_lifecycle(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    created = await client.post("/api/v1/api-keys", json={"name": "ci", "scopes": ["full"]})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["key"].startswith(f"myd_{body['prefix']}_")
    stored = (await db.execute(select(ApiKey).where(ApiKey.id == body["id"]))).scalar_one()
    assert body["key"] not in (stored.key_hash, stored.prefix)
    listed = (await client.get("/api/v1/api-keys")).json()["items"]
    assert [k["id"] for k in listed] == [body["id"]]
    assert "key" not in listed[0]

    client.cookies.clear()
    me = await client.get("/api/v1/users/me", headers=bearer(body["key"]))
    assert me.status_code == 200
    assert me.json()["id"] == user.id
    await db.refresh(stored)
    assert stored.last_used_at is not None

    revoked = await client.delete(f"/api/v1/api-keys/{body['id']}", headers=bearer(body["key"]))
    assert revoked.status_code == 204
    after = await client.get("/api/v1/users/me", headers=bearer(body["key"]))
    assert after.status_code == 401
    assert after.json()["code"] == "invalid_api_key"


async def test_malformed_and_tampered_keys_are_refused(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    key = await make_api_key(db, user)
    for candidate in ("myd_", "nonsense", key[:-2] + "xx", "myd_000000000000_abc"):
        response = await client.get("/api/v1/users/me", headers=bearer(candidate))
        assert response.status_code == 401, candidate


async def test_expired_api_key_is_refused(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    key = await make_api_key(db, user)
    record = (await db.execute(select(ApiKey).where(ApiKey.user_id == user.id))).scalar_one()
    record.expires_at = utcnow() - timedelta(minutes=1)
    await db.flush()
    assert (await client.get("/api/v1/users/me", headers=bearer(key))).status_code == 401


async def test_api_key_with_past_expiry_cannot_be_created(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    await login(client, user.email)
    past = (utcnow() - timedelta(days=1)).isoformat()
    response = await client.post("/api/v1/api-keys", json={"name": "old", "expires_at": past})
    assert response.status_code == 422


async def test_read_only_key_cannot_mutate_or_escalate(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    key = await make_api_key(db, user, scopes=("read",))  # type: ignore[arg-type]
    headers = bearer(key)
    assert (await client.get("/api/v1/workspaces", headers=headers)).status_code == 200
    response = await client.post("/api/v1/workspaces", json={"name": "W"}, headers=headers)
    assert response.status_code == 403
    escalate = await client.post("/api/v1/api-keys", json={"name": "x"}, headers=headers)
    assert escalate.status_code == 403


async def test_workspace_bound_key_sees_only_its_workspace(
    client: AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    first = await make_workspace(db, user, name="First")
    second = await make_workspace(db, user, name="Second")
    key = await make_api_key(db, user, workspace_id=first.id)
    listed = (await client.get("/api/v1/workspaces", headers=bearer(key))).json()["items"]
    assert [w["id"] for w in listed] == [first.id]
    hidden = await client.get(f"/api/v1/workspaces/{second.id}", headers=bearer(key))
    assert hidden.status_code == 404


async def test_key_for_foreign_workspace_cannot_be_created(
    client: AsyncClient, db: AsyncSession
) -> None:
    user, stranger = await make_user(db), await make_user(db)
    foreign = await make_workspace(db, stranger)
    await login(client, user.email)
    response = await client.post("/api/v1/api-keys", json={"name": "x", "workspace_id": foreign.id})
    assert response.status_code == 404
    assert response.json()["code"] == "workspace_not_found"


async def test_cannot_revoke_someone_elses_key(client: AsyncClient, db: AsyncSession) -> None:
    alice, bob = await make_user(db), await make_user(db)
    await make_api_key(db, bob)
    bobs = (await db.execute(select(ApiKey).where(ApiKey.user_id == bob.id))).scalar_one()
    await login(client, alice.email)
    assert (await client.delete(f"/api/v1/api-keys/{bobs.id}")).status_code == 404
