"""Caruana ensemble selection on out-of-fold predictions, and the ensemble as one sklearn estimator.

The ensemble's members are fitted pipelines that take the prepared frame; its output is their
weighted average, with an optional temperature that calibrates probabilities (chosen on OOF rows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin

from modelyard.engine.metrics import PROBABILITY_FLOOR, FloatArray, Metric

MIN_TEMPERATURE = 0.05
MAX_TEMPERATURE = 20.0
TEMPERATURE_PRIOR_ROWS = 500


def apply_temperature(proba: FloatArray, temperature: float) -> FloatArray:
    """Soften (T > 1) or sharpen (T < 1) probabilities: softmax(log(p) / T)."""
    if temperature == 1.0:
        return proba
    logits = np.log(np.clip(proba, PROBABILITY_FLOOR, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)


class EnsembleClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Weighted average of fitted classifier pipelines' probabilities; classes are 0..k-1."""

    def __init__(
        self, members: Sequence[Any], weights: Sequence[float], temperature: float = 1.0
    ) -> None:
        self.members = members
        self.weights = weights
        self.temperature = temperature

    def fit(self, x: Any, y: Any = None) -> EnsembleClassifier:
        """Members arrive fitted; fitting only records the classes they share."""
        self.classes_ = np.asarray(self.members[0].classes_)
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "classes_")

    def predict_proba(self, x: Any) -> FloatArray:
        total: FloatArray | None = None
        for member, weight in zip(self.members, self.weights, strict=True):
            part = weight * np.asarray(member.predict_proba(x), dtype=np.float64)
            total = part if total is None else total + part
        assert total is not None
        return apply_temperature(total, self.temperature)

    def predict(self, x: Any) -> NDArray[Any]:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(x), axis=1)])


class EnsembleRegressor(RegressorMixin, BaseEstimator):  # type: ignore[misc]
    """Weighted average of fitted regressor pipelines' predictions."""

    def __init__(self, members: Sequence[Any], weights: Sequence[float]) -> None:
        self.members = members
        self.weights = weights

    def fit(self, x: Any, y: Any = None) -> EnsembleRegressor:
        self.n_members_ = len(self.members)
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "n_members_")

    def predict(self, x: Any) -> FloatArray:
        total = np.zeros(len(x), dtype=np.float64)
        for member, weight in zip(self.members, self.weights, strict=True):
            total += weight * np.asarray(member.predict(x), dtype=np.float64).reshape(-1)
        return total


def select_ensemble(
    predictions: Sequence[FloatArray],
    utility: Callable[[FloatArray], float],
    rounds: int = 40,
) -> list[float]:
    """Greedy forward selection with replacement (Caruana et al. 2004); returns one weight each.

    Starts from the best single model and keeps the blend only if it beats that model, so the
    ensemble is never worse than its best member on these rows.
    """
    utilities = [utility(prediction) for prediction in predictions]
    counts = np.zeros(len(predictions), dtype=np.int64)
    best_index = int(np.argmax(utilities))
    counts[best_index] = 1
    running = predictions[best_index].astype(np.float64).copy()
    for size in range(2, rounds + 1):
        candidate_utilities = [
            utility((running * (size - 1) + prediction) / size) for prediction in predictions
        ]
        choice = int(np.argmax(candidate_utilities))
        running = (running * (size - 1) + predictions[choice]) / size
        counts[choice] += 1
    weights = counts / counts.sum()
    if utility(blend(predictions, list(weights))) < utilities[best_index]:
        weights = np.zeros(len(predictions))
        weights[best_index] = 1.0
    return [float(w) for w in weights]


def blend(predictions: Sequence[FloatArray], weights: Sequence[float]) -> FloatArray:
    return np.asarray(
        sum(w * p for w, p in zip(weights, predictions, strict=True) if w > 0), dtype=np.float64
    )


def fit_temperature(proba: FloatArray, y: NDArray[Any], metric: Metric) -> float:
    """The temperature that minimises log loss on out-of-fold rows, shrunk towards 1 on few rows.

    On a few hundred rows the optimum over-fits (sharpening near-separable classes looks free
    out of fold and costs dearly on new rows), so log T is scaled by n / (n + 500).
    """

    def loss(log_temperature: float) -> float:
        return metric.score(y, apply_temperature(proba, float(np.exp(log_temperature))))

    found = minimize_scalar(
        loss,
        bounds=(np.log(MIN_TEMPERATURE), np.log(MAX_TEMPERATURE)),
        method="bounded",
        options={"xatol": 1e-3},
    )
    shrunk = float(found.x) * len(y) / (len(y) + TEMPERATURE_PRIOR_ROWS)
    return float(np.exp(shrunk)) if loss(shrunk) < loss(0.0) else 1.0
