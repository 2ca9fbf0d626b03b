"""From the caller's frame to validated training data, with clear errors for unusable input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from modelyard.engine.errors import (
    ConstantTargetError,
    InvalidArgumentError,
    TargetMissingValuesError,
    TargetNotFoundError,
    TooFewRowsError,
    TooFewRowsPerClassError,
)
from modelyard.engine.metrics import CLASS_BALANCED_METRICS, Task, resolve_metric, resolve_task
from modelyard.engine.signature import infer_signature, prepare_features, to_pandas
from modelyard.engine.validation import TrainingData

MIN_ROWS = 20
MIN_ROWS_PER_CLASS = 2


def prepare_training_data(
    frame: Any, target: str, *, task: str, metric: str, excluded: Sequence[str]
) -> TrainingData:
    data = to_pandas(frame)
    _check_columns(data, target, excluded)
    labelled = data[data[target].notna()].reset_index(drop=True)
    if labelled.empty:
        raise TargetMissingValuesError(f"The target column {target!r} has no values.")
    if len(labelled) < MIN_ROWS:
        raise TooFewRowsError(
            f"Only {len(labelled)} rows have a target value; at least {MIN_ROWS} are needed."
        )
    raw_target = labelled[target]
    if raw_target.nunique() < 2:
        raise ConstantTargetError(f"The target column {target!r} has only one value.")
    resolved_task = resolve_task(task, raw_target)
    resolved_metric = resolve_metric(metric, resolved_task)
    encoded, classes = _encode_target(raw_target, resolved_task)
    features = labelled.drop(columns=[target])
    signature = infer_signature(features, target, excluded)
    return TrainingData(
        features=prepare_features(features, signature),
        target=encoded,
        task=resolved_task,
        metric=resolved_metric,
        signature=signature,
        classes=classes,
        balance_classes=resolved_metric.name in CLASS_BALANCED_METRICS,
    )


def _check_columns(data: pd.DataFrame, target: str, excluded: Sequence[str]) -> None:
    if target not in data.columns:
        raise TargetNotFoundError(f"The target column {target!r} is not in the data.")
    unknown = [name for name in excluded if name not in data.columns]
    if unknown:
        raise InvalidArgumentError(
            f"Excluded columns not in the data: {', '.join(unknown)}.",
            hint="Exclude only columns that exist.",
        )
    if target in excluded:
        raise InvalidArgumentError(
            f"The target {target!r} cannot be excluded.", hint="Remove it from excluded_columns."
        )


def _encode_target(values: pd.Series, task: Task) -> tuple[np.ndarray, tuple[Any, ...]]:
    if task is Task.REGRESSION:
        return _numeric_target(values), ()
    codes, uniques = pd.factorize(values, sort=True)
    counts = np.bincount(codes)
    if task is Task.BINARY and len(uniques) != 2:
        raise InvalidArgumentError(
            f"A binary task needs exactly two target values, found {len(uniques)}.",
            hint="Use task='multiclass' or 'auto'.",
        )
    rare = [str(uniques[i]) for i in np.flatnonzero(counts < MIN_ROWS_PER_CLASS)]
    if rare:
        raise TooFewRowsPerClassError(
            f"These classes have fewer than {MIN_ROWS_PER_CLASS} rows: {', '.join(rare[:10])}."
        )
    return codes.astype(np.int64), tuple(_plain(value) for value in uniques)


def _numeric_target(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(values.dtype):
        raise InvalidArgumentError(
            f"A regression target must be numeric; {values.name!r} is {values.dtype}.",
            hint="Use task='auto' or 'multiclass', or choose a numeric target.",
        )
    numbers: np.ndarray = values.to_numpy(dtype=np.float64)
    return numbers


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
