"""Tasks, their detection from the target, and the metrics the search can optimise."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
from numpy.typing import NDArray
from scipy.stats import rankdata
from sklearn import metrics as skm

from modelyard.engine.errors import InvalidArgumentError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# A numeric target with at most this many distinct integer values is treated as classes.
MAX_CLASSES_FOR_INTEGER_TARGET = 10
PROBABILITY_FLOOR = 1e-15


class Task(enum.StrEnum):
    BINARY = "binary"
    MULTICLASS = "multiclass"
    REGRESSION = "regression"

    @property
    def is_classification(self) -> bool:
        return self is not Task.REGRESSION


@dataclass(frozen=True)
class Metric:
    """A metric on predictions: probabilities (n, k) for classification, values (n,) otherwise."""

    name: str
    greater_is_better: bool
    tasks: frozenset[Task]
    compute: Callable[[NDArray[np.int64] | FloatArray, FloatArray], float]

    def score(self, y_true: NDArray[np.int64] | FloatArray, prediction: FloatArray) -> float:
        return float(self.compute(y_true, prediction))

    def utility(self, y_true: NDArray[np.int64] | FloatArray, prediction: FloatArray) -> float:
        """The score turned so that higher is always better (what the search maximises)."""
        return self.to_utility(self.score(y_true, prediction))

    def to_utility(self, score: float) -> float:
        return score if self.greater_is_better else -score


def _binary_auc(positive: NDArray[np.bool_], score: FloatArray) -> float:
    """Mann-Whitney AUC with average ranks for ties: fast enough for ensemble selection loops."""
    ranks = rankdata(score)
    n_positive = int(positive.sum())
    n_negative = len(positive) - n_positive
    if n_positive == 0 or n_negative == 0:
        return 0.5
    rank_sum = float(ranks[positive].sum())
    return (rank_sum - n_positive * (n_positive + 1) / 2) / (n_positive * n_negative)


def _roc_auc(y: NDArray[np.int64] | FloatArray, proba: FloatArray) -> float:
    if proba.shape[1] == 2:
        return _binary_auc(np.asarray(y) == 1, proba[:, 1])
    labels = np.arange(proba.shape[1])
    normalised = proba / proba.sum(axis=1, keepdims=True)
    return float(skm.roc_auc_score(y, normalised, multi_class="ovr", labels=labels))


def _log_loss(y: NDArray[np.int64] | FloatArray, proba: FloatArray) -> float:
    clipped = np.clip(proba, PROBABILITY_FLOOR, 1.0)
    clipped = clipped / clipped.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    return float(-np.mean(np.log(clipped[rows, np.asarray(y, dtype=np.int64)])))


def _accuracy(y: NDArray[np.int64] | FloatArray, proba: FloatArray) -> float:
    return float(np.mean(np.argmax(proba, axis=1) == y))


def _balanced_accuracy(y: NDArray[np.int64] | FloatArray, proba: FloatArray) -> float:
    return float(skm.balanced_accuracy_score(y, np.argmax(proba, axis=1)))


def _f1(y: NDArray[np.int64] | FloatArray, proba: FloatArray) -> float:
    return float(skm.f1_score(y, np.argmax(proba, axis=1), zero_division=0.0))


def _f1_macro(y: NDArray[np.int64] | FloatArray, proba: FloatArray) -> float:
    labels = np.arange(proba.shape[1])
    predicted = np.argmax(proba, axis=1)
    return float(skm.f1_score(y, predicted, average="macro", labels=labels, zero_division=0.0))


def _rmse(y: NDArray[np.int64] | FloatArray, value: FloatArray) -> float:
    return float(np.sqrt(np.mean((np.asarray(y, dtype=np.float64) - value) ** 2)))


def _mae(y: NDArray[np.int64] | FloatArray, value: FloatArray) -> float:
    return float(np.mean(np.abs(np.asarray(y, dtype=np.float64) - value)))


def _r2(y: NDArray[np.int64] | FloatArray, value: FloatArray) -> float:
    truth = np.asarray(y, dtype=np.float64)
    total = float(np.sum((truth - truth.mean()) ** 2))
    residual = float(np.sum((truth - value) ** 2))
    return 1.0 - residual / total if total > 0 else 0.0


_CLASSIFICATION = frozenset({Task.BINARY, Task.MULTICLASS})
_BINARY = frozenset({Task.BINARY})
_REGRESSION = frozenset({Task.REGRESSION})

METRICS: dict[str, Metric] = {
    metric.name: metric
    for metric in (
        Metric("roc_auc", True, _CLASSIFICATION, _roc_auc),
        Metric("log_loss", False, _CLASSIFICATION, _log_loss),
        Metric("accuracy", True, _CLASSIFICATION, _accuracy),
        Metric("balanced_accuracy", True, _CLASSIFICATION, _balanced_accuracy),
        Metric("f1", True, _BINARY, _f1),
        Metric("f1_macro", True, _CLASSIFICATION, _f1_macro),
        Metric("rmse", False, _REGRESSION, _rmse),
        Metric("mae", False, _REGRESSION, _mae),
        Metric("r2", True, _REGRESSION, _r2),
    )
}

DEFAULT_METRIC = {Task.BINARY: "roc_auc", Task.MULTICLASS: "log_loss", Task.REGRESSION: "rmse"}
# Metrics on hard labels reward a model that does not ignore rare classes: weight them up.
CLASS_BALANCED_METRICS = frozenset({"balanced_accuracy", "f1", "f1_macro"})


def detect_task(target: pd.Series) -> Task:
    """Binary for two values, multiclass for text or few integer values, regression otherwise."""
    values = target.dropna()
    distinct = values.nunique()
    if distinct <= 2:
        return Task.BINARY
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if not numeric:
        return Task.MULTICLASS
    as_float = values.to_numpy(dtype=np.float64)
    is_integer = bool(np.all(np.equal(np.mod(as_float, 1.0), 0.0)))
    if is_integer and distinct <= MAX_CLASSES_FOR_INTEGER_TARGET:
        return Task.MULTICLASS
    return Task.REGRESSION


def resolve_task(requested: str, target: pd.Series) -> Task:
    if requested == "auto":
        return detect_task(target)
    try:
        return Task(requested)
    except ValueError:
        choices = ", ".join(["auto", *(task.value for task in Task)])
        raise InvalidArgumentError(
            f"Unknown task {requested!r}.", hint=f"Use one of: {choices}."
        ) from None


def resolve_metric(requested: str, task: Task) -> Metric:
    name = DEFAULT_METRIC[task] if requested == "auto" else requested
    metric = METRICS.get(name)
    if metric is None or task not in metric.tasks:
        choices = ", ".join(sorted(m.name for m in METRICS.values() if task in m.tasks))
        raise InvalidArgumentError(
            f"Metric {requested!r} does not apply to a {task.value} task.",
            hint=f"Use 'auto' or one of: {choices}.",
        )
    return metric
