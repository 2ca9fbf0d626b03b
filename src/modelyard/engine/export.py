"""ONNX export of every pipeline the engine returns, and the parity check that proves it.

The graph has one input per prepared column (float32 for numbers, string for text), named after
the signature's ``feature_names``. Classifiers output ``label`` (class index into the model's
classes) and ``probabilities`` (n, k, float32); regressors output ``variable`` (n, 1) in double
precision, computed in double (see ``regressor_onnx``) so that it matches Python to 1e-4
absolutely even for targets in the millions.

LightGBM compares ``x <= threshold`` in double precision, while ONNX tree ensembles hold float32
thresholds. Rounding a threshold to the nearest float32 can move it above a float32 input that
LightGBM sends to the other side, so we round every threshold *down* to the largest float32 not
above it: for float32 inputs (the pipelines cast to float32 before the learner) that split is then
exactly the same split.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import xgboost as xgb
from onnxmltools.convert.lightgbm.operator_converters.LightGbm import convert_lightgbm
from onnxmltools.convert.xgboost.operator_converters.XGBoost import convert_xgboost
from skl2onnx import convert_sklearn, update_registered_converter
from skl2onnx._parse import _parse_sklearn
from skl2onnx.common.data_types import (
    DoubleTensorType,
    FloatTensorType,
    Int64TensorType,
    StringTensorType,
)
from skl2onnx.common.shape_calculator import calculate_linear_classifier_output_shapes
from skl2onnx.shape_calculators.imputer import calculate_sklearn_imputer_output_shapes
from sklearn.base import is_classifier
from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline

from modelyard.engine.ensemble import EnsembleClassifier, EnsembleRegressor
from modelyard.engine.errors import ExportError
from modelyard.engine.metrics import PROBABILITY_FLOOR
from modelyard.engine.regressor_onnx import (
    convert_forest_regressor,
    convert_imputer,
    convert_lightgbm_regressor,
    convert_linear_regressor,
    convert_xgboost_regressor,
    double_output_shape,
    float_inputs,
    mark_tree_ensemble_opset,
)
from modelyard.engine.signature import InputSignature, onnx_feeds, prepare_features

TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
PARITY_TOLERANCE = 1e-4
_CLASSIFIER_OPTIONS = {"nocl": [True, False], "zipmap": [True, False, "columns"]}


# --- LightGBM with exact thresholds -------------------------------------------------------


class _DumpedBooster:
    """Stands in for a LightGBM booster: onnxmltools reads a mock's ``dump_model`` as is."""

    is_mock = True

    def __init__(self, dump: dict[str, Any]) -> None:
        self._dump = dump

    def dump_model(self) -> dict[str, Any]:
        return self._dump


def float32_floor(threshold: float) -> float:
    """The largest float32 that is not above ``threshold``."""
    rounded = np.float32(threshold)
    if float(rounded) > threshold:
        rounded = np.nextafter(rounded, np.float32(-np.inf))
    return float(rounded)


