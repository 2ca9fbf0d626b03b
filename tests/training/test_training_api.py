"""Training jobs through the API, with jobs left queued: validation, listing, cancel, events."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.models import Job
from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.factories import Team, bearer, make_api_key, make_team


@pytest.fixture
def app(settings: Settings, db: AsyncSession) -> FastAPI:
    """Jobs stay queued: these tests are about the API, the worker tests run them."""
    app = make_test_app(settings, db)
    app.state.tasks.context.enqueue_job = None
    return app


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def headers(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["member"]))


@pytest.fixture
async def version_id(client: AsyncClient, team: Team, headers: dict[str, str]) -> str:
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/sample-datasets/titanic/import", headers=headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["latest_version"]["id"])


def jobs_url(team: Team) -> str:
    return f"/api/v1/workspaces/{team.workspace.id}/training-jobs"


async def test_create_list_get_and_cancel(
    client: AsyncClient, team: Team, headers: dict[str, str], version_id: str, db: AsyncSession
) -> None:
    body = {
        "dataset_version_id": version_id,
        "target": "survived",
        "time_budget_s": 5,
        "excluded_columns": ["age"],
    }
    created = await client.post(jobs_url(team), json=body, headers=headers)
    assert created.status_code == 201, created.text
    job = created.json()
    assert job["status"] == "queued" and job["attempt"] == 0 and job["excluded_columns"] == ["age"]
    listed = (await client.get(jobs_url(team), headers=headers)).json()["items"]
    assert [j["id"] for j in listed] == [job["id"]]
    fetched = (await client.get(f"{jobs_url(team)}/{job['id']}", headers=headers)).json()
    assert fetched["target"] == "survived"

    cancelled = await client.post(f"{jobs_url(team)}/{job['id']}/cancel", headers=headers)
    assert (
        cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_requested"] is True
    )
    again = await client.post(f"{jobs_url(team)}/{job['id']}/cancel", headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "job_already_finished"
    row = (await db.execute(select(Job).where(Job.id == job["id"]))).scalar_one()
    assert row.workspace_id == team.workspace.id and row.created_by == team.users["member"].id


async def test_events_stream_ends_with_the_final_state(
    client: AsyncClient, team: Team, headers: dict[str, str], version_id: str
) -> None:
    body = {"dataset_version_id": version_id, "target": "survived", "time_budget_s": 5}
    job = (await client.post(jobs_url(team), json=body, headers=headers)).json()
    await client.post(f"{jobs_url(team)}/{job['id']}/cancel", headers=headers)
    response = await client.get(f"{jobs_url(team)}/{job['id']}/events", headers=headers)
    assert response.headers["content-type"].startswith("text/event-stream")
    blocks = [b for b in response.text.split("\n\n") if b.strip()]
    assert [b.split("\n")[1] for b in blocks] == ["event: state", "event: state"]
    assert '"cancelled"' in blocks[-1]
    first_id = blocks[0].split("\n")[0].removeprefix("id: ")
    resumed = await client.get(
        f"{jobs_url(team)}/{job['id']}/events", headers={**headers, "Last-Event-ID": first_id}
    )
    assert [b for b in resumed.text.split("\n\n") if b.strip()] == blocks[1:]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"target": "nope"}, 422, "target_not_in_dataset"),
        ({"excluded_columns": ["ghost"]}, 422, "invalid_training_option"),
        ({"metric": "accuracy_of_vibes"}, 422, "invalid_training_option"),
        ({"algorithms": ["deep_magic"]}, 422, "invalid_training_option"),
        ({"task": "clustering"}, 422, "invalid_training_option"),
        ({"time_budget_s": 0.5}, 422, "validation_failed"),
        ({"time_budget_s": 10**9}, 422, "validation_failed"),
        ({"dataset_version_id": "dsv_unknown"}, 404, "dataset_version_not_found"),
    ],
)
async def test_bad_requests_get_problems_with_hints(
    change: dict[str, object],
    status: int,
    code: str,
    client: AsyncClient,
    team: Team,
    headers: dict[str, str],
    version_id: str,
) -> None:
    body = {"dataset_version_id": version_id, "target": "survived", "time_budget_s": 5, **change}
    response = await client.post(jobs_url(team), json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code and response.json()["hint"]


async def test_viewer_cannot_train_and_outsider_cannot_see(
    client: AsyncClient, team: Team, headers: dict[str, str], version_id: str, db: AsyncSession
) -> None:
    body = {"dataset_version_id": version_id, "target": "survived", "time_budget_s": 5}
    job = (await client.post(jobs_url(team), json=body, headers=headers)).json()
    viewer = bearer(await make_api_key(db, team.users["viewer"]))
    assert (await client.post(jobs_url(team), json=body, headers=viewer)).status_code == 403
    assert (await client.get(f"{jobs_url(team)}/{job['id']}", headers=viewer)).status_code == 200
    assert team.other_workspace is not None
    outsider = bearer(await make_api_key(db, team.users["outsider"]))
    foreign = f"/api/v1/workspaces/{team.other_workspace.id}/training-jobs/{job['id']}"
    response = await client.get(foreign, headers=outsider)
    assert response.status_code == 404 and response.json()["code"] == "training_job_not_found"
