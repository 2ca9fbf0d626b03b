"""Problem responses, middleware guards, security headers and the web app fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import Depends, FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.authz.guard import public
from modelyard.kit.errors import Conflict, ModelyardError, problem_responses
from modelyard.settings import Settings
from modelyard.web import mount_web_app
from tests.conftest import make_test_app
from tests.factories import login, make_user


async def test_unhandled_error_is_a_500_problem_without_stack(
    settings: Settings, db: AsyncSession
) -> None:
    app = make_test_app(settings, db)

    @app.get("/api/v1/boom", dependencies=[Depends(public)])
    async def boom() -> None:
        raise RuntimeError("secret internals")

    # The catch-all web route was registered first; move the test route ahead of it.
    app.router.routes.insert(0, app.router.routes.pop())
    async with AsyncClient(
        transport=ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    ) as client:
        response = await client.get("/api/v1/boom", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    problem = response.json()
    assert problem["code"] == "internal_error"
    assert problem["request_id"] == "req-123"
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["x-request-id"] == "req-123"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_malformed_json_is_400(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", content=b'{"email": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


async def test_wrong_types_are_422_with_paths(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", json={"email": 5, "password": ["x"]})
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["errors"]]
    assert ["body", "email"] in locs
    assert ["body", "password"] in locs


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
async def test_non_json_mutation_bodies_are_415(client: AsyncClient, content_type: str) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"email":"a@b.c","password":"x"}',
        headers={"content-type": content_type},
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


async def test_oversized_body_is_413(client: AsyncClient, settings: Settings) -> None:
    big = b'{"email": "' + b"a" * (settings.max_json_body_bytes + 10) + b'"}'
    response = await client.post(
        "/api/v1/auth/login", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_oversized_chunked_body_is_413(client: AsyncClient, settings: Settings) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield b'{"email": "'
        for _ in range(settings.max_json_body_bytes // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    response = await client.post(
        "/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_foreign_origin_mutation_is_refused(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    response = await client.post(
        "/api/v1/workspaces", json={"name": "W"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    same = await client.post(
        "/api/v1/workspaces", json={"name": "W"}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 201


async def test_security_headers_on_every_response(client: AsyncClient) -> None:
    response = await client.get("/healthz")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in response.headers


async def test_hsts_and_secure_cookie_behind_https(settings: Settings, db: AsyncSession) -> None:
    app = make_test_app(settings.model_copy(update={"https": True}), db)
    user = await make_user(db)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="https://t") as client:
        response = await client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": "a long test passphrase"}
        )
    assert "strict-transport-security" in response.headers
    assert all("Secure" in cookie for cookie in response.headers.get_list("set-cookie"))


async def test_unknown_routes_and_methods_are_problems(client: AsyncClient) -> None:
    missing = await client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    wrong_method = await client.put("/api/v1/users/me", json={})
    assert wrong_method.status_code in {404, 405}
    assert wrong_method.headers["content-type"] == "application/problem+json"


async def test_docs_are_served_offline(client: AsyncClient) -> None:
    docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/docs-assets/swagger-ui-bundle.js" in docs.text
    redoc = await client.get("/api/redoc")
    assert "/api/docs-assets/redoc.standalone.js" in redoc.text
    asset = await client.get("/api/docs-assets/swagger-ui.css")
    assert asset.status_code == 200


async def test_gzip_for_large_responses(client: AsyncClient) -> None:
    response = await client.get("/api/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"


def test_problem_responses_group_codes_by_status() -> None:
    responses = problem_responses(Conflict)
    assert set(responses) == {409, 422, 500}
    assert "`conflict`" in responses[409]["description"]
    assert ModelyardError("x").to_problem()["type"] == "urn:modelyard:problem:internal_error"


async def test_web_app_fallback_and_traversal(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<html>app</html>")
    (static / "assets" / "app-1234.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("top secret")
    (static / "link").symlink_to(tmp_path / "secret.txt")
    app = FastAPI()
    mount_web_app(app, static)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        asset = await client.get("/assets/app-1234.js")
        assert "immutable" in asset.headers["cache-control"]
        page = await client.get("/datasets/ds_1")
        assert page.text == "<html>app</html>"
        assert page.headers["cache-control"] == "no-cache"
        for attack in [
            "../secret.txt",
            "..%2fsecret.txt",
            "%2e%2e/secret.txt",
            "link",
            "..\\secret.txt",
            "//etc/passwd",
            "assets/../../secret.txt",
        ]:
            response = await client.get(f"/{attack}")
            assert "top secret" not in response.text, attack


async def test_web_app_not_built_page(tmp_path: Path) -> None:
    app = FastAPI()
    mount_web_app(app, tmp_path / "missing")
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/")
    assert "make run" in response.text
