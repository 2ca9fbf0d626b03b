from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from modelyard.kit.schemas import Schema


class TrainingJobCreate(Schema):
    dataset_version_id: Annotated[str, Field(max_length=40)]
    target: Annotated[str, Field(min_length=1, max_length=500)]
    task: Annotated[str, Field(description="auto, binary, multiclass or regression")] = "auto"
    metric: Annotated[str, Field(max_length=40, description="auto or a metric name")] = "auto"
    time_budget_s: Annotated[float, Field(ge=1, le=6 * 3600)] = 60
    excluded_columns: Annotated[
        list[Annotated[str, Field(max_length=500)]], Field(max_length=2000)
    ] = []
    algorithms: Annotated[list[str] | None, Field(max_length=20)] = None
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    model_name: Annotated[str | None, Field(max_length=200)] = None


class TrainingJobOut(Schema):
    id: str
    status: str = Field(description="queued, running, succeeded, failed or cancelled")
    dataset_version_id: str
    target: str
    task: str
    metric: str
    time_budget_s: float
    excluded_columns: list[str]
    algorithms: list[str] | None
    seed: int
    progress: float
    progress_message: str
    trials: int
    best_score: float | None
    attempt: int
    max_attempts: int
    error_code: str | None
    error_message: str | None
    model_version_id: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested: bool


def job_out(job: Any) -> TrainingJobOut:
    payload = job.payload
    result = job.result or {}
    return TrainingJobOut(
        id=job.id,
        status=job.status,
        dataset_version_id=payload["dataset_version_id"],
        target=payload["target"],
        task=payload.get("task", "auto"),
        metric=payload.get("metric", "auto"),
        time_budget_s=payload["time_budget_s"],
        excluded_columns=payload.get("excluded_columns", []),
        algorithms=payload.get("algorithms"),
        seed=payload.get("seed", 0),
        progress=job.progress,
        progress_message=job.progress_message,
        trials=job.trials,
        best_score=job.best_score,
        attempt=job.attempt,
        max_attempts=job.max_attempts,
        error_code=job.error_code,
        error_message=job.error_message,
        model_version_id=result.get("model_version_id"),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        cancel_requested=job.cancel_requested_at is not None,
    )
