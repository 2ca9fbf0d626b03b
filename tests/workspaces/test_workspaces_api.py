"""Workspaces, members, roles and invitations through the API."""

from __future__ import annotations

from datetime import timedelta

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.authz.permissions import Role
from modelyard.kit.clock import utcnow
from modelyard.models import Invitation, Membership
from tests.factories import add_member, login, make_team, make_user, make_workspace


async def test_create_get_update_delete(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    created = (
        await client.post("/api/v1/workspaces", json={"name": " Lab ", "description": "d"})
    ).json()
    assert created["name"] == "Lab"
    assert created["role"] == "owner"
    url = f"/api/v1/workspaces/{created['id']}"
    assert (await client.get(url)).json()["description"] == "d"
    patched = await client.patch(url, json={"name": "Lab 2"})
    assert patched.json()["name"] == "Lab 2"
    assert patched.json()["description"] == "d"
    assert (await client.delete(url)).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_empty_name_is_refused(client: AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    await login(client, user.email)
    response = await client.post("/api/v1/workspaces", json={"name": "   "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "name"]


async def test_list_is_paginated_and_only_mine(client: AsyncClient, db: AsyncSession) -> None:
    user, stranger = await make_user(db), await make_user(db)
    mine = [await make_workspace(db, user, name=f"W{i}") for i in range(3)]
    await make_workspace(db, stranger, name="Theirs")
    await login(client, user.email)
    first = (await client.get("/api/v1/workspaces", params={"limit": 2})).json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    second = (
        await client.get("/api/v1/workspaces", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    assert second["next_cursor"] is None
    seen = [w["id"] for w in first["items"] + second["items"]]
    assert sorted(seen) == sorted(w.id for w in mine)


async def test_foreign_workspace_is_404_not_403(client: AsyncClient, db: AsyncSession) -> None:
    user, stranger = await make_user(db), await make_user(db)
    theirs = await make_workspace(db, stranger)
    await login(client, user.email)
    for method, path in [
        ("GET", f"/api/v1/workspaces/{theirs.id}"),
        ("PATCH", f"/api/v1/workspaces/{theirs.id}"),
        ("DELETE", f"/api/v1/workspaces/{theirs.id}"),
        ("GET", f"/api/v1/workspaces/{theirs.id}/members"),
        ("GET", "/api/v1/workspaces/ws_doesnotexist"),
    ]:
        response = await client.request(method, path, json={} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "workspace_not_found"


async def test_add_member_change_role_and_remove(client: AsyncClient, db: AsyncSession) -> None:
    owner, newcomer = await make_user(db), await make_user(db)
    workspace = await make_workspace(db, owner)
    await login(client, owner.email)
    base = f"/api/v1/workspaces/{workspace.id}/members"
    added = await client.post(base, json={"email": newcomer.email.upper(), "role": "viewer"})
    assert added.status_code == 201
    assert added.json()["role"] == "viewer"
    again = await client.post(base, json={"email": newcomer.email})
    assert again.status_code == 409
    assert again.json()["code"] == "already_member"
    nobody = await client.post(base, json={"email": "nobody@example.com"})
    assert nobody.status_code == 404
    assert nobody.json()["code"] == "user_not_found"
    changed = await client.patch(f"{base}/{newcomer.id}", json={"role": "admin"})
    assert changed.json()["role"] == "admin"
    members = (await client.get(base)).json()["items"]
    assert {m["user_id"]: m["role"] for m in members} == {owner.id: "owner", newcomer.id: "admin"}
    assert (await client.delete(f"{base}/{newcomer.id}")).status_code == 204
    assert (await client.delete(f"{base}/{newcomer.id}")).status_code == 404


async def test_last_owner_cannot_leave_or_be_demoted(client: AsyncClient, db: AsyncSession) -> None:
    owner = await make_user(db)
    workspace = await make_workspace(db, owner)
    await login(client, owner.email)
    base = f"/api/v1/workspaces/{workspace.id}"
    demote = await client.patch(f"{base}/members/{owner.id}", json={"role": "admin"})
    assert demote.status_code == 409
    assert demote.json()["code"] == "last_owner"
    assert (await client.post(f"{base}/leave")).json()["code"] == "last_owner"
    assert (await client.delete(f"{base}/members/{owner.id}")).json()["code"] == "last_owner"


async def test_second_owner_lets_the_first_leave(client: AsyncClient, db: AsyncSession) -> None:
    owner, other = await make_user(db), await make_user(db)
    workspace = await make_workspace(db, owner)
    await add_member(db, workspace, other, Role.OWNER)
    await login(client, owner.email)
    assert (await client.post(f"/api/v1/workspaces/{workspace.id}/leave")).status_code == 204
    assert (await client.get(f"/api/v1/workspaces/{workspace.id}")).status_code == 404


async def test_admin_cannot_touch_owners_or_make_owners(
    client: AsyncClient, db: AsyncSession
) -> None:
    team = await make_team(db)
    await login(client, team.users["admin"].email)
    base = f"/api/v1/workspaces/{team.workspace.id}/members"
    owner_id = team.users["owner"].id
    member_id = team.users["member"].id
    for response in [
        await client.patch(f"{base}/{owner_id}", json={"role": "viewer"}),
        await client.delete(f"{base}/{owner_id}"),
        await client.patch(f"{base}/{member_id}", json={"role": "owner"}),
    ]:
        assert response.status_code == 403
        assert response.json()["code"] == "role_not_assignable"
    promoted = await client.patch(f"{base}/{member_id}", json={"role": "admin"})
    assert promoted.status_code == 200


async def test_mass_assignment_is_ignored(client: AsyncClient, db: AsyncSession) -> None:
    team = await make_team(db)
    await login(client, team.users["admin"].email)
    url = f"/api/v1/workspaces/{team.workspace.id}"
    response = await client.patch(
        url, json={"name": "New", "role": "owner", "owner_id": "usr_x", "id": "ws_x"}
    )
    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    assert response.json()["id"] == team.workspace.id
    membership = (
        await db.execute(select(Membership).where(Membership.user_id == team.users["admin"].id))
    ).scalar_one()
    assert membership.role == "admin"


async def test_invitation_flow(client: AsyncClient, db: AsyncSession) -> None:
    owner, invitee = await make_user(db), await make_user(db)
    workspace = await make_workspace(db, owner)
    await login(client, owner.email)
    base = f"/api/v1/workspaces/{workspace.id}/invitations"
    created = await client.post(base, json={"email": invitee.email, "role": "member"})
    assert created.status_code == 201
    body = created.json()
    assert body["accept_url"].endswith(f"/invitations/{body['token']}")
    stored = (await db.execute(select(Invitation))).scalar_one()
    assert stored.token_hash != body["token"]
    assert [i["id"] for i in (await client.get(base)).json()["items"]] == [body["id"]]

    client.cookies.clear()
    await login(client, invitee.email)
    accepted = await client.post(f"/api/v1/invitations/{body['token']}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["workspace"]["role"] == "member"
    reused = await client.post(f"/api/v1/invitations/{body['token']}/accept")
    assert reused.status_code == 404


async def test_invitation_for_another_email_is_refused(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner, intruder = await make_user(db), await make_user(db)
    workspace = await make_workspace(db, owner)
    await login(client, owner.email)
    token = (
        await client.post(
            f"/api/v1/workspaces/{workspace.id}/invitations", json={"email": "x@example.com"}
        )
    ).json()["token"]
    client.cookies.clear()
    await login(client, intruder.email)
    response = await client.post(f"/api/v1/invitations/{token}/accept")
    assert response.status_code == 403
    assert response.json()["code"] == "invitation_email_mismatch"


async def test_expired_and_revoked_invitations(client: AsyncClient, db: AsyncSession) -> None:
    owner, invitee = await make_user(db), await make_user(db)
    workspace = await make_workspace(db, owner)
    await login(client, owner.email)
    base = f"/api/v1/workspaces/{workspace.id}/invitations"
    first = (await client.post(base, json={"email": invitee.email})).json()
    second = (await client.post(base, json={"email": invitee.email})).json()
    assert (await client.delete(f"{base}/{first['id']}")).status_code == 204
    assert (await client.delete(f"{base}/{first['id']}")).status_code == 404
    record = (
        await db.execute(select(Invitation).where(Invitation.id == second["id"]))
    ).scalar_one()
    record.expires_at = utcnow() - timedelta(minutes=1)
    await db.commit()
    client.cookies.clear()
    await login(client, invitee.email)
    for token in (first["token"], second["token"]):
        assert (await client.post(f"/api/v1/invitations/{token}/accept")).status_code == 404


async def test_admin_cannot_invite_an_owner(client: AsyncClient, db: AsyncSession) -> None:
    team = await make_team(db)
    await login(client, team.users["admin"].email)
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/invitations",
        json={"email": "o@example.com", "role": "owner"},
    )
    assert response.status_code == 403
