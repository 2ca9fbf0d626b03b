"""Batch predictions through the API: a dataset version or an upload, scored in chunks by a job."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import polars as pl
import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.models import Deployment, JobEvent
from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.factories import Team, bearer, make_api_key, make_team
from tests.predictions.batch_models import customers, customers_csv, deploy

CHUNK_ROWS = 64
ROWS = 500


@dataclass
class Batch:
    client: AsyncClient
    team: Team
    headers: dict[str, str]
    dataset_version_id: str
    deployment: Deployment

    @property
    def base(self) -> str:
        return (
            f"/api/v1/workspaces/{self.team.workspace.id}/deployments/"
            f"{self.deployment.id}/batch-predictions"
        )


@pytest.fixture
async def batch(db: AsyncSession, settings: Settings) -> AsyncIterator[Batch]:
    app = make_test_app(settings.model_copy(update={"batch_chunk_rows": CHUNK_ROWS}), db)
    team = await make_team(db)
    headers = bearer(await make_api_key(db, team.users["member"]))
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        uploaded = await client.post(
            f"/api/v1/workspaces/{team.workspace.id}/datasets",
            files={"file": ("customers.csv", customers_csv(ROWS, seed=7), "text/csv")},
            headers=headers,
        )
        assert uploaded.status_code == 201, uploaded.text
        version_id = uploaded.json()["latest_version"]["id"]
        deployment = await deploy(db, app.state.store, team.workspace.id, version_id)
        yield Batch(client, team, headers, version_id, deployment)


async def test_a_dataset_version_is_scored_in_chunks_and_downloaded(
    batch: Batch, db: AsyncSession
) -> None:
    created = await batch.client.post(
        batch.base, json={"dataset_version_id": batch.dataset_version_id}, headers=batch.headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["rows_total"] == ROWS and body["output_format"] == "csv"

    done = (await batch.client.get(f"{batch.base}/{body['id']}", headers=batch.headers)).json()
    assert done["status"] == "succeeded", done
    assert done["rows_done"] == ROWS and done["progress"] == 1.0
    assert done["download_url"].endswith(f"/batch-predictions/{body['id']}/download")
    events = (
        (await db.execute(select(JobEvent).where(JobEvent.job_id == body["job_id"])))
        .scalars()
        .all()
    )
    progress = [e.data["rows_done"] for e in events if e.type == "progress"]
    assert progress == [*range(CHUNK_ROWS, ROWS, CHUNK_ROWS), ROWS]  # one per chunk

    download = await batch.client.get(done["download_url"], headers=batch.headers)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    disposition = download.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="customers-predictions.csv"')
    scored = pl.read_csv(io.BytesIO(download.content))
    assert scored.height == ROWS
    assert scored.columns == [
        "age", "colour", "member", "joined", "prediction", "probability_no", "probability_yes",
    ]  # fmt: skip
    assert set(scored["prediction"].unique()) <= {"yes", "no"}

    listed = (await batch.client.get(batch.base, headers=batch.headers)).json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]


async def test_an_upload_is_checked_against_the_signature_before_scoring(batch: Batch) -> None:
    lacking = customers(20).drop(columns=["colour", "churned", "spend"]).to_csv(index=False)
    refused = await batch.client.post(
        f"{batch.base}/upload",
        files={"file": ("new.csv", lacking.encode(), "text/csv")},
        headers=batch.headers,
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "batch_input_columns_missing"
    assert refused.json()["missing_columns"] == ["colour"]

    parquet = io.BytesIO()
    pl.from_pandas(customers(130, seed=9)).write_parquet(parquet)
    created = await batch.client.post(
        f"{batch.base}/upload",
        files={"file": ("next week.parquet", parquet.getvalue(), "application/octet-stream")},
        data={"output_format": "parquet", "include_inputs": "false"},
        headers=batch.headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["source"] == "upload" and body["dataset_version_id"] is None
    done = (await batch.client.get(f"{batch.base}/{body['id']}", headers=batch.headers)).json()
    assert done["status"] == "succeeded" and done["rows_done"] == 130
    download = await batch.client.get(done["download_url"], headers=batch.headers)
    scored = pl.read_parquet(io.BytesIO(download.content))
    assert scored.columns == ["prediction", "probability_no", "probability_yes"]
    assert "next%20week-predictions.parquet" in download.headers["content-disposition"]

    bad_format = await batch.client.post(
        f"{batch.base}/upload",
        files={"file": ("x.parquet", parquet.getvalue(), "application/octet-stream")},
        data={"output_format": "xlsx"},
        headers=batch.headers,
    )
    assert bad_format.status_code == 422 and bad_format.json()["code"] == "invalid_batch_option"


async def test_refusals(batch: Batch, db: AsyncSession) -> None:
    body = {"dataset_version_id": batch.dataset_version_id}
    viewer = bearer(await make_api_key(db, batch.team.users["viewer"]))
    assert (await batch.client.post(batch.base, json=body, headers=viewer)).status_code == 403
    assert batch.team.other_workspace is not None
    outsider = bearer(await make_api_key(db, batch.team.users["outsider"]))
    foreign = batch.base.replace(batch.team.workspace.id, batch.team.other_workspace.id)
    assert (await batch.client.get(foreign, headers=outsider)).status_code == 404
    unknown = batch.base.replace(batch.deployment.id, "dep_unknown")
    missing = await batch.client.post(unknown, json=body, headers=batch.headers)
    assert missing.status_code == 404 and missing.json()["code"] == "deployment_not_found"
    no_batch = await batch.client.get(f"{batch.base}/bp_unknown", headers=batch.headers)
    assert no_batch.json()["code"] == "batch_prediction_not_found"
    other = await make_team(db)
    foreign_version = await batch.client.post(
        batch.base, json={"dataset_version_id": "dsv_unknown"}, headers=batch.headers
    )
    assert foreign_version.status_code == 404 and other is not None

    created = (await batch.client.post(batch.base, json=body, headers=batch.headers)).json()
    again = await batch.client.post(f"{batch.base}/{created['id']}/cancel", headers=batch.headers)
    assert again.status_code == 409 and again.json()["code"] == "batch_already_finished"
