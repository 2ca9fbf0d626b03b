"""Real model versions to export: trained by the engine on the Titanic sample, registered as a
training job would register them, with their ONNX graph and skops model in the app's store."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard import __version__, engine
from modelyard.datasets import samples
from modelyard.kit.ids import new_id
from modelyard.models import Job, ModelVersion
from modelyard.registry import service as registry
from modelyard.storage import ArtifactStore
from tests.factories import Team, bearer, make_api_key, make_team

HOLDOUT_ROWS = 300


@dataclass(frozen=True)
class Trained:
    result: engine.SearchResult
    holdout: pd.DataFrame  # raw rows with the target, never seen by the search


def _train(frame: pd.DataFrame, algorithm: str) -> Trained:
    train, holdout = frame.iloc[:-HOLDOUT_ROWS], frame.iloc[-HOLDOUT_ROWS:]
    result = engine.search(
        train,
        "survived",
        time_budget_s=10,
        algorithms=[algorithm],
        max_trials=2,
        n_jobs=1,
        seed=0,
    )
    return Trained(result, holdout.reset_index(drop=True))


@pytest.fixture(scope="session")
def titanic() -> pd.DataFrame:
    frame = pl.read_csv(Path(samples.__file__).parent / "titanic.csv").to_pandas()
    return frame.sample(frac=1.0, random_state=0).reset_index(drop=True)


@pytest.fixture(scope="session")
def linear_model(titanic: pd.DataFrame) -> Trained:
    return _train(titanic, "linear")


@pytest.fixture(scope="session")
def forest_model(titanic: pd.DataFrame) -> Trained:
    return _train(titanic, "random_forest")


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def member(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["member"]))


@pytest.fixture
async def dataset_version_id(client: AsyncClient, team: Team, member: dict[str, str]) -> str:
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/sample-datasets/titanic/import", headers=member
    )
    assert response.status_code == 201, response.text
    return str(response.json()["latest_version"]["id"])


async def register(
    db: AsyncSession,
    store: ArtifactStore,
    team: Team,
    dataset_version_id: str,
    trained: Trained,
    *,
    files: tuple[str, ...] = ("onnx", "model", "holdout"),
    onnx_of: Trained | None = None,
    name: str = "Titanic: survived",
) -> ModelVersion:
    """Store the model's files as a training job does, then register the version."""
    result = trained.result
    job = Job(
        id=new_id("job"),
        workspace_id=team.workspace.id,
        kind="training",
        status="succeeded",
        payload={},
    )
    db.add(job)
    await db.flush()
    prefix = f"jobs/{job.id}/attempt-1/"
    onnx_source = (onnx_of or trained).result
    content: dict[str, bytes] = {
        "onnx": engine.to_onnx(onnx_source.model, onnx_source.signature).SerializeToString(),
        "model": engine.save_model(result.model),
        "holdout": _parquet(trained.holdout),
    }
    names = {"onnx": "model.onnx", "model": "model.skops", "holdout": "holdout.parquet"}
    artifacts = {
        kind: store.put_bytes(content[kind], key=prefix + names[kind]).key for kind in files
    }
    return await registry.register_version(
        db,
        workspace_id=team.workspace.id,
        model_name=name,
        job_id=job.id,
        dataset_version_id=dataset_version_id,
        created_by=team.users["member"].id,
        task=result.task.value,
        target="survived",
        metric=result.metric,
        algorithm=result.best.algorithm,
        metrics={"validation": {result.metric: result.ensemble_score}},
        leaderboard=[entry.as_dict() for entry in result.leaderboard],
        feature_importance={},
        signature=result.signature.to_dict(),
        lineage=_lineage(job.id, result),
        artifacts=artifacts,
    )


def _lineage(job_id: str, result: engine.SearchResult) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "engine_version": __version__,
        "library_versions": dict(result.versions),
        "classes": [str(c) for c in result.classes],
    }


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    pl.from_pandas(frame).write_parquet(buffer)
    return buffer.getvalue()


def store_of(app: FastAPI) -> ArtifactStore:
    store: ArtifactStore = app.state.store
    return store
