"""ONNX converters for regressors that agree with Python to 1e-4 absolutely, at any scale.

A float32 graph cannot hold a value of 500,000 closer than 0.03, so regressors compute in double:

- the graph still takes float32 inputs; each numeric input is cast to double on entry, and the
  preprocessing (imputer, scaler, encoders) runs in double like scikit-learn's float64 code, up to
  the pipeline's own cast to float32 before the learner;
- linear models, random forests, extra trees and LightGBM cast that float32 matrix to double and
  compute as their library does: a double matrix product, or an ``ai.onnx.ml`` opset-5
  ``TreeEnsemble`` with double thresholds and leaf values (a float32 value cast to double compares
  with a double threshold exactly as scikit-learn and LightGBM compare it);
- XGBoost computes in float32 itself: leaf by leaf, adding each tree to ``base_score`` in order.
  The graph reproduces that: a float32 ``TreeEnsemble`` with one output column per tree, then a
  float32 ``CumSum`` across the trees, so every rounding happens as in XGBoost;
- the output ``variable`` is double (n, 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnx
from onnx import numpy_helper
from skl2onnx.common.data_types import DoubleTensorType
from skl2onnx.operator_converters.common import concatenate_variables
from skl2onnx.operator_converters.imputer_op import convert_sklearn_imputer

from modelyard.engine.errors import ExportError

ML_DOMAIN = "ai.onnx.ml"
TREE_ENSEMBLE_OPSET = 5
# skl2onnx refuses op versions above the ai.onnx.ml opset it knows (3); ``to_onnx`` raises the
# model's ai.onnx.ml import to 5 afterwards when a TreeEnsemble node is present.
DECLARED_ML_VERSION = 3
BRANCH_LEQ = 0
BRANCH_LT = 1
AGGREGATE_AVERAGE = 0
AGGREGATE_SUM = 1
# XGBoost's float32 running sum is rebuilt chunk by chunk (see convert_xgboost_regressor).
XGBOOST_TREES_PER_CHUNK = 128


# --- A library-neutral tree -----------------------------------------------------------------


@dataclass
class Split:
    feature: int
    threshold: float
    mode: int  # BRANCH_LEQ or BRANCH_LT: the condition that sends a row to ``true``
    missing_goes_true: bool
    true: Split | Leaf
    false: Split | Leaf


@dataclass
class Leaf:
    value: float
    target: int = 0


@dataclass
class TreeTable:
    """The ``nodes_*`` and ``leaf_*`` attributes of a TreeEnsemble, filled tree by tree."""

    roots: list[int] = field(default_factory=list)
    features: list[int] = field(default_factory=list)
    splits: list[float] = field(default_factory=list)
    modes: list[int] = field(default_factory=list)
    missing_true: list[int] = field(default_factory=list)
    true_ids: list[int] = field(default_factory=list)
    true_leafs: list[int] = field(default_factory=list)
    false_ids: list[int] = field(default_factory=list)
    false_leafs: list[int] = field(default_factory=list)
    leaf_weights: list[float] = field(default_factory=list)
    leaf_targets: list[int] = field(default_factory=list)

    def add_tree(self, root: Split | Leaf) -> None:
        if isinstance(root, Leaf):
            # A one-leaf tree is a split whose branches both reach that leaf.
            leaf = self._add_leaf(root)
            self.roots.append(self._add_split(0, 0.0, BRANCH_LEQ, False, (leaf, 1), (leaf, 1)))
            return
        self.roots.append(self._add(root))

    def _add(self, node: Split) -> int:
        true = self._child(node.true)
        false = self._child(node.false)
        return self._add_split(
            node.feature, node.threshold, node.mode, node.missing_goes_true, true, false
        )

    def _child(self, node: Split | Leaf) -> tuple[int, int]:
        if isinstance(node, Leaf):
            return self._add_leaf(node), 1
        return self._add(node), 0

    def _add_leaf(self, leaf: Leaf) -> int:
        self.leaf_weights.append(leaf.value)
        self.leaf_targets.append(leaf.target)
        return len(self.leaf_weights) - 1

    def _add_split(
        self,
        feature: int,
        threshold: float,
        mode: int,
        missing_true: bool,
        true: tuple[int, int],
        false: tuple[int, int],
    ) -> int:
        self.features.append(feature)
        self.splits.append(threshold)
        self.modes.append(mode)
        self.missing_true.append(int(missing_true))
        self.true_ids.append(true[0])
        self.true_leafs.append(true[1])
        self.false_ids.append(false[0])
        self.false_leafs.append(false[1])
        return len(self.features) - 1

    def attributes(self, dtype: type[np.floating[Any]]) -> dict[str, Any]:
        return {
            "tree_roots": self.roots,
            "nodes_featureids": self.features,
            "nodes_splits": numpy_helper.from_array(np.asarray(self.splits, dtype=dtype)),
            "nodes_modes": numpy_helper.from_array(np.asarray(self.modes, dtype=np.uint8)),
            "nodes_missing_value_tracks_true": self.missing_true,
            "nodes_truenodeids": self.true_ids,
            "nodes_trueleafs": self.true_leafs,
            "nodes_falsenodeids": self.false_ids,
            "nodes_falseleafs": self.false_leafs,
            "leaf_weights": numpy_helper.from_array(np.asarray(self.leaf_weights, dtype=dtype)),
            "leaf_targetids": self.leaf_targets,
        }


# --- Trees from each library ----------------------------------------------------------------


def sklearn_tree(estimator: Any) -> Split | Leaf:
    """A fitted scikit-learn regression tree: ``x <= threshold`` goes left."""
    tree = estimator.tree_
    left, right = tree.children_left, tree.children_right
    missing_left = getattr(tree, "missing_go_to_left", None)

    def build(node: int) -> Split | Leaf:
        if left[node] == -1:
            return Leaf(float(tree.value[node, 0, 0]))
        return Split(
            feature=int(tree.feature[node]),
            threshold=float(tree.threshold[node]),
            mode=BRANCH_LEQ,
            missing_goes_true=bool(missing_left[node]) if missing_left is not None else True,
            true=build(int(left[node])),
            false=build(int(right[node])),
        )

    return build(0)


def lightgbm_trees(model: Any) -> Iterator[Split | Leaf]:
    """The trees LightGBM predicts with (the best iteration's, as ``predict`` uses)."""
    dump = model.booster_.dump_model()

    def build(node: dict[str, Any]) -> Split | Leaf:
        if "leaf_value" in node:
            return Leaf(float(node["leaf_value"]))
        if node.get("decision_type") != "<=":
            raise ExportError(f"LightGBM split {node.get('decision_type')!r} is not supported.")
        return Split(
            feature=int(node["split_feature"]),
            threshold=float(node["threshold"]),
            mode=BRANCH_LEQ,
            missing_goes_true=bool(node.get("default_left", True)),
            true=build(node["left_child"]),
            false=build(node["right_child"]),
        )

    for tree in dump["tree_info"]:
        yield build(tree["tree_structure"])


def xgboost_trees(model: Any) -> tuple[float, list[Split | Leaf]]:
    """XGBoost's base score and the trees ``predict`` uses, from the model's own JSON."""
    booster = model.get_booster()
    raw = json.loads(booster.save_raw("json"))
    learner = raw["learner"]
    objective = learner["objective"]["name"]
    if objective != "reg:squarederror":
        raise ExportError(f"XGBoost objective {objective!r} is not supported for regression.")
    base = float(str(learner["learner_model_param"]["base_score"]).strip("[]"))
    trees = learner["gradient_booster"]["model"]["trees"]
    best = booster.attr("best_iteration")
    used = trees[: int(best) + 1] if best is not None else trees
    return base, [xgboost_tree(tree) for tree in used]


def xgboost_tree(tree: dict[str, Any]) -> Split | Leaf:
    left, right = tree["left_children"], tree["right_children"]

    def build(node: int) -> Split | Leaf:
        if left[node] == -1:
            # A leaf's value is its split condition; base_weights can differ (pruned nodes).
            return Leaf(float(np.float32(tree["split_conditions"][node])))
        return Split(
            feature=int(tree["split_indices"][node]),
            threshold=float(np.float32(tree["split_conditions"][node])),
            mode=BRANCH_LT,
            missing_goes_true=bool(tree["default_left"][node]),
            true=build(int(left[node])),
            false=build(int(right[node])),
        )

    return build(0)


# --- Converters (skl2onnx signature: scope, operator, container) -----------------------------


def double_output_shape(operator: Any) -> None:
    rows = operator.inputs[0].get_first_dimension()
    operator.outputs[0].type = DoubleTensorType([rows, 1])


def _as_double(scope: Any, operator: Any, container: Any) -> str:
    name: str = scope.get_unique_variable_name("as_double")
    container.add_node(
        "Cast", operator.inputs[0].full_name, name, to=onnx.TensorProto.DOUBLE, name=name
    )
    return name


def _tree_ensemble(
    scope: Any,
    container: Any,
    source: str,
    output: str,
    table: TreeTable,
    *,
    dtype: type[np.floating[Any]],
    targets: int = 1,
    aggregate: int = AGGREGATE_SUM,
) -> None:
    container.add_node(
        "TreeEnsemble",
        source,
        output,
        op_domain=ML_DOMAIN,
        op_version=DECLARED_ML_VERSION,
        name=scope.get_unique_operator_name("TreeEnsemble"),
        n_targets=targets,
        aggregate_function=aggregate,
        **table.attributes(dtype),
    )


def convert_linear_regressor(scope: Any, operator: Any, container: Any) -> None:
    model = operator.raw_operator
    source = _as_double(scope, operator, container)
    coef = scope.get_unique_variable_name("coef")
    coefficients = np.asarray(model.coef_, dtype=np.float64).reshape(-1, 1)
    container.add_initializer(
        coef, onnx.TensorProto.DOUBLE, list(coefficients.shape), coefficients.ravel().tolist()
    )
    intercept = scope.get_unique_variable_name("intercept")
    container.add_initializer(
        intercept, onnx.TensorProto.DOUBLE, [], [float(np.ravel(model.intercept_)[0])]
    )
    product = scope.get_unique_variable_name("product")
    container.add_node("MatMul", [source, coef], product, name=product)
    container.add_node(
        "Add", [product, intercept], operator.outputs[0].full_name, name=product + "_add"
    )


def convert_forest_regressor(scope: Any, operator: Any, container: Any) -> None:
    table = TreeTable()
    for estimator in operator.raw_operator.estimators_:
        table.add_tree(sklearn_tree(estimator))
    source = _as_double(scope, operator, container)
    _tree_ensemble(
        scope,
        container,
        source,
        operator.outputs[0].full_name,
        table,
        dtype=np.float64,
        aggregate=AGGREGATE_AVERAGE,
    )


def convert_lightgbm_regressor(scope: Any, operator: Any, container: Any) -> None:
    model = operator.raw_operator
    if model.booster_.params.get("boosting") == "rf":
        raise ExportError("LightGBM random-forest mode is not supported for regression.")
    table = TreeTable()
    for tree in lightgbm_trees(model):
        table.add_tree(tree)
    source = _as_double(scope, operator, container)
    _tree_ensemble(scope, container, source, operator.outputs[0].full_name, table, dtype=np.float64)


def convert_xgboost_regressor(scope: Any, operator: Any, container: Any) -> None:
    """base, base + tree 1, (base + tree 1) + tree 2, ... in float32, as XGBoost adds them.

    Trees go in chunks: each chunk's TreeEnsemble gives one column per tree, the running total
    is put in front, and a float32 CumSum adds left to right; memory stays at rows x chunk.
    """
    base, trees = xgboost_trees(operator.raw_operator)
    axis = scope.get_unique_variable_name("axis")
    container.add_initializer(axis, onnx.TensorProto.INT64, [], [1])
    bounds = [scope.get_unique_variable_name(name) for name in ("start", "end", "axes")]
    for name, value in zip(bounds, (-1, XGBOOST_TREES_PER_CHUNK + 1, 1), strict=True):
        container.add_initializer(name, onnx.TensorProto.INT64, [1], [value])
    running: str | None = None
    for first in range(0, max(len(trees), 1), XGBOOST_TREES_PER_CHUNK):
        chunk = trees[first : first + XGBOOST_TREES_PER_CHUNK]
        table = TreeTable()
        offset = 1 if running is None else 0
        if running is None:
            table.add_tree(Leaf(base, target=0))  # the first column: base_score
        for index, tree in enumerate(chunk, start=offset):
            table.add_tree(_retarget(tree, index))
        columns: str = scope.get_unique_variable_name("tree_values")
        _tree_ensemble(
            scope,
            container,
            operator.inputs[0].full_name,
            columns,
            table,
            dtype=np.float32,
            targets=len(chunk) + offset,
        )
        if running is not None:
            joined = scope.get_unique_variable_name("joined")
            container.add_node("Concat", [running, columns], joined, name=joined, axis=1)
            columns = joined
        totals = scope.get_unique_variable_name("running_sum")
        container.add_node("CumSum", [columns, axis], totals, name=totals)
        running = scope.get_unique_variable_name("total")
        container.add_node("Slice", [totals, *bounds], running, name=running)
    assert running is not None
    container.add_node(
        "Cast",
        running,
        operator.outputs[0].full_name,
        to=onnx.TensorProto.DOUBLE,
        name=running + "_d",
    )


def _retarget(node: Split | Leaf, target: int) -> Split | Leaf:
    if isinstance(node, Leaf):
        return Leaf(node.value, target)
    node.true = _retarget(node.true, target)
    node.false = _retarget(node.false, target)
    return node


def convert_imputer(scope: Any, operator: Any, container: Any) -> None:
    """On double inputs, a SimpleImputer is ``where(isnan(x), statistic, x)`` with double fills.

    The ``Imputer`` operator holds float32 fill values, and a median need not be one. Other
    inputs (float, text) keep skl2onnx's converter.
    """
    if not isinstance(operator.inputs[0].type, DoubleTensorType):
        convert_sklearn_imputer(scope, operator, container)
        return
    model = operator.raw_operator
    source = concatenate_variables(scope, operator.inputs, container)
    fills = scope.get_unique_variable_name("fills")
    statistics = np.asarray(model.statistics_, dtype=np.float64)
    container.add_initializer(
        fills, onnx.TensorProto.DOUBLE, [1, len(statistics)], statistics.tolist()
    )
    missing = scope.get_unique_variable_name("missing")
    container.add_node("IsNaN", source, missing, name=missing)
    container.add_node(
        "Where", [missing, fills, source], operator.outputs[0].full_name, name=missing + "_fill"
    )


def mark_tree_ensemble_opset(proto: onnx.ModelProto) -> None:
    """Raise the ai.onnx.ml import to 5 when the graph holds a TreeEnsemble node."""
    if not any(node.op_type == "TreeEnsemble" for node in proto.graph.node):
        return
    for entry in proto.opset_import:
        if entry.domain == ML_DOMAIN:
            entry.version = max(entry.version, TREE_ENSEMBLE_OPSET)
            return
    proto.opset_import.append(onnx.helper.make_opsetid(ML_DOMAIN, TREE_ENSEMBLE_OPSET))


def float_inputs(proto: onnx.ModelProto) -> None:
    """Turn the graph's double inputs into float32 inputs cast to double on entry."""
    casts = []
    for value in proto.graph.input:
        tensor = value.type.tensor_type
        if tensor.elem_type != onnx.TensorProto.DOUBLE:
            continue
        internal = f"{value.name}__double"
        for node in proto.graph.node:
            for position, name in enumerate(node.input):
                if name == value.name:
                    node.input[position] = internal
        casts.append(
            onnx.helper.make_node(
                "Cast", [value.name], [internal], to=onnx.TensorProto.DOUBLE, name=internal
            )
        )
        tensor.elem_type = onnx.TensorProto.FLOAT
    nodes = [*casts, *proto.graph.node]
    del proto.graph.node[:]
    proto.graph.node.extend(nodes)
