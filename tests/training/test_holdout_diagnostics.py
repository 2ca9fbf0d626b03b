"""What the registry keeps for the web app's charts: confusion matrix, ROC curves, residuals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from modelyard.engine import SearchResult, Task, search
from modelyard.training.runner import (
    DIAGNOSTIC_CURVE_POINTS,
    DIAGNOSTIC_RESIDUAL_POINTS,
    _holdout_diagnostics,
    _holdout_metrics,
)
from tests.engine.conftest import mixed_frame

FAST = ("lightgbm", "linear")


def _fit(task: Task, rows: int) -> tuple[SearchResult, pd.DataFrame]:
    frame = mixed_frame(task, rows=rows, seed=1)
    train, holdout = frame.iloc[: rows // 2], frame.iloc[rows // 2 :]
    return search(train, "target", time_budget_s=2, algorithms=FAST, seed=0), holdout


def test_binary_holdout_has_a_confusion_matrix_and_a_thinned_roc_curve() -> None:
    result, holdout = _fit(Task.BINARY, rows=900)

    diagnostics = _holdout_diagnostics(result, holdout, "target")

    assert diagnostics["task"] == "binary" and diagnostics["labels"] == ["no", "yes"]
    matrix = np.array(diagnostics["confusion_matrix"])
    assert matrix.shape == (2, 2) and matrix.sum() == len(holdout) == diagnostics["rows"]
    actual_yes = int((holdout["target"] == "yes").sum())
    assert matrix[1].sum() == actual_yes  # rows are the actual class
    scores = _holdout_metrics(result, holdout, "target")
    assert np.trace(matrix) / matrix.sum() == pytest.approx(scores["accuracy"])
    [curve] = diagnostics["roc_curves"]
    assert curve["label"] == "yes"
    assert 2 < len(curve["fpr"]) == len(curve["tpr"]) <= DIAGNOSTIC_CURVE_POINTS
    assert curve["fpr"][0] == 0 and curve["tpr"][-1] == 1 and curve["fpr"][-1] == 1
    assert curve["fpr"] == sorted(curve["fpr"]) and curve["tpr"] == sorted(curve["tpr"])
    assert curve["auc"] == pytest.approx(scores["roc_auc"], abs=1e-5)
    assert len(json.dumps(diagnostics)) < 8_000


def test_multiclass_holdout_has_one_curve_per_class() -> None:
    result, holdout = _fit(Task.MULTICLASS, rows=400)

    diagnostics = _holdout_diagnostics(result, holdout, "target")

    assert sorted(diagnostics["labels"]) == ["high", "low", "mid"]
    assert np.array(diagnostics["confusion_matrix"]).shape == (3, 3)
    assert [c["label"] for c in diagnostics["roc_curves"]] == diagnostics["labels"]
    assert all(0.5 < c["auc"] <= 1 for c in diagnostics["roc_curves"])


def test_regression_holdout_has_a_residual_sample_and_histogram() -> None:
    result, holdout = _fit(Task.REGRESSION, rows=1400)

    diagnostics = _holdout_diagnostics(result, holdout, "target")

    assert diagnostics["task"] == "regression" and diagnostics["rows"] == len(holdout)
    sample = diagnostics["residuals"]
    assert len(sample["actual"]) == len(sample["predicted"]) == DIAGNOSTIC_RESIDUAL_POINTS
    assert set(sample["actual"]) <= {float(f"{v:.6g}") for v in holdout["target"]}
    histogram = diagnostics["residual_histogram"]
    assert len(histogram["edges"]) == len(histogram["counts"]) + 1
    assert sum(histogram["counts"]) == len(holdout)
    assert "confusion_matrix" not in diagnostics and "roc_curves" not in diagnostics
    assert len(json.dumps(diagnostics)) < 20_000


def test_an_empty_holdout_has_no_diagnostics() -> None:
    result, holdout = _fit(Task.BINARY, rows=300)

    assert _holdout_diagnostics(result, holdout.iloc[0:0], "target") == {}