def _floor_thresholds(node: dict[str, Any]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.get("decision_type") == "<=":
            current["threshold"] = float32_floor(float(current["threshold"]))
        stack.extend(current[side] for side in ("left_child", "right_child") if side in current)


def _with_float32_thresholds(model: Any) -> Any:
    dump = model.booster_.dump_model()
    for tree in dump["tree_info"]:
        _floor_thresholds(tree["tree_structure"])
    patched = copy.copy(model)
    patched._Booster = _DumpedBooster(dump)
    return patched


def _convert_lightgbm_exactly(scope: Any, operator: Any, container: Any) -> None:
    original = operator.raw_operator
    operator.raw_operator = _with_float32_thresholds(original)
    try:
        convert_lightgbm(scope, operator, container)
    finally:
        operator.raw_operator = original


# --- The ensemble -------------------------------------------------------------------------


def _parse_ensemble(
    scope: Any, model: Any, inputs: list[Any], custom_parsers: Any = None
) -> list[Any]:
    classifier = isinstance(model, EnsembleClassifier)
    member_outputs = []
    for member in model.members:
        outputs = _parse_sklearn(scope, member, inputs, custom_parsers=custom_parsers)
        member_outputs.append(outputs[1] if classifier else outputs[0])
    alias = "ModelyardEnsembleClassifier" if classifier else "ModelyardEnsembleRegressor"
    operator = scope.declare_local_operator(alias, model)
    operator.inputs.extend(member_outputs)
    if classifier:
        operator.outputs.append(scope.declare_local_variable("label", Int64TensorType()))
        operator.outputs.append(scope.declare_local_variable("probabilities", FloatTensorType()))
    else:
        operator.outputs.append(scope.declare_local_variable("variable", DoubleTensorType()))
    return list(operator.outputs)


def _ensemble_shapes(operator: Any) -> None:
    rows = operator.inputs[0].type.shape[0]
    if isinstance(operator.raw_operator, EnsembleClassifier):
        operator.outputs[0].type = Int64TensorType([rows])
        width = len(operator.raw_operator.classes_)
        operator.outputs[1].type = FloatTensorType([rows, width])
    else:
        operator.outputs[0].type = DoubleTensorType([rows, 1])


def _weighted_sum(scope: Any, operator: Any, container: Any) -> str:
    """Classifiers blend float32 probabilities; regressors blend double values in double."""
    regressor = isinstance(operator.raw_operator, EnsembleRegressor)
    dtype = onnx.TensorProto.DOUBLE if regressor else onnx.TensorProto.FLOAT
    weighted = []
    for variable, weight in zip(operator.inputs, operator.raw_operator.weights, strict=True):
        name = scope.get_unique_variable_name("weight")
        container.add_initializer(name, dtype, [], [float(weight)])
        product = scope.get_unique_variable_name("weighted")
        container.add_node("Mul", [variable.full_name, name], product, name=product)
        weighted.append(product)
    total: str = scope.get_unique_variable_name("blended")
    container.add_node("Sum", weighted, total, name=total)
    return total


def _apply_temperature(scope: Any, container: Any, proba: str, temperature: float) -> str:
    floor = scope.get_unique_variable_name("floor")
    container.add_initializer(floor, onnx.TensorProto.FLOAT, [], [PROBABILITY_FLOOR])
    scale = scope.get_unique_variable_name("temperature")
    container.add_initializer(scale, onnx.TensorProto.FLOAT, [], [temperature])
    names: list[str] = [
        scope.get_unique_variable_name(step) for step in ("clipped", "log", "scaled", "soft")
    ]
    container.add_node("Max", [proba, floor], names[0], name=names[0])
    container.add_node("Log", [names[0]], names[1], name=names[1])
    container.add_node("Div", [names[1], scale], names[2], name=names[2])
    container.add_node("Softmax", [names[2]], names[3], name=names[3], axis=1)
    return names[3]


def _convert_ensemble(scope: Any, operator: Any, container: Any) -> None:
    total = _weighted_sum(scope, operator, container)
    model = operator.raw_operator
    if not isinstance(model, EnsembleClassifier):
        container.add_node("Identity", [total], operator.outputs[0].full_name)
        return
    proba = total
    if model.temperature != 1.0:
        proba = _apply_temperature(scope, container, total, float(model.temperature))
    container.add_node("Identity", [proba], operator.outputs[1].full_name)
    container.add_node(
        "ArgMax", [proba], operator.outputs[0].full_name, axis=1, keepdims=0, name="label"
    )


def register_converters() -> None:
    """Teach skl2onnx our ensemble and the boosting libraries (idempotent)."""
    update_registered_converter(
        lgb.LGBMClassifier,
        "LightGbmLGBMClassifier",
        calculate_linear_classifier_output_shapes,
        _convert_lightgbm_exactly,
        options=_CLASSIFIER_OPTIONS,
    )
    update_registered_converter(
        xgb.XGBClassifier,
        "XGBoostXGBClassifier",
        calculate_linear_classifier_output_shapes,
        convert_xgboost,
        options=_CLASSIFIER_OPTIONS,
    )
    regressors: tuple[tuple[type, str, Any], ...] = (
        (Ridge, "ModelyardRidge", convert_linear_regressor),
        (RandomForestRegressor, "ModelyardRandomForestRegressor", convert_forest_regressor),
        (ExtraTreesRegressor, "ModelyardExtraTreesRegressor", convert_forest_regressor),
        (lgb.LGBMRegressor, "ModelyardLGBMRegressor", convert_lightgbm_regressor),
        (xgb.XGBRegressor, "ModelyardXGBRegressor", convert_xgboost_regressor),
    )
    for regressor, alias, converter in regressors:
        update_registered_converter(regressor, alias, double_output_shape, converter)
    update_registered_converter(
        SimpleImputer,
        "ModelyardSimpleImputer",
        calculate_sklearn_imputer_output_shapes,
        convert_imputer,
    )
    for ensemble, alias in (
        (EnsembleClassifier, "ModelyardEnsembleClassifier"),
        (EnsembleRegressor, "ModelyardEnsembleRegressor"),
    ):
        update_registered_converter(
            ensemble, alias, _ensemble_shapes, _convert_ensemble, parser=_parse_ensemble
        )


# --- Public entry points ------------------------------------------------------------------


def _classifiers_in(model: Any) -> Iterator[Any]:
    if isinstance(model, EnsembleClassifier | EnsembleRegressor):
        for member in model.members:
            yield from _classifiers_in(member)
    elif isinstance(model, Pipeline):
        yield from _classifiers_in(model.steps[-1][1])
    elif is_classifier(model):
        yield model


def _initial_types(signature: InputSignature, number: type) -> list[tuple[str, Any]]:
    text = set(signature.text_features)
    return [
        (name, StringTensorType([None, 1]) if name in text else number([None, 1]))
        for name in signature.feature_names
    ]


def to_onnx(model: Any, signature: InputSignature) -> onnx.ModelProto:
    """Convert a returned pipeline or ensemble; raises ExportError when a converter fails.

    Regressors are converted on double inputs (preprocessing in double, as scikit-learn's float64
    code), then each numeric input becomes float32 cast to double on entry: callers feed float32.
    """
    register_converters()
    try:
        classifier = is_classifier(model)
        number = FloatTensorType if classifier else DoubleTensorType
        options = {id(part): {"zipmap": False} for part in _classifiers_in(model)}
        converted: onnx.ModelProto = convert_sklearn(
            model,
            initial_types=_initial_types(signature, number),
            options=options,
            target_opset=TARGET_OPSET,
        )
    except ExportError:
        raise
    except Exception as error:  # converters raise anything from KeyError to RuntimeError
        raise ExportError(f"ONNX conversion failed: {error}") from error
    if not classifier:
        float_inputs(converted)
        mark_tree_ensemble_opset(converted)
    return converted


@dataclass(frozen=True)
class ParityReport:
    """How far ONNX Runtime's output is from the Python pipeline's on the same rows.

    Probabilities and regression values alike must agree within ``tolerance`` absolutely.
    """

    rows: int
    max_abs_diff: float
    tolerance: float = PARITY_TOLERANCE

    @property
    def passed(self) -> bool:
        return self.max_abs_diff <= self.tolerance


def run_onnx(model_proto: onnx.ModelProto, feeds: Mapping[str, np.ndarray]) -> np.ndarray:
    """The probabilities (classifiers) or values (regressors) an ONNX model computes."""
    session = ort.InferenceSession(
        model_proto.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    wanted = {node.name for node in session.get_inputs()}
    outputs = session.run(None, {name: feeds[name] for name in wanted})
    names = [node.name for node in session.get_outputs()]
    chosen = outputs[names.index("probabilities")] if "probabilities" in names else outputs[0]
    return np.asarray(chosen, dtype=np.float64)


def _python_output(model: Any, prepared: pd.DataFrame) -> np.ndarray:
    if is_classifier(model):
        return np.asarray(model.predict_proba(prepared), dtype=np.float64)
    return np.asarray(model.predict(prepared), dtype=np.float64).reshape(-1, 1)


def check_parity(
    model: Any,
    signature: InputSignature,
    frame: Any,
    model_proto: onnx.ModelProto | None = None,
) -> ParityReport:
    """Compare the Python pipeline and its ONNX graph on raw rows (held-out rows, ideally)."""
    prepared = prepare_features(frame, signature)
    proto = model_proto if model_proto is not None else to_onnx(model, signature)
    expected = _python_output(model, prepared)
    actual = run_onnx(proto, onnx_feeds(prepared, signature)).reshape(expected.shape)
    return ParityReport(rows=len(prepared), max_abs_diff=float(np.max(np.abs(expected - actual))))
