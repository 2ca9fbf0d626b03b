"""The input signature: which columns a model takes, of what kind, and how raw frames are prepared.

Every pipeline the engine returns is fitted on a *prepared* frame: numeric columns as float64
holding float32 values (missing = NaN), categorical columns as text (missing = ""), dates split into
numeric parts. The same preparation feeds ONNX: one input per prepared column, float32 for numbers
and string for text. Rounding numbers to float32 here means Python and ONNX models start from the
very same values, so a model's preprocessing gives the same result in both.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from modelyard.engine.errors import (
    InvalidArgumentError,
    NoUsableFeaturesError,
    SignatureMismatchError,
    UnsupportedColumnTypeError,
)

MISSING_CATEGORY = ""
DATETIME_PARTS = ("year", "month", "day", "day_of_week", "hour")
MAX_RECORDED_CATEGORIES = 1000
MIN_ROWS_FOR_IDENTIFIER = 20


class ColumnKind(enum.StrEnum):
    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    CATEGORICAL = "categorical"
    DATETIME = "datetime"


@dataclass(frozen=True)
class ColumnSpec:
    """One raw input column as the model expects it."""

    name: str
    kind: ColumnKind
    dtype: str
    categories: tuple[str, ...] = ()

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The prepared (and ONNX input) column names this raw column becomes."""
        if self.kind is ColumnKind.DATETIME:
            return tuple(f"{self.name}__{part}" for part in DATETIME_PARTS)
        return (self.name,)

    @property
    def is_text(self) -> bool:
        return self.kind is ColumnKind.CATEGORICAL


@dataclass(frozen=True)
class InputSignature:
    """What the platform validates requests against and what ONNX inputs are named after."""

    columns: tuple[ColumnSpec, ...]
    target: str
    dropped: Mapping[str, str] = field(default_factory=dict)

    @property
    def feature_names(self) -> tuple[str, ...]:
        return tuple(name for column in self.columns for name in column.feature_names)

    @property
    def text_features(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.is_text)

    @property
    def numeric_features(self) -> tuple[str, ...]:
        text = set(self.text_features)
        return tuple(name for name in self.feature_names if name not in text)

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns if column.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "columns": [
                {
                    "name": column.name,
                    "kind": column.kind.value,
                    "dtype": column.dtype,
                    "categories": list(column.categories),
                    "inputs": list(column.feature_names),
                }
                for column in self.columns
            ],
            "dropped": dict(self.dropped),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InputSignature:
        columns = tuple(
            ColumnSpec(
                name=str(item["name"]),
                kind=ColumnKind(item["kind"]),
                dtype=str(item["dtype"]),
                categories=tuple(str(value) for value in item.get("categories", ())),
            )
            for item in data["columns"]
        )
        return cls(columns=columns, target=str(data["target"]), dropped=dict(data["dropped"]))


def to_pandas(frame: Any) -> pd.DataFrame:
    """Accept pandas or polars (anything with ``to_pandas``) without importing polars."""
    if isinstance(frame, pd.DataFrame):
        return frame
    converter = getattr(frame, "to_pandas", None)
    if callable(converter):
        converted = converter()
        if isinstance(converted, pd.DataFrame):
            return converted
    raise InvalidArgumentError(
        f"Expected a pandas or polars DataFrame, got {type(frame).__name__}.",
        hint="Pass the data as a pandas.DataFrame or polars.DataFrame.",
    )


def infer_signature(
    features: pd.DataFrame, target: str, excluded: Sequence[str] = ()
) -> InputSignature:
    """Classify every feature column, dropping the ones no model can learn from (with a reason)."""
    columns: list[ColumnSpec] = []
    dropped: dict[str, str] = {name: "excluded by the caller" for name in excluded}
    for name in features.columns:
        if name in dropped:
            continue
        reason = _reason_to_drop(features[name])
        if reason is not None:
            dropped[str(name)] = reason
            continue
        columns.append(_column_spec(str(name), features[name]))
    if not columns:
        raise NoUsableFeaturesError(
            "No column is left to learn from: "
            + "; ".join(f"{name}: {why}" for name, why in dropped.items())
        )
    return InputSignature(columns=tuple(columns), target=target, dropped=dropped)


