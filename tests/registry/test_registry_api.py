"""The registry through the API, with versions registered by the service as a job would."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.kit.ids import new_id
from modelyard.models import Job
from modelyard.registry import service as registry
from tests.factories import Team, bearer, make_api_key, make_team


async def register(
    db: AsyncSession, team: Team, version_id: str, *, score: float, name: str = "Churn"
) -> Any:
    job = Job(
        id=new_id("job"),
        workspace_id=team.workspace.id,
        kind="training",
        status="running",
        payload={},
    )
    db.add(job)
    await db.flush()
    return await registry.register_version(
        db,
        workspace_id=team.workspace.id,
        model_name=name,
        job_id=job.id,
        dataset_version_id=version_id,
        created_by=team.users["owner"].id,
        task="binary",
        target="survived",
        metric="roc_auc",
        algorithm="lightgbm",
        metrics={"validation": {"roc_auc": score}, "holdout": {"roc_auc": score - 0.01}},
        leaderboard=[{"algorithm": "lightgbm", "params": {"num_leaves": 31}, "score": score}],
        feature_importance={"permutation": {"age": 0.1, "sex": 0.3}},
        signature={"columns": []},
        lineage={"job_id": job.id},
        artifacts={"onnx": f"jobs/{job.id}/attempt-1/model.onnx"},
    )


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def version_id(client: AsyncClient, team: Team, db: AsyncSession) -> str:
    headers = bearer(await make_api_key(db, team.users["owner"]))
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/sample-datasets/titanic/import", headers=headers
    )
    return str(response.json()["latest_version"]["id"])


async def test_models_versions_stages_and_compare(
    client: AsyncClient, team: Team, db: AsyncSession, version_id: str
) -> None:
    first = await register(db, team, version_id, score=0.81)
    second = await register(db, team, version_id, score=0.84)
    assert (first.model_id, first.number, second.number) == (second.model_id, 1, 2)
    headers = bearer(await make_api_key(db, team.users["member"]))
    base = f"/api/v1/workspaces/{team.workspace.id}"

    models = (await client.get(f"{base}/models", headers=headers)).json()["items"]
    assert [m["latest_version"]["number"] for m in models] == [2]
    versions = (
        await client.get(f"{base}/models/{first.model_id}/versions", headers=headers)
    ).json()["items"]
    assert [v["number"] for v in versions] == [2, 1]
    detail = (await client.get(f"{base}/model-versions/{second.id}", headers=headers)).json()
    assert (
        detail["metrics"]["holdout"]["roc_auc"] == pytest.approx(0.83) and detail["stage"] == "none"
    )

    staged = await client.post(
        f"{base}/model-versions/{second.id}/stage",
        json={"stage": "production", "comment": "best"},
        headers=headers,
    )
    assert staged.json()["stage"] == "production"
    await client.post(
        f"{base}/model-versions/{second.id}/stage", json={"stage": "archived"}, headers=headers
    )
    history = (
        await client.get(f"{base}/model-versions/{second.id}/stage-history", headers=headers)
    ).json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [
        ("none", "production"),
        ("production", "archived"),
    ]
    assert history[0]["actor_id"] == team.users["member"].id and history[0]["comment"] == "best"

    compared = (
        await client.get(
            f"{base}/model-versions/compare",
            params={"ids": f"{first.id},{second.id}"},
            headers=headers,
        )
    ).json()
    assert compared["metrics"]["validation"] == {
        first.id: {"roc_auc": 0.81},
        second.id: {"roc_auc": 0.84},
    }
    assert compared["importance"]["sex"] == {first.id: 0.3, second.id: 0.3}
    assert compared["parameters"][first.id] == {"num_leaves": 31}


async def test_bad_stage_compare_and_foreign_ids(
    client: AsyncClient, team: Team, db: AsyncSession, version_id: str
) -> None:
    version = await register(db, team, version_id, score=0.8)
    headers = bearer(await make_api_key(db, team.users["owner"]))
    base = f"/api/v1/workspaces/{team.workspace.id}"
    bad = await client.post(
        f"{base}/model-versions/{version.id}/stage", json={"stage": "prod"}, headers=headers
    )
    assert bad.status_code == 422
    single = await client.get(
        f"{base}/model-versions/compare", params={"ids": version.id}, headers=headers
    )
    assert single.status_code == 422 and single.json()["code"] == "invalid_comparison"
    unknown = await client.get(
        f"{base}/model-versions/compare", params={"ids": f"{version.id},mv_x"}, headers=headers
    )
    assert unknown.status_code == 404
    assert team.other_workspace is not None
    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    foreign = await client.get(
        f"/api/v1/workspaces/{team.other_workspace.id}/model-versions/{version.id}",
        headers=outsider,
    )
    assert foreign.status_code == 404 and foreign.json()["code"] == "model_version_not_found"
    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    assert (
        await client.post(
            f"{base}/model-versions/{version.id}/stage", json={"stage": "staging"}, headers=viewer
        )
    ).status_code == 403


async def test_one_version_per_job(
    db: AsyncSession, team: Team, client: AsyncClient, version_id: str
) -> None:
    from sqlalchemy.exc import IntegrityError

    version = await register(db, team, version_id, score=0.8)
    with pytest.raises(IntegrityError):
        async with db.begin_nested():
            await registry.register_version(
                db,
                workspace_id=team.workspace.id,
                model_name="Churn",
                job_id=version.job_id,
                dataset_version_id=version_id,
                created_by=None,
                task="binary",
                target="survived",
                metric="roc_auc",
                algorithm="xgboost",
                metrics={},
                leaderboard=[],
                feature_importance={},
                signature={},
                lineage={},
                artifacts={},
            )


async def test_dataset_with_models_cannot_be_deleted(
    client: AsyncClient, team: Team, db: AsyncSession, version_id: str
) -> None:
    version = await register(db, team, version_id, score=0.8, name="Survival")
    headers = bearer(await make_api_key(db, team.users["owner"]))
    base = f"/api/v1/workspaces/{team.workspace.id}"
    dataset_id = (
        await client.get(f"{base}/dataset-versions/{version_id}", headers=headers)
    ).json()["dataset_id"]
    refused = await client.delete(f"{base}/datasets/{dataset_id}", headers=headers)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["code"] == "dataset_in_use" and "Survival" in problem["detail"]
    assert problem["dependents"] == [
        {
            "model_id": version.model_id,
            "model_name": "Survival",
            "model_version_id": version.id,
            "model_version_number": 1,
            "dataset_version_id": version_id,
        }
    ]
    still_there = await client.get(
        f"{base}/dataset-versions/{version_id}/download", headers=headers
    )
    assert still_there.status_code == 200


async def test_share_read_only_and_revoke(
    client: AsyncClient, team: Team, db: AsyncSession, version_id: str
) -> None:
    version = await register(db, team, version_id, score=0.8)
    assert team.other_workspace is not None
    base = f"/api/v1/workspaces/{team.workspace.id}"
    other = f"/api/v1/workspaces/{team.other_workspace.id}"
    admin = bearer(await make_api_key(db, team.users["admin"]))
    member = bearer(await make_api_key(db, team.users["member"]))
    outsider = bearer(await make_api_key(db, team.users["outsider"]))

    assert (
        await client.get(f"{other}/shared-model-versions/{version.id}", headers=outsider)
    ).status_code == 404
    denied = await client.post(
        f"{base}/models/{version.model_id}/shares",
        json={"workspace_id": team.other_workspace.id},
        headers=member,
    )
    assert denied.status_code == 403
    to_self = await client.post(
        f"{base}/models/{version.model_id}/shares",
        json={"workspace_id": team.workspace.id},
        headers=admin,
    )
    assert to_self.status_code == 409 and to_self.json()["code"] == "invalid_share_target"
    to_nowhere = await client.post(
        f"{base}/models/{version.model_id}/shares", json={"workspace_id": "ws_nope"}, headers=admin
    )
    assert to_nowhere.status_code == 404
    shared = await client.post(
        f"{base}/models/{version.model_id}/shares",
        json={"workspace_id": team.other_workspace.id},
        headers=admin,
    )
    assert shared.status_code == 201, shared.text
    share = shared.json()
    assert [
        s["id"]
        for s in (
            await client.get(f"{base}/models/{version.model_id}/shares", headers=member)
        ).json()
    ] == [share["id"]]

    listed = (await client.get(f"{other}/shared-models", headers=outsider)).json()["items"]
    assert [m["id"] for m in listed] == [version.model_id]
    owner = (team.workspace.id, team.workspace.name)
    assert (listed[0]["workspace_id"], listed[0]["workspace_name"]) == owner
    one = (await client.get(f"{other}/shared-models/{version.model_id}", headers=outsider)).json()
    assert (one["workspace_id"], one["workspace_name"]) == owner
    own = (await client.get(f"{base}/models/{version.model_id}", headers=member)).json()
    assert own["workspace_id"] == team.workspace.id and own["workspace_name"] is None
    seen = await client.get(f"{other}/shared-model-versions/{version.id}", headers=outsider)
    assert seen.status_code == 200 and seen.json()["metrics"]["validation"]["roc_auc"] == 0.8
    versions = (
        await client.get(f"{other}/shared-models/{version.model_id}/versions", headers=outsider)
    ).json()["items"]
    assert [v["id"] for v in versions] == [version.id]
    # read-only: the sharing workspace's own routes stay closed to the other workspace
    assert (
        await client.post(
            f"{other}/model-versions/{version.id}/stage",
            json={"stage": "production"},
            headers=outsider,
        )
    ).status_code == 404
    assert (
        await client.get(f"{base}/model-versions/{version.id}", headers=outsider)
    ).status_code == 404

    revoked = await client.delete(
        f"{base}/models/{version.model_id}/shares/{share['id']}", headers=admin
    )
    assert revoked.status_code == 204
    assert (
        await client.get(f"{other}/shared-model-versions/{version.id}", headers=outsider)
    ).status_code == 404
    assert (await client.get(f"{other}/shared-models", headers=outsider)).json()["items"] == []
    again = await client.delete(
        f"{base}/models/{version.model_id}/shares/{share['id']}", headers=admin
    )
    assert again.status_code == 404


async def test_delete_model_removes_versions_and_artifacts(
    client: AsyncClient, team: Team, db: AsyncSession, version_id: str, app
) -> None:  # type: ignore[no-untyped-def]
    version = await register(db, team, version_id, score=0.8)
    store = app.state.store
    store.put_bytes(b"onnx bytes", key=version.artifacts["onnx"])
    headers = bearer(await make_api_key(db, team.users["member"]))
    base = f"/api/v1/workspaces/{team.workspace.id}"
    assert (
        await client.delete(f"{base}/models/{version.model_id}", headers=headers)
    ).status_code == 204
    assert (
        await client.get(f"{base}/model-versions/{version.id}", headers=headers)
    ).status_code == 404
    assert not store.exists(version.artifacts["onnx"])
    assert (
        await client.delete(f"{base}/models/{version.model_id}", headers=headers)
    ).status_code == 404
    dataset_id = (
        await client.get(f"{base}/dataset-versions/{version_id}", headers=headers)
    ).json()["dataset_id"]
    assert (
        await client.delete(f"{base}/datasets/{dataset_id}", headers=headers)
    ).status_code == 204
