from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from modelyard.engine import METRICS, InvalidArgumentError, Task
from modelyard.engine.metrics import detect_task, resolve_metric, resolve_task

RNG = np.random.default_rng(0)
Y_BINARY = RNG.integers(0, 2, 200)
P_BINARY = np.column_stack([1 - (p := RNG.random(200)), p])
Y_MULTI = RNG.integers(0, 3, 200)
P_MULTI = RNG.dirichlet([1.0, 1.0, 1.0], 200)
Y_VALUE = RNG.normal(size=200)
V_VALUE = Y_VALUE + RNG.normal(scale=0.5, size=200)


@pytest.mark.parametrize(
    ("values", "task"),
    [
        (pd.Series(["a", "b", "a"]), Task.BINARY),
        (pd.Series([0, 1, 1, None]), Task.BINARY),
        (pd.Series(["a", "b", "c"]), Task.MULTICLASS),
        (pd.Series([1, 2, 3, 4, 5, 1]), Task.MULTICLASS),
        (pd.Series(np.arange(50)), Task.REGRESSION),
        (pd.Series([0.5, 1.5, 2.25, 3.0]), Task.REGRESSION),
    ],
)
def test_detect_task(values: pd.Series, task: Task) -> None:
    assert detect_task(values) is task
    assert resolve_task("auto", values) is task


@pytest.mark.parametrize(
    ("name", "y", "prediction", "reference"),
    [
        ("roc_auc", Y_BINARY, P_BINARY, skm.roc_auc_score(Y_BINARY, P_BINARY[:, 1])),
        ("roc_auc", Y_MULTI, P_MULTI, skm.roc_auc_score(Y_MULTI, P_MULTI, multi_class="ovr")),
        ("log_loss", Y_MULTI, P_MULTI, skm.log_loss(Y_MULTI, P_MULTI)),
        ("accuracy", Y_MULTI, P_MULTI, skm.accuracy_score(Y_MULTI, P_MULTI.argmax(1))),
        (
            "balanced_accuracy",
            Y_MULTI,
            P_MULTI,
            skm.balanced_accuracy_score(Y_MULTI, P_MULTI.argmax(1)),
        ),
        ("f1", Y_BINARY, P_BINARY, skm.f1_score(Y_BINARY, P_BINARY.argmax(1))),
        (
            "f1_macro",
            Y_MULTI,
            P_MULTI,
            skm.f1_score(Y_MULTI, P_MULTI.argmax(1), average="macro"),
        ),
        ("rmse", Y_VALUE, V_VALUE, np.sqrt(skm.mean_squared_error(Y_VALUE, V_VALUE))),
        ("mae", Y_VALUE, V_VALUE, skm.mean_absolute_error(Y_VALUE, V_VALUE)),
        ("r2", Y_VALUE, V_VALUE, skm.r2_score(Y_VALUE, V_VALUE)),
    ],
)
def test_metrics_agree_with_scikit_learn(
    name: str, y: np.ndarray, prediction: np.ndarray, reference: float
) -> None:
    metric = METRICS[name]

    assert metric.score(y, prediction) == pytest.approx(reference, abs=1e-9)
    assert metric.utility(y, prediction) == pytest.approx(
        reference if metric.greater_is_better else -reference, abs=1e-9
    )


def test_auc_of_a_single_class_is_uninformative() -> None:
    assert METRICS["roc_auc"].score(np.zeros(4, dtype=np.int64), P_BINARY[:4]) == 0.5


def test_r2_of_a_constant_truth_is_zero() -> None:
    assert METRICS["r2"].score(np.ones(3), np.array([1.0, 2.0, 3.0])) == 0.0


def test_defaults_per_task() -> None:
    assert resolve_metric("auto", Task.BINARY).name == "roc_auc"
    assert resolve_metric("auto", Task.MULTICLASS).name == "log_loss"
    assert resolve_metric("auto", Task.REGRESSION).name == "rmse"


def test_metric_for_the_wrong_task_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="does not apply"):
        resolve_metric("f1", Task.MULTICLASS)
