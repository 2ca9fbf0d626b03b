"""Real models for the prediction tests: trained once per session by the engine, registered
per test as a training job would (ONNX graph, skops model and held-out rows in the store)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard import engine
from modelyard.kit.ids import new_id
from modelyard.models import Job, ModelVersion
from modelyard.predictions.runtime import PredictionRuntime
from modelyard.registry import service as registry
from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.factories import Team, bearer, make_api_key, make_team

COLORS = ("red", "green", "blue")
MAX_ROWS = 50


@dataclass(frozen=True)
class Trained:
    task: str
    target: str
    signature: dict[str, Any]
    classes: list[str]
    onnx: bytes
    skops: bytes
    holdout: bytes
    sample: list[dict[str, Any]]


def _frame(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 80, rows).round(1)
    color = rng.choice(COLORS, rows)
    member = rng.random(rows) < 0.5
    signup = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), unit="D")
    noise = rng.normal(0, 0.3, rows)
    score = (age - 45) / 15 + (color == "red") * 1.2 - member * 0.8 + noise
    frame = pd.DataFrame({"age": age, "color": color, "member": member, "signup": signup})
    frame.loc[rng.random(rows) < 0.05, "age"] = np.nan
    frame["churned"] = np.where(score > 0, "yes", "no")
    frame["spend"] = 100 + score * 20
    return frame


def _train(target: str, drop: str, seed: int) -> Trained:
    frame = _frame(400, seed).drop(columns=[drop])
    result = engine.search(
        frame, target, time_budget_s=2, algorithms=["lightgbm"], max_trials=2, seed=seed
    )
    holdout = io.BytesIO()
    frame.head(50).to_parquet(holdout)
    features = frame.drop(columns=[target]).head(5)
    sample = [
        {
            "age": None if pd.isna(row.age) else float(row.age),
            "color": str(row.color),
            "member": bool(row.member),
            "signup": row.signup.isoformat(),
        }
        for row in features.itertuples()
    ]
    return Trained(
        task=result.task.value,
        target=target,
        signature=result.signature.to_dict(),
        classes=[str(c) for c in result.classes],
        onnx=engine.to_onnx(result.model, result.signature).SerializeToString(),
        skops=engine.save_model(result.model),
        holdout=holdout.getvalue(),
        sample=sample,
    )


@pytest.fixture(scope="session")
def binary_model() -> Trained:
    return _train("churned", "spend", seed=0)


@pytest.fixture(scope="session")
def binary_model_2() -> Trained:
    return _train("churned", "spend", seed=1)


@pytest.fixture(scope="session")
def regression_model() -> Trained:
    return _train("spend", "churned", seed=2)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Flushed explicitly by the tests, and caches that do not expire mid-test: here every
    # background database access would share the test's one session with the requests.
    return settings.model_copy(
        update={
            "prediction_log_flush_s": 3600.0,
            "predict_cache_ttl_s": 3600.0,
            "predict_max_rows": MAX_ROWS,
        }
    )


@pytest.fixture
async def app(settings: Settings, db: AsyncSession) -> AsyncIterator[FastAPI]:
    app = make_test_app(settings, db)
    yield app
    # Empty the prediction log while the test's transaction is still open.
    await runtime_of(app).log.flush()


def runtime_of(app: FastAPI) -> PredictionRuntime:
    runtime: PredictionRuntime = app.state.predictions
    return runtime


@pytest.fixture
async def team(db: AsyncSession) -> Team:
    return await make_team(db)


@pytest.fixture
async def headers(db: AsyncSession, team: Team) -> dict[str, str]:
    return bearer(await make_api_key(db, team.users["member"]))


@pytest.fixture
async def dataset_version_id(client: AsyncClient, team: Team, headers: dict[str, str]) -> str:
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/sample-datasets/titanic/import", headers=headers
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["latest_version"]["id"])


async def register(
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    dataset_version_id: str,
    trained: Trained,
    *,
    name: str = "Churn",
    onnx: bool = True,
) -> ModelVersion:
    """A model version with real artifacts in the app's store, as the training job leaves it."""
    job = Job(
        id=new_id("job"),
        workspace_id=team.workspace.id,
        kind="training",
        status="succeeded",
        payload={},
    )
    db.add(job)
    await db.flush()
    store = app.state.store
    prefix = f"jobs/{job.id}/attempt-1/"
    artifacts = {
        "model": store.put_bytes(trained.skops, key=f"{prefix}model.skops").key,
        "holdout": store.put_bytes(trained.holdout, key=f"{prefix}holdout.parquet").key,
    }
    if onnx:
        artifacts["onnx"] = store.put_bytes(trained.onnx, key=f"{prefix}model.onnx").key
    return await registry.register_version(
        db,
        workspace_id=team.workspace.id,
        model_name=name,
        job_id=job.id,
        dataset_version_id=dataset_version_id,
        created_by=team.users["owner"].id,
        task=trained.task,
        target=trained.target,
        metric="roc_auc" if trained.task != "regression" else "rmse",
        algorithm="lightgbm",
        metrics={},
        leaderboard=[],
        feature_importance={},
        signature=trained.signature,
        lineage={"job_id": job.id, "classes": trained.classes},
        artifacts=artifacts,
    )


async def deploy(
    client: AsyncClient,
    team: Team,
    headers: dict[str, str],
    version_id: str,
    name: str = "churn-api",
    **extra: Any,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/deployments",
        json={"name": name, "model_version_id": version_id, **extra},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
