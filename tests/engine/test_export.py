"""Every algorithm family and the ensemble convert to ONNX with parity on held-out rows."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd
import pytest

from modelyard.engine import EnsembleClassifier, EnsembleRegressor, ExportError, to_onnx
from modelyard.engine.data import prepare_training_data
from modelyard.engine.export import check_parity, float32_floor, run_onnx
from modelyard.engine.learners import LEARNERS
from modelyard.engine.metrics import Task
from modelyard.engine.portfolio import default_portfolio
from modelyard.engine.signature import onnx_feeds
from modelyard.engine.validation import TrainingData, fit_pipeline
from tests.engine.conftest import mixed_frame, shared_dataset

SMALL = {"n_estimators": 40}
TRAIN_SHARE = 0.75


def _training(frame: pd.DataFrame, metric: str = "auto") -> tuple[TrainingData, pd.DataFrame]:
    cut = int(len(frame) * TRAIN_SHARE)
    data = prepare_training_data(
        frame.iloc[:cut], "target", task="auto", metric=metric, excluded=()
    )
    return data, frame.iloc[cut:].drop(columns=["target"])


def _fit(data: TrainingData, learner: str, params: dict[str, Any]) -> Any:
    rows = np.arange(data.n_rows)
    pipeline, _ = fit_pipeline(
        data, LEARNERS[learner], params, rows, seed=0, n_jobs=1, deadline=time.monotonic() + 60
    )
    return pipeline


def _default_params(task: Task, learner: str) -> dict[str, Any]:
    config = next(c for c in default_portfolio(task) if c.learner == learner)
    return config.params | SMALL


@pytest.mark.parametrize("task", list(Task))
@pytest.mark.parametrize("learner", list(LEARNERS))
def test_every_family_exports_with_parity(task: Task, learner: str) -> None:
    data, held_out = _training(mixed_frame(task))
    pipeline = _fit(data, learner, _default_params(task, learner))

    report = check_parity(pipeline, data.signature, held_out)

    assert report.rows == len(held_out)
    assert report.passed, report


@pytest.mark.parametrize("task", list(Task))
def test_ensemble_of_refits_and_fold_bags_exports_with_parity(task: Task) -> None:
    data, held_out = _training(mixed_frame(task))
    members = [_fit(data, name, _default_params(task, name)) for name in LEARNERS]
    if task.is_classification:
        bag = EnsembleClassifier(members[:2], [0.5, 0.5]).fit(None)
        model: Any = EnsembleClassifier([bag, *members[2:]], [0.4, 0.3, 0.2, 0.1], 0.7).fit(None)
    else:
        bag = EnsembleRegressor(members[:2], [0.5, 0.5]).fit(None)
        model = EnsembleRegressor([bag, *members[2:]], [0.4, 0.3, 0.2, 0.1]).fit(None)

    report = check_parity(model, data.signature, held_out)

    assert report.passed, report


def test_onnx_inputs_are_one_per_prepared_column(binary_frame: pd.DataFrame) -> None:
    data, _ = _training(binary_frame)
    proto = to_onnx(_fit(data, "linear", {"C": 1.0}), data.signature)

    inputs = {node.name: node.type.tensor_type.elem_type for node in proto.graph.input}

    assert set(inputs) == set(data.signature.feature_names)
    assert inputs["colour"] == 8  # string
    assert inputs["size"] == 1  # float
    assert [output.name for output in proto.graph.output] == ["label", "probabilities"]


def test_onnx_labels_are_class_indices(binary_frame: pd.DataFrame) -> None:
    data, _ = _training(binary_frame)
    pipeline = _fit(data, "xgboost", _default_params(Task.BINARY, "xgboost"))
    model = EnsembleClassifier([pipeline], [1.0]).fit(None)
    proto = to_onnx(model, data.signature)
    prepared = data.features.iloc[:50]

    import onnxruntime as ort

    session = ort.InferenceSession(proto.SerializeToString())
    labels = session.run(["label"], onnx_feeds(prepared, data.signature))[0]

    assert np.array_equal(labels, model.predict(prepared))


def test_lightgbm_thresholds_round_down_to_float32() -> None:
    threshold = 0.1  # float32(0.1) is above 0.1
    floored = float32_floor(threshold)

    assert floored <= threshold
    assert float(np.float32(floored)) == floored
    assert float(np.nextafter(np.float32(floored), np.float32(np.inf))) > threshold
    assert float32_floor(0.5) == 0.5


def test_lightgbm_matches_on_the_dataset_where_plain_conversion_flips_splits() -> None:
    frame = shared_dataset("default").rename(columns={"default": "target"})
    data, held_out = _training(frame)
    pipeline = _fit(
        data, "lightgbm", _default_params(Task.BINARY, "lightgbm") | {"n_estimators": 100}
    )

    report = check_parity(pipeline, data.signature, held_out)

    assert report.passed, report


def test_unconvertible_model_raises_export_error(binary_frame: pd.DataFrame) -> None:
    data, _ = _training(binary_frame)

    with pytest.raises(ExportError):
        to_onnx(object(), data.signature)


def test_run_onnx_returns_values_for_regressors(regression_frame: pd.DataFrame) -> None:
    data, _ = _training(regression_frame)
    pipeline = _fit(data, "linear", {"alpha": 1.0})
    prepared = data.features

    values = run_onnx(to_onnx(pipeline, data.signature), onnx_feeds(prepared, data.signature))

    assert values.shape == (data.n_rows, 1)
    assert np.allclose(values[:, 0], pipeline.predict(prepared), rtol=1e-4)


@pytest.mark.parametrize("task", list(Task))
def test_target_encoded_many_level_text_exports_with_parity(task: Task) -> None:
    frame = mixed_frame(task, rows=300)
    rng = np.random.default_rng(1)
    frame["shop"] = rng.choice([f"shop_{i}" for i in range(45)], len(frame))
    data, held_out = _training(frame)
    held_out = held_out.assign(shop=["never_seen", *held_out["shop"].iloc[1:]])
    pipeline = _fit(data, "linear", {"C": 1.0, "alpha": 1.0})

    report = check_parity(pipeline, data.signature, held_out)

    encoders = pipeline.steps[0][1].named_transformers_
    assert ("many_levels" in encoders) is (task is not Task.MULTICLASS)
    assert report.passed, report


@pytest.mark.parametrize("learner", [*LEARNERS, "ensemble"])
def test_regression_on_a_large_target_matches_absolutely(learner: str) -> None:
    """Values near a million agree within 1e-4 absolutely: regressors compute in double."""
    frame = mixed_frame(Task.REGRESSION)
    frame["target"] = frame["target"] * 1000.0 + 250_000.0
    data, held_out = _training(frame)
    if learner == "ensemble":
        members = [_fit(data, name, _default_params(Task.REGRESSION, name)) for name in LEARNERS]
        model: Any = EnsembleRegressor(members, [0.3, 0.3, 0.2, 0.1, 0.1]).fit(None)
    else:
        model = _fit(data, learner, _default_params(Task.REGRESSION, learner))

    report = check_parity(model, data.signature, held_out)

    assert float(np.max(np.abs(model.predict(data.features)))) > 250_000.0
    assert report.max_abs_diff <= 1e-4, report
    assert report.passed


def test_regressors_output_double_from_float_inputs(regression_frame: pd.DataFrame) -> None:
    data, _ = _training(regression_frame)
    proto = to_onnx(
        _fit(data, "lightgbm", _default_params(Task.REGRESSION, "lightgbm")), data.signature
    )

    inputs = {node.name: node.type.tensor_type.elem_type for node in proto.graph.input}
    outputs = {node.name: node.type.tensor_type.elem_type for node in proto.graph.output}

    assert inputs["size"] == 1  # float
    assert inputs["colour"] == 8  # string
    assert outputs == {"variable": 11}  # double


def test_prepared_numbers_are_float32_values(regression_frame: pd.DataFrame) -> None:
    data, _ = _training(regression_frame)

    prepared = data.features["size"].dropna().to_numpy()

    assert prepared.dtype == np.float64
    assert np.array_equal(prepared, prepared.astype(np.float32).astype(np.float64))


def test_xgboost_regression_adds_trees_in_its_own_float32_order() -> None:
    """More trees than one chunk of the graph's running sum: still XGBoost's exact values."""
    frame = mixed_frame(Task.REGRESSION)
    frame["target"] = frame["target"] * 1000.0
    data, held_out = _training(frame)
    params = _default_params(Task.REGRESSION, "xgboost") | {"n_estimators": 300}
    model = _fit(data, "xgboost", params)

    report = check_parity(model, data.signature, held_out)

    assert model.steps[-1][1].get_booster().num_boosted_rounds() == 300
    assert report.max_abs_diff == 0.0, report