def _reason_to_drop(values: pd.Series) -> str | None:
    present = values.dropna()
    if present.empty:
        return "all values are missing"
    _check_supported(values)
    if present.nunique() <= 1:
        return "constant"
    if _looks_like_identifier(present):
        return "identifier-like (a different value on every row)"
    return None


def _check_supported(values: pd.Series) -> None:
    dtype = values.dtype
    if pd.api.types.is_complex_dtype(dtype):
        raise UnsupportedColumnTypeError(f"Column {values.name!r} holds complex numbers.")
    if pd.api.types.is_object_dtype(dtype):
        sample = values.dropna().head(1000)
        if not all(isinstance(item, str | int | float | bool | np.generic) for item in sample):
            kinds = sorted({type(item).__name__ for item in sample})
            raise UnsupportedColumnTypeError(
                f"Column {values.name!r} holds values of type {', '.join(kinds)}."
            )


def _looks_like_identifier(present: pd.Series) -> bool:
    if len(present) < MIN_ROWS_FOR_IDENTIFIER or present.nunique() < len(present):
        return False
    kind = _kind_of(present)
    if kind is ColumnKind.CATEGORICAL:
        return True
    if kind is ColumnKind.NUMERIC and pd.api.types.is_integer_dtype(present.dtype):
        span = int(present.max()) - int(present.min()) + 1
        return span == len(present)
    return False


def _kind_of(values: pd.Series) -> ColumnKind:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ColumnKind.BOOLEAN
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ColumnKind.DATETIME
    if pd.api.types.is_timedelta64_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return ColumnKind.NUMERIC
    return ColumnKind.CATEGORICAL


def _column_spec(name: str, values: pd.Series) -> ColumnSpec:
    kind = _kind_of(values)
    categories: tuple[str, ...] = ()
    if kind is ColumnKind.CATEGORICAL:
        counts = _as_text(values).value_counts()
        categories = tuple(sorted(str(v) for v in counts.index[:MAX_RECORDED_CATEGORIES]))
    return ColumnSpec(name=name, kind=kind, dtype=str(values.dtype), categories=categories)


def _as_text(values: pd.Series) -> pd.Series:
    text = values.astype(object).where(values.notna(), MISSING_CATEGORY)
    return text.map(str)


def _as_number(values: pd.Series) -> pd.Series:
    if pd.api.types.is_timedelta64_dtype(values.dtype):
        numbers = values.dt.total_seconds()
    else:
        numbers = pd.to_numeric(values, errors="coerce")
    # float32 values, as ONNX inputs carry them (held in float64 for scikit-learn); numbers beyond
    # float32's range become infinite in both.
    with np.errstate(over="ignore"):
        return numbers.astype(np.float32).astype(np.float64)


def _datetime_parts(column: ColumnSpec, values: pd.Series) -> dict[str, pd.Series]:
    stamps = pd.to_datetime(values, errors="coerce")
    return {
        f"{column.name}__{part}": getattr(stamps.dt, part).astype(np.float64)
        for part in DATETIME_PARTS
    }


def prepare_features(frame: Any, signature: InputSignature) -> pd.DataFrame:
    """Turn a raw frame into the prepared frame every returned pipeline is fitted on."""
    data = to_pandas(frame)
    missing = [column.name for column in signature.columns if column.name not in data.columns]
    if missing:
        raise SignatureMismatchError(f"Missing input columns: {', '.join(missing)}.")
    prepared: dict[str, pd.Series] = {}
    for column in signature.columns:
        values = data[column.name]
        if column.kind is ColumnKind.DATETIME:
            prepared.update(_datetime_parts(column, values))
        elif column.kind is ColumnKind.CATEGORICAL:
            prepared[column.name] = _as_text(values)
        else:
            prepared[column.name] = _as_number(values)
    return pd.DataFrame(prepared, index=data.index)


def onnx_feeds(prepared: pd.DataFrame, signature: InputSignature) -> dict[str, np.ndarray]:
    """Column-wise ONNX inputs for a prepared frame: (n, 1) float32 or string arrays."""
    text = set(signature.text_features)
    feeds: dict[str, np.ndarray] = {}
    for name in signature.feature_names:
        values = prepared[name].to_numpy()
        if name in text:
            feeds[name] = values.astype(str).astype(object).reshape(-1, 1)
        else:
            feeds[name] = values.astype(np.float32).reshape(-1, 1)
    return feeds
