"""Model performance from late labels: pure functions over predictions and actuals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

CLASSIFICATION_METRICS = ("accuracy", "roc_auc", "log_loss")
REGRESSION_METRICS = ("rmse", "mae")
PROBABILITY_FLOOR = 1e-15


def metric_names(task: str) -> tuple[str, ...]:
    return REGRESSION_METRICS if task == "regression" else CLASSIFICATION_METRICS


def classification_metrics(
    labels: Sequence[Any],
    probabilities: Sequence[Mapping[str, float] | None],
    actuals: Sequence[Any],
    classes: Sequence[str],
) -> dict[str, float | None]:
    """Accuracy of the predicted labels; ROC AUC and log loss from the probabilities."""
    # Here, not at the top: scikit-learn takes seconds to import and the web server imports
    # this module (see modelyard.engine).
    from sklearn import metrics as skm

    truth = [str(a) for a in actuals]
    scores: dict[str, float | None] = {
        "accuracy": float(np.mean([str(p) == t for p, t in zip(labels, truth, strict=True)]))
        if truth
        else None,
        "roc_auc": None,
        "log_loss": None,
    }
    known = [c for c in classes] or sorted({k for p in probabilities if p for k in p})
    rows = [
        (t, [float(p.get(c, 0.0)) for c in known])
        for p, t in zip(probabilities, truth, strict=True)
        if p and t in known
    ]
    if not rows or len(known) < 2:
        return scores
    index = {c: i for i, c in enumerate(known)}
    y = np.array([index[t] for t, _ in rows])
    proba = np.clip(np.array([r for _, r in rows], dtype=np.float64), PROBABILITY_FLOOR, 1.0)
    proba = proba / proba.sum(axis=1, keepdims=True)
    scores["log_loss"] = float(-np.mean(np.log(proba[np.arange(len(y)), y])))
    if len(set(y.tolist())) > 1:
        try:
            if len(known) == 2:
                scores["roc_auc"] = float(skm.roc_auc_score(y, proba[:, 1]))
            else:
                scores["roc_auc"] = float(
                    skm.roc_auc_score(y, proba, multi_class="ovr", labels=np.arange(len(known)))
                )
        except ValueError:
            scores["roc_auc"] = None
    return scores


def regression_metrics(
    predictions: Sequence[Any], actuals: Sequence[Any]
) -> dict[str, float | None]:
    pairs = [
        (float(p), float(a))
        for p, a in zip(predictions, actuals, strict=True)
        if _number(p) and _number(a)
    ]
    if not pairs:
        return {"rmse": None, "mae": None}
    error = np.array([p - a for p, a in pairs])
    return {"rmse": float(np.sqrt(np.mean(error**2))), "mae": float(np.mean(np.abs(error)))}


def _number(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
