"""Small real models for the batch prediction and monitoring tests, trained once per session."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard import engine
from modelyard.kit.ids import new_id
from modelyard.models import Deployment, Job
from modelyard.registry import service as registry
from modelyard.storage import ArtifactStore

COLOURS = ("red", "green", "blue")


def customers(rows: int, seed: int = 0, *, shift: float = 0.0) -> pd.DataFrame:
    """Numbers (with missing values), text, booleans and dates; `shift` moves age and colour."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 80, rows).round(1) + shift * 30
    colour = rng.choice(COLOURS, rows, p=[1 / 3, 1 / 3, 1 / 3] if not shift else [0.8, 0.1, 0.1])
    member = rng.random(rows) < 0.5
    joined = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), unit="D")
    score = (age - 45) / 15 + (colour == "red") * 1.2 - member * 0.8 + rng.normal(0, 0.3, rows)
    frame = pd.DataFrame({"age": age, "colour": colour, "member": member, "joined": joined})
    frame.loc[rng.random(rows) < 0.05, "age"] = np.nan
    frame["churned"] = np.where(score > 0, "yes", "no")
    frame["spend"] = 100 + score * 20
    return frame


@dataclass(frozen=True)
class TrainedModel:
    task: str
    target: str
    signature: dict[str, Any]
    classes: list[str]
    onnx: bytes
    result: engine.SearchResult


@cache
def trained(target: str) -> TrainedModel:
    drop = "spend" if target == "churned" else "churned"
    frame = customers(400, seed=1).drop(columns=[drop])
    result = engine.search(
        frame, target, time_budget_s=2, algorithms=["lightgbm"], max_trials=2, seed=0
    )
    return TrainedModel(
        task=result.task.value,
        target=target,
        signature=result.signature.to_dict(),
        classes=[str(c) for c in result.classes],
        onnx=engine.to_onnx(result.model, result.signature).SerializeToString(),
        result=result,
    )


async def deploy(
    db: AsyncSession,
    store: ArtifactStore,
    workspace_id: str,
    dataset_version_id: str,
    target: str = "churned",
    *,
    name: str = "churn",
) -> Deployment:
    """Register the trained model as a training job would, and serve it from a deployment."""
    model = trained(target)
    job = Job(id=new_id("job"), workspace_id=workspace_id, kind="training", status="running")
    db.add(job)
    await db.flush()
    onnx = store.put_bytes(model.onnx, key=f"jobs/{job.id}/attempt-1/model.onnx")
    version = await registry.register_version(
        db,
        workspace_id=workspace_id,
        model_name=f"{name} model",
        job_id=job.id,
        dataset_version_id=dataset_version_id,
        created_by=None,
        task=model.task,
        target=target,
        metric="auto",
        algorithm="lightgbm",
        metrics={},
        leaderboard=[],
        feature_importance={},
        signature=model.signature,
        lineage={"classes": model.classes},
        artifacts={"onnx": onnx.key},
    )
    deployment = Deployment(
        id=new_id("dep"),
        workspace_id=workspace_id,
        name=name,
        model_id=version.model_id,
        model_version_id=version.id,
    )
    db.add(deployment)
    await db.flush()
    return deployment


def customers_csv(rows: int, seed: int = 0, *, shift: float = 0.0) -> bytes:
    frame = customers(rows, seed, shift=shift).drop(columns=["churned", "spend"])
    frame["member"] = frame["member"].map({True: "true", False: "false"})
    return frame.to_csv(index=False).encode()
