from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from modelyard.kit.schemas import Schema

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
PREDICTION_ID_PATTERN = r"^prd_[0-9a-z]{26}$"


class UnseenCategories(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


class DeploymentStatus(StrEnum):
    ACTIVE = "active"
    STOPPED = "stopped"


class DeploymentCreate(Schema):
    name: Name
    model_version_id: Annotated[str, Field(max_length=40)]
    description: Annotated[str, Field(max_length=2000)] = ""
    unseen_categories: UnseenCategories = Field(
        UnseenCategories.ACCEPT,
        description="`accept`: a category never seen in training is scored as unknown, with a "
        "warning; `reject`: it is a 422",
    )
    log_sample_rate: float = Field(
        1.0, ge=0.0, le=1.0, description="Share of requests written to the Parquet log"
    )


class DeploymentUpdate(Schema):
    description: Annotated[str, Field(max_length=2000)] | None = None
    unseen_categories: UnseenCategories | None = None
    log_sample_rate: float | None = Field(None, ge=0.0, le=1.0)
    status: DeploymentStatus | None = Field(
        None, description="`stopped`: predict answers 404 until set `active` again"
    )


class PromoteRequest(Schema):
    model_version_id: Annotated[str, Field(max_length=40)]
    comment: Annotated[str, Field(max_length=500)] = ""


class RollbackRequest(Schema):
    comment: Annotated[str, Field(max_length=500)] = ""


class DeploymentOut(Schema):
    id: str
    workspace_id: str
    name: str
    description: str
    model_id: str
    model_version_id: str
    status: DeploymentStatus
    revision: int
    unseen_categories: UnseenCategories
    log_sample_rate: float
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    predict_url: str = Field(description="POST records here")


class DeploymentRevisionOut(Schema):
    id: str
    number: int
    action: str
    model_version_id: str | None
    previous_version_id: str | None
    actor_id: str | None
    comment: str
    created_at: datetime


class DeploymentKeyCreate(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    expires_at: datetime | None = None


class KeyMaker(Schema):
    id: str
    name: str
    email: str


class DeploymentKeyOut(Schema):
    """A live key bound to a deployment (never its secret)."""

    id: str
    name: str
    prefix: str
    deployment_id: str
    created_by: KeyMaker
    expires_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime


class PredictRequest(Schema):
    """Send `record` (one object) or `records` (a list); each maps column name to value."""

    record: dict[str, Any] | None = None
    records: list[dict[str, Any]] | None = None
    explain: bool = Field(False, description="Add the top feature contributions of each row")


class PredictResponse(Schema):
    deployment_id: str
    model_version_id: str
    engine: str = Field(description="`onnx`, or `python` where ONNX conversion was impossible")
    prediction_ids: list[str]
    predictions: list[Any] = Field(description="Class label (classification) or value")
    probabilities: list[dict[str, float]] | None = Field(
        None, description="Per row: class label to probability (classification only)"
    )
    contributions: list[dict[str, float]] | None = Field(
        None, description="With explain=true: per row, the top columns and their contribution"
    )
    warnings: list[str]


class ActualIn(Schema):
    prediction_id: Annotated[str, Field(pattern=PREDICTION_ID_PATTERN)]
    actual: str | float | bool = Field(description="The true label, or the true value")
    observed_at: datetime | None = Field(None, description="When the outcome happened")


class ActualsRequest(Schema):
    actuals: list[ActualIn] = Field(min_length=1)


class ActualsResult(Schema):
    accepted: int
    replaced: int = Field(description="Of these, ids that already had an actual")
    unmatched: list[str] = Field(
        description="Ids with no prediction record (yet): kept, joined once the record exists"
    )
