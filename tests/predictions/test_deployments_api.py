"""Deployments through the API: create, promote, roll back, stop, delete, with real models."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import ApiKeyScope
from tests.factories import Team, bearer, make_api_key
from tests.predictions.conftest import Trained, deploy, register, runtime_of


async def test_deploy_promote_roll_back_and_delete(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
    binary_model_2: Trained,
) -> None:
    v1 = await register(db, app, team, dataset_version_id, binary_model)
    v2 = await register(db, app, team, dataset_version_id, binary_model_2)
    base = f"/api/v1/workspaces/{team.workspace.id}/deployments"
    deployment = await deploy(client, team, headers, v1.id)
    assert deployment["model_version_id"] == v1.id
    assert deployment["revision"] == 1 and deployment["status"] == "active"
    predict = deployment["predict_url"]

    again = await client.post(
        base, json={"name": "churn-api", "model_version_id": v1.id}, headers=headers
    )
    assert again.status_code == 409 and again.json()["code"] == "deployment_name_taken"
    listed = (await client.get(base, headers=headers)).json()
    assert [d["id"] for d in listed["items"]] == [deployment["id"]]

    first = await client.post(predict, json={"record": binary_model.sample[0]}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["model_version_id"] == v1.id
    assert first.headers["server-timing"].startswith("predict;dur=")

    promoted = await client.post(
        f"{base}/{deployment['id']}/promote",
        json={"model_version_id": v2.id, "comment": "better"},
        headers=headers,
    )
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["revision"] == 2
    # This process serves the new version from the next request on.
    after = await client.post(predict, json={"record": binary_model.sample[0]}, headers=headers)
    assert after.json()["model_version_id"] == v2.id
    same = await client.post(
        f"{base}/{deployment['id']}/promote", json={"model_version_id": v2.id}, headers=headers
    )
    assert same.status_code == 409 and same.json()["code"] == "version_already_served"
    # A deployment serves one model: a version of another model is refused, nothing changes.
    other = await register(db, app, team, dataset_version_id, binary_model, name="Other model")
    foreign = await client.post(
        f"{base}/{deployment['id']}/promote", json={"model_version_id": other.id}, headers=headers
    )
    assert foreign.status_code == 409, foreign.text
    assert foreign.json()["code"] == "version_of_another_model" and foreign.json()["hint"]
    unchanged = (await client.get(f"{base}/{deployment['id']}", headers=headers)).json()
    assert (unchanged["model_version_id"], unchanged["revision"]) == (v2.id, 2)

    rolled = await client.post(f"{base}/{deployment['id']}/rollback", json={}, headers=headers)
    assert rolled.status_code == 200 and rolled.json()["model_version_id"] == v1.id
    back = await client.post(predict, json={"record": binary_model.sample[0]}, headers=headers)
    assert back.json()["model_version_id"] == v1.id
    history = (await client.get(f"{base}/{deployment['id']}/revisions", headers=headers)).json()
    assert [(r["number"], r["action"], r["model_version_id"]) for r in history] == [
        (3, "rollback", v1.id),
        (2, "promote", v2.id),
        (1, "create", v1.id),
    ]
    assert history[1]["comment"] == "better" and history[0]["previous_version_id"] == v2.id

    # The registry refuses to delete a model a deployment serves, naming the deployment.
    refused = await client.delete(
        f"/api/v1/workspaces/{team.workspace.id}/models/{v1.model_id}", headers=headers
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "model_in_use"
    assert refused.json()["dependents"][0]["deployment_name"] == "churn-api"

    stopped = await client.patch(
        f"{base}/{deployment['id']}", json={"status": "stopped"}, headers=headers
    )
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    gone = await client.post(predict, json={"record": binary_model.sample[0]}, headers=headers)
    assert gone.status_code == 404 and gone.json()["code"] == "deployment_not_found"
    await client.patch(f"{base}/{deployment['id']}", json={"status": "active"}, headers=headers)
    assert (
        await client.post(predict, json={"record": binary_model.sample[0]}, headers=headers)
    ).status_code == 200

    deleted = await client.delete(f"{base}/{deployment['id']}", headers=headers)
    assert deleted.status_code == 204
    assert (await client.get(f"{base}/{deployment['id']}", headers=headers)).status_code == 404
    after_delete = await client.post(
        predict, json={"record": binary_model.sample[0]}, headers=headers
    )
    assert after_delete.status_code == 404
    assert (
        await client.delete(
            f"/api/v1/workspaces/{team.workspace.id}/models/{v1.model_id}", headers=headers
        )
    ).status_code == 204


async def test_nothing_to_roll_back_and_bad_versions(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    v1 = await register(db, app, team, dataset_version_id, binary_model)
    base = f"/api/v1/workspaces/{team.workspace.id}/deployments"
    deployment = await deploy(client, team, headers, v1.id)
    rollback = await client.post(f"{base}/{deployment['id']}/rollback", json={}, headers=headers)
    assert rollback.status_code == 409 and rollback.json()["code"] == "nothing_to_roll_back"
    unknown = await client.post(
        f"{base}/{deployment['id']}/promote", json={"model_version_id": "mv_x"}, headers=headers
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "model_version_not_found"
    missing = await client.post(
        base, json={"name": "other", "model_version_id": "mv_nope"}, headers=headers
    )
    assert missing.status_code == 404
    # A version whose artifacts are gone from the store cannot be deployed (checked up front).
    broken = await register(db, app, team, dataset_version_id, binary_model, name="Broken")
    app.state.store.delete(broken.artifacts["onnx"])
    refused = await client.post(
        base, json={"name": "broken", "model_version_id": broken.id}, headers=headers
    )
    assert refused.status_code == 409 and refused.json()["code"] == "model_not_servable"
    assert (await client.get(f"{base}/x_unknown", headers=headers)).status_code == 404


async def test_permissions_and_key_scopes(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    v1 = await register(db, app, team, dataset_version_id, binary_model)
    base = f"/api/v1/workspaces/{team.workspace.id}/deployments"
    one = await deploy(client, team, headers, v1.id, name="one")
    two = await deploy(client, team, headers, v1.id, name="two")
    body = {"record": binary_model.sample[0]}

    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    assert (await client.get(base, headers=viewer)).status_code == 200
    assert (
        await client.post(base, json={"name": "x", "model_version_id": v1.id}, headers=viewer)
    ).status_code == 403
    denied = await client.post(one["predict_url"], json=body, headers=viewer)
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"

    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    assert (await client.post(one["predict_url"], json=body, headers=outsider)).status_code == 404
    assert team.other_workspace is not None
    foreign = bearer(
        await make_api_key(db, team.users["owner"], workspace_id=team.other_workspace.id)
    )
    assert (await client.post(one["predict_url"], json=body, headers=foreign)).status_code == 404
    read_only = bearer(await make_api_key(db, team.users["owner"], scopes=(ApiKeyScope.READ,)))
    assert (await client.post(one["predict_url"], json=body, headers=read_only)).status_code == 403
    assert (await client.post(one["predict_url"], json=body)).status_code == 401
    bad_key = {"Authorization": "Bearer myd_nothing_here"}
    assert (await client.post(one["predict_url"], json=body, headers=bad_key)).status_code == 401

    created = await client.post(
        f"{base}/{one['id']}/api-keys", json={"name": "scoring service"}, headers=headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["deployment_id"] == one["id"]
    scoped = bearer(created.json()["key"])
    assert (await client.post(one["predict_url"], json=body, headers=scoped)).status_code == 200
    # Any other deployment is invisible to it, and so is everything but predicting.
    other = await client.post(two["predict_url"], json=body, headers=scoped)
    assert other.status_code == 404 and other.json()["code"] == "deployment_not_found"
    assert (await client.get(base, headers=scoped)).status_code == 403
    assert (await client.get("/api/v1/users/me", headers=scoped)).status_code == 403
    assert (
        await client.post("/api/v1/api-keys", json={"name": "escalate"}, headers=scoped)
    ).status_code == 403
    # The deployment's keys are listed (never their secrets) and revocable by any deployer.
    keys_url = f"{base}/{one['id']}/api-keys"
    listed = (await client.get(keys_url, headers=headers)).json()
    (key,) = listed["items"]
    assert key["id"] == created.json()["id"] and key["name"] == "scoring service"
    assert key["created_by"]["id"] == team.users["member"].id and "key" not in key
    assert (await client.get(keys_url, headers=viewer)).status_code == 403
    assert (await client.get(f"{base}/{two['id']}/api-keys", headers=headers)).json()["items"] == []
    elsewhere = await client.delete(f"{base}/{two['id']}/api-keys/{key['id']}", headers=headers)
    assert elsewhere.status_code == 404 and elsewhere.json()["code"] == "api_key_not_found"
    admin = bearer(await make_api_key(db, team.users["admin"]))
    assert (await client.delete(f"{keys_url}/{key['id']}", headers=admin)).status_code == 204
    assert (await client.get(keys_url, headers=headers)).json()["items"] == []
    runtime_of(app)._keys.clear()
    assert (await client.post(one["predict_url"], json=body, headers=scoped)).status_code == 401
    assert (await client.delete(f"{keys_url}/{key['id']}", headers=admin)).status_code == 404
    scoped = bearer(
        (await client.post(keys_url, json={"name": "again"}, headers=headers)).json()["key"]
    )
    assert (await client.post(one["predict_url"], json=body, headers=scoped)).status_code == 200
    # Undeploying removes the keys bound to the deployment.
    assert (await client.delete(f"{base}/{one['id']}", headers=headers)).status_code == 204
    runtime_of(app)._keys.clear()
    assert (await client.post(one["predict_url"], json=body, headers=scoped)).status_code == 401


async def test_no_failed_request_while_promoting_and_rolling_back(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
    binary_model_2: Trained,
) -> None:
    v1 = await register(db, app, team, dataset_version_id, binary_model)
    v2 = await register(db, app, team, dataset_version_id, binary_model_2)
    deployment = await deploy(client, team, headers, v1.id)
    base = f"/api/v1/workspaces/{team.workspace.id}/deployments/{deployment['id']}"
    # Warm this process's key, role and deployment caches: the hammering requests then touch
    # no database, as in production (here they would share the test's one session).
    warm = await client.post(
        deployment["predict_url"], json={"record": binary_model.sample[0]}, headers=headers
    )
    assert warm.status_code == 200
    statuses: list[int] = []
    versions: set[str] = set()
    done = asyncio.Event()

    async def hammer() -> None:
        while not done.is_set():
            response = await client.post(
                deployment["predict_url"], json={"records": binary_model.sample}, headers=headers
            )
            statuses.append(response.status_code)
            if response.status_code == 200:
                versions.add(response.json()["model_version_id"])
            await asyncio.sleep(0)

    async def switch() -> None:
        try:
            for _ in range(3):
                await asyncio.sleep(0.02)
                promoted = await client.post(
                    f"{base}/promote", json={"model_version_id": v2.id}, headers=headers
                )
                assert promoted.status_code == 200, promoted.text
                await asyncio.sleep(0.02)
                rolled = await client.post(f"{base}/rollback", json={}, headers=headers)
                assert rolled.status_code == 200, rolled.text
        finally:
            done.set()

    await asyncio.gather(hammer(), hammer(), switch())
    assert len(statuses) > 10
    assert set(statuses) == {200}
    assert versions == {v1.id, v2.id}
    # Each version's session was built once, however often it came back.
    assert runtime_of(app).scorers.builds <= 2 + 6


async def test_scorer_cache_is_invalidated_on_promote_and_rollback(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
    binary_model_2: Trained,
) -> None:
    v1 = await register(db, app, team, dataset_version_id, binary_model)
    v2 = await register(db, app, team, dataset_version_id, binary_model_2)
    scorers = runtime_of(app).scorers
    base = f"/api/v1/workspaces/{team.workspace.id}/deployments"
    one = await deploy(client, team, headers, v1.id, name="one")
    assert v1.id in scorers and scorers.builds == 1
    for _ in range(3):
        await client.post(
            one["predict_url"], json={"record": binary_model.sample[0]}, headers=headers
        )
    assert scorers.builds == 1  # built once, at deploy time
    two = await deploy(client, team, headers, v1.id, name="two")
    assert scorers.builds == 1  # shared by both deployments

    await client.post(
        f"{base}/{one['id']}/promote", json={"model_version_id": v2.id}, headers=headers
    )
    # v1 still serves "two": kept. v2 was loaded before the switch.
    assert v1.id in scorers and v2.id in scorers
    await client.post(
        f"{base}/{two['id']}/promote", json={"model_version_id": v2.id}, headers=headers
    )
    assert v1.id not in scorers  # served by no deployment any more: dropped
    await client.post(f"{base}/{two['id']}/rollback", json={}, headers=headers)
    assert v1.id in scorers and scorers.builds == 3
    response = await client.post(
        two["predict_url"], json={"record": binary_model.sample[0]}, headers=headers
    )
    assert response.json()["model_version_id"] == v1.id
