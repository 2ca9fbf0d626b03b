"""The dataset profile: what the API returns and the web app draws. Plain, frozen, JSON-ready."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

PROFILE_VERSION = 1


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SemanticType(StrEnum):
    NUMERIC = "numeric"
    CATEGORICAL = "categorical"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    TEXT = "text"
    IDENTIFIER = "identifier"


class TaskType(StrEnum):
    BINARY = "binary"
    MULTICLASS = "multiclass"
    REGRESSION = "regression"


class WarningKind(StrEnum):
    CONSTANT = "constant"
    HIGH_CARDINALITY = "high_cardinality"
    IDENTIFIER_LIKE = "identifier_like"
    LIKELY_LEAKAGE = "likely_leakage"
    CLASS_IMBALANCE = "class_imbalance"
    DUPLICATE_ROWS = "duplicate_rows"
    MOSTLY_MISSING = "mostly_missing"


class NumericStats(_Frozen):
    min: float | None
    max: float | None
    mean: float | None
    std: float | None
    p05: float | None
    p25: float | None
    median: float | None
    p75: float | None
    p95: float | None


class HistogramBin(_Frozen):
    start: float
    end: float
    count: int


class ValueCount(_Frozen):
    value: str
    count: int
    fraction: float = Field(description="Share of the analysed non-missing values.")


class ColumnProfile(_Frozen):
    name: str
    dtype: str = Field(description="Storage type in the dataset's Parquet file.")
    semantic_type: SemanticType
    count: int = Field(description="Non-missing values.")
    missing: int
    missing_pct: float
    distinct: int
    distinct_is_approximate: bool
    numeric: NumericStats | None = None
    min_value: str | None = Field(None, description="Earliest value of a datetime column (ISO).")
    max_value: str | None = Field(None, description="Latest value of a datetime column (ISO).")
    mean_length: float | None = Field(None, description="Mean characters of a text column.")
    histogram: list[HistogramBin] | None = None
    top_values: list[ValueCount] | None = None


class TargetSuggestion(_Frozen):
    column: str
    task: TaskType
    score: float = Field(description="0 to 1: how likely this is the column to predict.")
    classes: int | None = None
    reason: str


class ProfileWarning(_Frozen):
    kind: WarningKind
    column: str | None
    message: str


class DatasetProfile(_Frozen):
    version: int = PROFILE_VERSION
    rows: int
    column_count: int
    duplicate_rows: int
    sampled: bool = Field(
        description="Quantiles, histograms, top values and leakage checks use a sample."
    )
    sample_rows: int
    columns: list[ColumnProfile]
    target_suggestions: list[TargetSuggestion]
    warnings: list[ProfileWarning]

    def column(self, name: str) -> ColumnProfile:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)
