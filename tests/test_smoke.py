from httpx import AsyncClient

from tests.factories import login, make_user


async def test_register_login_and_create_workspace(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "Ada@Example.com", "password": "correct horse battery", "name": "Ada"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["email"] == "ada@example.com"
    await login(client, "ada@example.com", "correct horse battery")
    created = await client.post("/api/v1/workspaces", json={"name": "Lab"})
    assert created.status_code == 201, created.text
    listed = await client.get("/api/v1/workspaces")
    assert [w["name"] for w in listed.json()["items"]] == ["Lab"]


async def test_factory_user_can_log_in(client: AsyncClient, db) -> None:  # type: ignore[no-untyped-def]
    user = await make_user(db)
    await login(client, user.email)
    me = await client.get("/api/v1/users/me")
    assert me.json()["id"] == user.id
