from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from modelyard.kit.schemas import Schema


class Stage(StrEnum):
    NONE = "none"
    STAGING = "staging"
    PRODUCTION = "production"
    ARCHIVED = "archived"


class ModelVersionSummary(Schema):
    id: str
    model_id: str
    number: int
    stage: Stage
    task: str
    target: str
    metric: str
    algorithm: str
    metrics: dict[str, Any]
    job_id: str
    dataset_version_id: str
    created_at: datetime


class ModelVersionOut(ModelVersionSummary):
    leaderboard: list[dict[str, Any]]
    feature_importance: dict[str, Any]
    signature: dict[str, Any]
    lineage: dict[str, Any]
    artifacts: dict[str, str]


class RegisteredModelOut(Schema):
    id: str
    workspace_id: str = Field(description="the workspace that owns the model")
    workspace_name: str | None = Field(
        default=None, description="the owner's name, on models shared with this workspace"
    )
    name: str
    description: str
    task: str
    created_at: datetime
    updated_at: datetime
    latest_version: ModelVersionSummary | None = None


class StageChange(Schema):
    stage: Stage
    comment: Annotated[str, Field(max_length=500)] = ""


class StageTransitionOut(Schema):
    id: str
    from_stage: Stage
    to_stage: Stage
    actor_id: str | None
    comment: str
    created_at: datetime


class Comparison(Schema):
    versions: list[ModelVersionSummary]
    metrics: dict[str, dict[str, Any]] = Field(description="metric name -> version id -> value")
    parameters: dict[str, dict[str, Any]] = Field(
        description="version id -> best candidate's params"
    )
    importance: dict[str, dict[str, float | None]] = Field(
        description="feature -> version id -> importance"
    )


class ShareCreate(Schema):
    workspace_id: Annotated[str, Field(max_length=40, description="The workspace to share with")]


class ShareOut(Schema):
    id: str
    model_id: str
    target_workspace_id: str
    granted_by: str | None
    created_at: datetime
