"""Explanations: global importance per input column and per-row contributions.

Importance is permutation importance on held-out rows (the best candidate's first validation fold),
plus mean absolute SHAP values when the best candidate is a gradient-boosted tree model (LightGBM
and XGBoost compute exact tree SHAP natively with ``pred_contrib``). Row contributions use the same
native SHAP for a boosted-tree pipeline and, for any other model (the ensemble included), the change
in prediction when one column is set to its typical value.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import xgboost as xgb
from numpy.typing import NDArray
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, TargetEncoder

from modelyard.engine.metrics import FloatArray, Metric, Task
from modelyard.engine.signature import InputSignature

BASELINE_COLUMN = "(baseline)"


def raw_column_of_outputs(preprocessor: ColumnTransformer, signature: InputSignature) -> list[str]:
    """For each column the preprocessor outputs, the raw input column it came from."""
    owners: list[str] = []
    for _, transformer, columns in preprocessor.transformers_:
        if transformer == "drop" or not len(columns):
            continue
        encoder = transformer.steps[-1][1] if isinstance(transformer, Pipeline) else transformer
        owners.extend(_owners_for(encoder, list(columns)))
    parents = {name: column.name for column in signature.columns for name in column.feature_names}
    return [parents[name] for name in owners]


def _owners_for(encoder: Any, columns: list[str]) -> list[str]:
    if isinstance(encoder, OneHotEncoder):
        return [c for c, levels in zip(columns, encoder.categories_, strict=True) for _ in levels]
    if isinstance(encoder, TargetEncoder) and encoder.target_type_ == "multiclass":
        return [c for c in columns for _ in encoder.classes_]
    return columns


def _positive_part(output: FloatArray, task: Task) -> FloatArray:
    """One number per row: P(class 1), P(predicted class) or the value."""
    if task is Task.REGRESSION:
        return output.reshape(-1)
    if task is Task.BINARY:
        return np.asarray(output[:, 1], dtype=np.float64)
    return np.asarray(output.max(axis=1), dtype=np.float64)


def _predict(model: Any, rows: pd.DataFrame, task: Task) -> FloatArray:
    if task.is_classification:
        return np.asarray(model.predict_proba(rows), dtype=np.float64)
    return np.asarray(model.predict(rows), dtype=np.float64)


# Below this many rows a permutation importance says little; spend the time instead.
MIN_IMPORTANCE_ROWS = 200
MAX_GRACE_S = 1.0


def _timed_utility(
    model: Any, rows: pd.DataFrame, target: NDArray[Any], metric: Metric, task: Task
) -> tuple[float, float]:
    started = time.monotonic()
    utility = metric.utility(target, _predict(model, rows, task))
    return utility, time.monotonic() - started


def permutation_importance(
    model: Any,
    rows: pd.DataFrame,
    target: NDArray[Any],
    signature: InputSignature,
    metric: Metric,
    task: Task,
    *,
    seed: int,
    deadline: float,
) -> dict[str, float]:
    """Drop in utility when one raw column's values are shuffled (NaN for columns not reached).

    The rows are cut so that every column fits before the deadline, down to
    MIN_IMPORTANCE_ROWS: fewer rows give a noisier figure, a skipped column gives none.
    """
    generator = np.random.default_rng(seed)
    reference, call_s = _timed_utility(model, rows, target, metric, task)
    seconds_per_row = call_s / max(len(rows), 1)
    affordable = (deadline - time.monotonic()) / max(seconds_per_row * len(signature.columns), 1e-9)
    keep = min(len(rows), max(MIN_IMPORTANCE_ROWS, int(affordable)))
    if keep < len(rows):
        rows, target = rows.iloc[:keep], target[:keep]
        reference, call_s = _timed_utility(model, rows, target, metric, task)
    # When every column fits in a short grace (twice the measured call each: the shuffled copy
    # costs about as much again), all of them are computed even past a spent budget.
    fits_in_grace = 2 * call_s * len(signature.columns) <= MAX_GRACE_S
    importance: dict[str, float] = {}
    for column in signature.columns:
        if not fits_in_grace and time.monotonic() >= deadline:
            importance[column.name] = float("nan")
            continue
        shuffled = rows.copy()
        order = generator.permutation(len(rows))
        for name in column.feature_names:
            shuffled[name] = rows[name].to_numpy()[order]
        importance[column.name] = reference - metric.utility(
            target, _predict(model, shuffled, task)
        )
    return importance


def boosted_tree_contributions(
    pipeline: Pipeline, rows: pd.DataFrame, signature: InputSignature, task: Task
) -> pd.DataFrame | None:
    """Exact tree SHAP (raw score scale) per raw column, or None if not a boosted-tree pipeline."""
    learner = pipeline.steps[-1][1]
    matrix = np.asarray(pipeline[:-1].transform(rows), dtype=np.float32)
    if isinstance(learner, lgb.LGBMModel):
        contributions = np.asarray(learner.predict(matrix, pred_contrib=True))
    elif isinstance(learner, xgb.XGBModel):
        booster = learner.get_booster()
        contributions = np.asarray(booster.predict(xgb.DMatrix(matrix), pred_contribs=True))
    else:
        return None
    width = matrix.shape[1] + 1
    if contributions.ndim == 3:  # XGBoost multiclass: (rows, classes, features + 1)
        contributions = contributions.reshape(len(rows), -1)
    if contributions.shape[1] > width:  # multiclass: explain the predicted class
        per_class = contributions.reshape(len(rows), -1, width)
        predicted = np.argmax(per_class.sum(axis=2), axis=1)
        contributions = per_class[np.arange(len(rows)), predicted]
    owners = raw_column_of_outputs(pipeline.steps[0][1], signature)
    return _group_by_owner(contributions, owners, signature, rows.index)


def _group_by_owner(
    contributions: NDArray[Any],
    owners: Sequence[str],
    signature: InputSignature,
    index: pd.Index,
) -> pd.DataFrame:
    grouped = {column.name: np.zeros(len(index)) for column in signature.columns}
    for position, owner in enumerate(owners):
        grouped[owner] = grouped[owner] + contributions[:, position]
    grouped[BASELINE_COLUMN] = contributions[:, -1]
    return pd.DataFrame(grouped, index=index)


def typical_row(features: pd.DataFrame, signature: InputSignature) -> pd.DataFrame:
    """Median of numbers and most frequent text, the reference for substitution contributions."""
    text = set(signature.text_features)
    values = {
        name: [features[name].mode().iloc[0] if name in text else float(features[name].median())]
        for name in features.columns
    }
    return pd.DataFrame(values)


def substitution_contributions(
    model: Any,
    rows: pd.DataFrame,
    baseline: pd.DataFrame,
    signature: InputSignature,
    task: Task,
) -> pd.DataFrame:
    """Per raw column: prediction minus the prediction with that column set to its typical value."""
    actual = _positive_part(_predict(model, rows, task), task)
    contributions: dict[str, FloatArray] = {}
    for column in signature.columns:
        substituted = rows.copy()
        for name in column.feature_names:
            substituted[name] = baseline[name].iloc[0]
        contributions[column.name] = actual - _positive_part(
            _predict(model, substituted, task), task
        )
    reference = _positive_part(_predict(model, baseline, task), task)
    contributions[BASELINE_COLUMN] = np.repeat(reference, len(rows))
    return pd.DataFrame(contributions, index=rows.index)
