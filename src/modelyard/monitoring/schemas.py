from __future__ import annotations

from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import Field

from modelyard.kit.schemas import Schema


class TrafficStep(IntEnum):
    """Widths (minutes) a traffic series may use."""

    MINUTE = 1
    FIVE_MINUTES = 5
    QUARTER_HOUR = 15
    HOUR = 60
    SIX_HOURS = 360
    DAY = 1440


class TrafficPoint(Schema):
    minute: datetime = Field(description="start of the step (UTC)")
    requests: int
    errors: int
    rows: int
    mean_latency_ms: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None


class TrafficSummary(Schema):
    deployment_id: str
    window_start: datetime
    window_end: datetime
    step_minutes: int = Field(description="width of each point of the series")
    requests: int
    errors: int
    rows: int
    request_rate_per_minute: float
    error_rate: float | None = Field(description="errors / requests; null without requests")
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None
    mean_latency_ms: float | None
    series: list[TrafficPoint]


class FeatureDriftOut(Schema):
    name: str
    kind: str
    rows: int
    psi: float | None
    severity: str
    test: str = Field(description="ks (numbers) or chi_square (categories)")
    statistic: float | None
    p_value: float | None
    drifted: bool
    bins: list[str]
    expected: list[float]
    actual: list[float]


class DriftRules(Schema):
    """How this server judges drift (the figures a report's severities and flags come from)."""

    psi_moderate: float = Field(description="PSI from which a feature moved moderately")
    psi_significant: float = Field(description="PSI from which a feature shifted: drifted")
    p_value: float = Field(
        description="a KS / chi-square p-value below this, with PSI >= psi_moderate, is drift"
    )
    min_rows: int = Field(description="a feature with fewer current values is not judged")
    schedule_interval_s: float = Field(description="a report is computed this often")
    window_hours: float = Field(description="over this many hours of logged inputs")


class DriftReportFigures(Schema):
    id: str
    deployment_id: str
    model_version_id: str
    status: str = Field(description="ready, or empty when the window held no logged inputs")
    trigger: str
    window_start: datetime
    window_end: datetime
    rows: int
    severity: str = Field(description="stable, moderate, significant or insufficient_data")
    max_psi: float | None
    drifted_features: list[str]
    reference_source: str = Field(description="sample (training rows) or profile")
    features: list[FeatureDriftOut]
    created_at: datetime


class DriftReportOut(DriftReportFigures):
    rules: DriftRules


class DriftReportSummary(Schema):
    id: str
    model_version_id: str
    status: str
    trigger: str
    window_start: datetime
    window_end: datetime
    rows: int
    severity: str
    max_psi: float | None
    drifted_features: list[str]
    created_at: datetime


class DriftRun(Schema):
    window_hours: Annotated[float, Field(gt=0, le=24 * 90)] = 24.0


class PerformanceBucket(Schema):
    start: datetime
    labelled: int
    metrics: dict[str, float | None]


class PerformanceOut(Schema):
    deployment_id: str
    task: str
    bucket: str
    window_start: datetime
    window_end: datetime
    labelled: int
    metrics: dict[str, float | None] = Field(description="over every labelled prediction")
    series: list[PerformanceBucket]


class AlertSignal(StrEnum):
    DRIFT_PSI = "drift_psi"
    ERROR_RATE = "error_rate"
    LATENCY_P99_MS = "latency_p99_ms"
    REQUEST_RATE = "request_rate"
    PERFORMANCE = "performance"


class AlertComparison(StrEnum):
    ABOVE = "above"
    BELOW = "below"


class AlertRuleCreate(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    signal: AlertSignal
    metric: Annotated[str | None, Field(max_length=40)] = None
    comparison: AlertComparison = AlertComparison.ABOVE
    threshold: float
    window_minutes: Annotated[int, Field(ge=1, le=60 * 24 * 30)] = 60
    enabled: bool = True


class AlertRuleUpdate(Schema):
    name: Annotated[str | None, Field(min_length=1, max_length=200)] = None
    comparison: AlertComparison | None = None
    threshold: float | None = None
    window_minutes: Annotated[int | None, Field(ge=1, le=60 * 24 * 30)] = None
    enabled: bool | None = None


class AlertRuleOut(Schema):
    id: str
    deployment_id: str
    name: str
    signal: AlertSignal
    metric: str | None
    comparison: AlertComparison
    threshold: float
    window_minutes: int
    enabled: bool
    state: str = Field(description="ok, firing or no_data (last evaluation)")
    last_value: float | None
    last_evaluated_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AlertEventOut(Schema):
    id: str
    deployment_id: str
    rule_id: str
    state: str = Field(description="firing or resolved")
    signal: str
    value: float | None
    threshold: float
    message: str
    delivered_at: datetime | None
    created_at: datetime
    rule_name: str | None = Field(default=None, description="The rule's current name")
    deployment_name: str | None = None


class EvaluationOut(Schema):
    rules: list[AlertRuleOut]
    events: list[AlertEventOut]


def features_out(features: list[dict[str, Any]]) -> list[FeatureDriftOut]:
    return [FeatureDriftOut.model_validate(feature) for feature in features]
