"""PMML 4.4 written from the fitted pipeline itself, proven by JPMML-Evaluator (a PMML runtime).

The document takes the *prepared* columns, like the ONNX graph (``engine.prepare_features``: dates
split into ``col__year`` ... parts, numbers, text; a missing text value is a missing value). Inside:

- preprocessing becomes DerivedFields of the top model: ``FieldRef mapMissingTo`` for imputers,
  ``(x - mean) / scale`` for scalers, ``NormDiscrete`` for one-hot columns, ``MapValues`` tables
  for ordinal and target encodings; then a ``float`` DerivedField per column, as the pipeline
  casts to float32 before the learner;
- logistic regression and ridge are RegressionModels (logit / softmax);
- forests are MiningModels averaging TreeModels; a split ``x <= t`` is written with the largest
  float32 not above ``t``, which sends every float32 input the same way;
- LightGBM sums its trees in double, then a RegressionModel applies the sigmoid or softmax;
- XGBoost sums in float32 like XGBoost itself (``x-mathContext="float"``, base score first);
- the ensemble is a MiningModel (``weightedAverage`` / ``weightedSum``), followed by the
  temperature (softmax of ``ln(max(p, floor)) / T``) in a model chain.

What the generator does not know (another estimator, a LightGBM categorical split, an XGBoost
objective other than the engine's) makes ``availability`` say unavailable, and why.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import lightgbm as lgb
import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import xgboost as xgb
from skl2onnx.sklapi import CastTransformer
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder

from modelyard import engine
from modelyard.engine.ensemble import EnsembleClassifier, EnsembleRegressor
from modelyard.engine.export import float32_floor
from modelyard.engine.metrics import PROBABILITY_FLOOR
from modelyard.engine.regressor_onnx import lightgbm_trees, xgboost_tree, xgboost_trees
from modelyard.exporters.base import (
    Availability,
    ExporterError,
    Manifest,
    ModelArtifacts,
    ParityReport,
    Predictions,
    common_metadata,
    compare,
    reference_predictions,
)

PMML_NAMESPACE = "http://www.dmg.org/PMML-4_4"
MODEL_FILE = "model.pmml"
TOLERANCE = 1e-6
PREDICTION = "prediction"
WEIGHT_SUM_SLACK = 1e-9


class UnsupportedModel(Exception):
    """The model holds something this PMML generator cannot express."""


def _number(value: float) -> str:
    """A double as text that reads back to the same double (and the same float32 when it is one)."""
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise UnsupportedModel(f"The model holds a non-finite number ({number}).")
    return repr(number)


def _element(tag: str, parent: ET.Element | None = None, **attributes: Any) -> ET.Element:
    clean = {
        key.replace("_", "-") if key.startswith("x_") else key: str(value)
        for key, value in attributes.items()
        if value is not None
    }
    if parent is None:
        return ET.Element(tag, clean)
    return ET.SubElement(parent, tag, clean)


def _true_predicate(parent: ET.Element) -> None:
    _element("True", parent)


@dataclass
class _Document:
    """Collects the top model's DerivedFields while the models are written."""

    artifacts: ModelArtifacts
    # Only decide whether PMML can express the model: trees are checked, not written node by node
    # (a 300-tree forest is ~800,000 XML elements; the check is what format listings need).
    check_only: bool = False
    transformations: ET.Element = field(default_factory=lambda: ET.Element("LocalTransformations"))
    counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def classification(self) -> bool:
        return self.artifacts.is_classifier

    @property
    def target(self) -> str:
        return self.artifacts.target

    def prefix(self) -> str:
        return f"m{next(self.counter)}"

    def derive(self, name: str, data_type: str, expression: ET.Element) -> str:
        derived = _element(
            "DerivedField", self.transformations, name=name, optype="continuous", dataType=data_type
        )
        derived.append(expression)
        return name

    def schema(self, model: ET.Element, fields: Sequence[str], *, target: bool) -> None:
        """A nested model's MiningSchema: the fields it reads (and the target it predicts)."""
        schema = _element("MiningSchema", model)
        if target:
            _element("MiningField", schema, name=self.target, usageType="target")
        for name in dict.fromkeys(fields):
            _element("MiningField", schema, name=name)


# --- Preprocessing: ColumnTransformer -> float32 features ---------------------------------


def _field_ref(name: str) -> ET.Element:
    return _element("FieldRef", field=name)


def _apply(function: str, *arguments: ET.Element) -> ET.Element:
    node = _element("Apply", function=function)
    node.extend(arguments)
    return node


def _constant(value: float) -> ET.Element:
    node = _element("Constant", dataType="double")
    node.text = _number(value)
    return node


def _numeric_features(doc: _Document, prefix: str, steps: Any, columns: list[str]) -> list[str]:
    parts = steps.steps if isinstance(steps, Pipeline) else [("only", steps)]
    imputer, scaler = None, None
    for _, step in parts:
        if isinstance(step, SimpleImputer):
            imputer = step
        elif isinstance(step, StandardScaler):
            scaler = step
        else:
            raise UnsupportedModel(f"Numeric step {type(step).__name__} is not supported.")
    if imputer is None:
        raise UnsupportedModel("A numeric branch without an imputer is not supported.")
    names = []
    for index, column in enumerate(columns):
        expression = _apply(
            "if",
            _apply("isMissing", _field_ref(column)),
            _constant(float(imputer.statistics_[index])),
            _field_ref(column),
        )
        if scaler is not None:
            mean = float(scaler.mean_[index]) if scaler.with_mean else 0.0
            scale = float(scaler.scale_[index]) if scaler.with_std else 1.0
            expression = _apply("/", _apply("-", expression, _constant(mean)), _constant(scale))
        names.append(doc.derive(f"{prefix}_num_{index}", "double", expression))
    return names


def _one_hot_features(
    doc: _Document, prefix: str, encoder: OneHotEncoder, columns: list[str]
) -> list[str]:
    if encoder.drop_idx_ is not None or getattr(encoder, "_infrequent_enabled", False):
        raise UnsupportedModel("One-hot encoding with dropped or infrequent levels.")
    names = []
    for index, column in enumerate(columns):
        for level, category in enumerate(encoder.categories_[index]):
            if str(category) == "":
                expression = _apply(
                    "if",
                    _apply("isMissing", _field_ref(column)),
                    _constant(1.0),
                    _constant(0.0),
                )
            else:
                expression = _element(
                    "NormDiscrete", field=column, value=str(category), mapMissingTo="0"
                )
            names.append(doc.derive(f"{prefix}_hot_{index}_{level}", "double", expression))
    return names


def _lookup(column: str, table: dict[str, float], default: float) -> ET.Element:
    """``table[value]``, ``default`` for unseen values; missing reads the "" entry."""
    mapping = _element(
        "MapValues",
        outputColumn="out",
        dataType="double",
        defaultValue=_number(default),
        mapMissingTo=_number(table.get("", default)),
    )
    _element("FieldColumnPair", mapping, field=column, column="in")
    inline = _element("InlineTable", mapping)
    for key, value in table.items():
        if key == "":
            continue
        row = _element("row", inline)
        _element("in", row).text = key
        _element("out", row).text = _number(value)
    return mapping


def _encoded_features(doc: _Document, prefix: str, encoder: Any, columns: list[str]) -> list[str]:
    names = []
    for index, column in enumerate(columns):
        categories = [str(value) for value in encoder.categories_[index]]
        if isinstance(encoder, OrdinalEncoder):
            if encoder.handle_unknown != "use_encoded_value":
                raise UnsupportedModel("Ordinal encoding that rejects unseen levels.")
            table = {category: float(code) for code, category in enumerate(categories)}
            default = float(encoder.unknown_value)
        elif isinstance(encoder, TargetEncoder):
            if encoder.target_type_ not in ("binary", "continuous"):
                raise UnsupportedModel(f"Target encoding of a {encoder.target_type_} target.")
            values = np.asarray(encoder.encodings_[index], dtype=np.float64)
            table = dict(zip(categories, values.tolist(), strict=True))
            default = float(encoder.target_mean_)
        else:
            raise UnsupportedModel(f"Encoder {type(encoder).__name__} is not supported.")
        names.append(
            doc.derive(f"{prefix}_code_{index}", "double", _lookup(column, table, default))
        )
    return names


def _prepared_features(doc: _Document, pipeline: Pipeline) -> tuple[list[str], Any]:
    """The float32 feature fields a pipeline's learner reads, and the learner."""
    steps = [step for _, step in pipeline.steps]
    if len(steps) != 3 or not isinstance(steps[0], ColumnTransformer):
        raise UnsupportedModel("Only prepare -> cast -> learner pipelines are supported.")
    if not isinstance(steps[1], CastTransformer) or np.dtype(steps[1].dtype) != np.float32:
        raise UnsupportedModel("The pipeline must cast to float32 before its learner.")
    prefix = doc.prefix()
    features: list[str] = []
    for name, transformer, columns in steps[0].transformers_:
        if transformer == "drop" or name == "remainder":
            continue
        columns = [str(column) for column in columns]
        if isinstance(transformer, OneHotEncoder):
            features += _one_hot_features(doc, f"{prefix}_{name}", transformer, columns)
        elif isinstance(transformer, OrdinalEncoder | TargetEncoder):
            features += _encoded_features(doc, f"{prefix}_{name}", transformer, columns)
        else:
            features += _numeric_features(doc, f"{prefix}_{name}", transformer, columns)
    cast = [
        doc.derive(f"{prefix}_f{index}", "float", _field_ref(feature))
        for index, feature in enumerate(features)
    ]
    return cast, steps[2]


# --- Learners -----------------------------------------------------------------------------


def _regression_table(
    parent: ET.Element,
    features: Sequence[str],
    coefficients: np.ndarray,
    intercept: float,
    category: str | None = None,
) -> None:
    table = _element(
        "RegressionTable", parent, intercept=_number(intercept), targetCategory=category
    )
    for feature, coefficient in zip(features, coefficients, strict=True):
        _element("NumericPredictor", table, name=feature, coefficient=_number(coefficient))


def _linear(doc: _Document, features: list[str], model: Any) -> ET.Element:
    if isinstance(model, Ridge):
        element = _element("RegressionModel", functionName="regression")
        doc.schema(element, features, target=False)
        coefficients = np.ravel(model.coef_)
        _regression_table(element, features, coefficients, float(np.ravel(model.intercept_)[0]))
        return element
    labels = doc.artifacts.classes
    coef = np.atleast_2d(model.coef_)
    binary = coef.shape[0] == 1
    element = _element(
        "RegressionModel",
        functionName="classification",
        normalizationMethod="logit" if binary else "softmax",
    )
    doc.schema(element, features, target=True)
    if binary:
        _regression_table(element, features, coef[0], float(model.intercept_[0]), labels[1])
        _element("RegressionTable", element, intercept="0", targetCategory=labels[0])
    else:
        for index, label in enumerate(labels):
            _regression_table(element, features, coef[index], float(model.intercept_[index]), label)
    return element


@dataclass
class _Tree:
    """A binary tree in one shape for every library: ``x <= threshold`` (or ``<``) goes left."""

    feature: int = -1
    threshold: float = 0.0
    strict: bool = False
    left: _Tree | None = None
    right: _Tree | None = None
    score: float = 0.0
    distribution: list[float] | None = None

    @property
    def is_leaf(self) -> bool:
        return self.left is None


def _sklearn_tree(estimator: Any, classification: bool) -> _Tree:
    tree = estimator.tree_

    def build(node: int) -> _Tree:
        if tree.children_left[node] == -1:
            if classification:
                counts = np.asarray(tree.value[node, 0, :], dtype=np.float64)
                proba = counts / counts.sum()
                return _Tree(distribution=proba.tolist())
            return _Tree(score=float(tree.value[node, 0, 0]))
        return _Tree(
            feature=int(tree.feature[node]),
            threshold=float32_floor(float(tree.threshold[node])),
            left=build(int(tree.children_left[node])),
            right=build(int(tree.children_right[node])),
        )

    return build(0)


def _engine_tree(node: Any, *, floor: bool) -> _Tree:
    """From ``regressor_onnx``'s library-neutral trees (LightGBM, XGBoost)."""
    if not hasattr(node, "feature"):
        return _Tree(score=float(node.value))
    return _Tree(
        feature=int(node.feature),
        threshold=float32_floor(node.threshold) if floor else float(node.threshold),
        strict=node.mode == 1,
        left=_engine_tree(node.true, floor=floor),
        right=_engine_tree(node.false, floor=floor),
    )


def _tree_model(
    doc: _Document, features: list[str], tree: _Tree, *, float_math: bool = False
) -> ET.Element:
    classification = tree.distribution is not None or _has_distribution(tree)
    element = _element(
        "TreeModel",
        functionName="classification" if classification else "regression",
        splitCharacteristic="binarySplit",
        noTrueChildStrategy="returnLastPrediction",
        x_mathContext="float" if float_math else None,
    )
    used = sorted(_features_used(tree))
    doc.schema(element, [features[index] for index in used], target=classification)
    if doc.check_only:
        _check_tree(tree)
        return element
    root = _element("Node", element)
    _true_predicate(root)
    _write_node(doc, root, tree, features)
    return element


def _check_tree(tree: _Tree) -> None:
    """What writing the tree would refuse: a number PMML cannot hold."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if node.is_leaf:
            for value in node.distribution or (node.score,):
                _number(value)
        else:
            assert node.left is not None
            assert node.right is not None
            _number(node.threshold)
            pending += (node.left, node.right)


def _has_distribution(tree: _Tree) -> bool:
    node = tree
    while not node.is_leaf:
        assert node.left is not None
        node = node.left
    return node.distribution is not None


def _features_used(tree: _Tree) -> set[int]:
    if tree.is_leaf:
        return set()
    assert tree.left is not None
    assert tree.right is not None
    return {tree.feature} | _features_used(tree.left) | _features_used(tree.right)


def _write_node(doc: _Document, node: ET.Element, tree: _Tree, features: list[str]) -> None:
    if tree.is_leaf:
        _write_leaf(doc, node, tree)
        return
    assert tree.left is not None
    assert tree.right is not None
    left = _element("Node", node)
    _element(
        "SimplePredicate",
        left,
        field=features[tree.feature],
        operator="lessThan" if tree.strict else "lessOrEqual",
        value=_number(tree.threshold),
    )
    _write_node(doc, left, tree.left, features)
    right = _element("Node", node)
    _true_predicate(right)
    _write_node(doc, right, tree.right, features)


def _write_leaf(doc: _Document, node: ET.Element, tree: _Tree) -> None:
    if tree.distribution is None:
        node.set("score", _number(tree.score))
        return
    labels = doc.artifacts.classes
    node.set("score", labels[int(np.argmax(tree.distribution))])
    for label, probability in zip(labels, tree.distribution, strict=True):
        _element(
            "ScoreDistribution",
            node,
            value=label,
            recordCount=_number(probability),
            probability=_number(probability),
        )


def _segmentation(
    parent: ET.Element,
    method: str,
    models: Sequence[ET.Element],
    weights: Sequence[float] | None = None,
) -> None:
    segmentation = _element("Segmentation", parent, multipleModelMethod=method)
    for index, model in enumerate(models):
        weight = None if weights is None else _number(weights[index])
        segment = _element("Segment", segmentation, id=str(index + 1), weight=weight)
        _true_predicate(segment)
        segment.append(model)


def _forest(doc: _Document, features: list[str], model: Any) -> ET.Element:
    classification = doc.classification
    element = _element(
        "MiningModel", functionName="classification" if classification else "regression"
    )
    doc.schema(element, features, target=classification)
    if doc.check_only:
        for estimator in model.estimators_:
            tree = estimator.tree_
            splits = tree.children_left != -1
            thresholds, leaves = tree.threshold[splits], tree.value[~splits]
            if not (np.isfinite(thresholds).all() and np.isfinite(leaves).all()):
                raise UnsupportedModel("The model holds a non-finite number.")
        return element
    trees = [_sklearn_tree(estimator, classification) for estimator in model.estimators_]
    _segmentation(element, "average", [_tree_model(doc, features, tree) for tree in trees])
    return element


def _output(parent: ET.Element, name: str) -> None:
    output = _element("Output", parent)
    _element(
        "OutputField",
        output,
        name=name,
        optype="continuous",
        dataType="double",
        feature="predictedValue",
        isFinalResult="false",
    )


def _sum_model(
    doc: _Document,
    features: list[str],
    trees: Sequence[_Tree],
    *,
    output: str | None,
    float_math: bool = False,
) -> ET.Element:
    """A regression MiningModel that adds its trees' scores in order."""
    element = _element(
        "MiningModel", functionName="regression", x_mathContext="float" if float_math else None
    )
    doc.schema(element, features, target=False)
    if output is not None:
        _output(element, output)
    models = [_tree_model(doc, features, tree, float_math=float_math) for tree in trees]
    _segmentation(element, "sum", models)
    return element


def _link(
    doc: _Document,
    scores: list[str],
    method: str,
    coefficient: float = 1.0,
    *,
    float_math: bool = False,
) -> ET.Element:
    """The classification step after raw scores: logit (binary) or softmax over classes."""
    labels = doc.artifacts.classes
    element = _element(
        "RegressionModel",
        functionName="classification",
        normalizationMethod=method,
        x_mathContext="float" if float_math else None,
    )
    doc.schema(element, scores, target=True)
    if method == "logit":
        _regression_table(element, scores[:1], np.array([coefficient]), 0.0, labels[1])
        _element("RegressionTable", element, intercept="0", targetCategory=labels[0])
    else:
        for label, score in zip(labels, scores, strict=True):
            _regression_table(element, [score], np.array([coefficient]), 0.0, label)
    return element


def _chain(doc: _Document, features: list[str], segments: Sequence[ET.Element]) -> ET.Element:
    element = _element("MiningModel", functionName="classification")
    doc.schema(element, features, target=True)
    _segmentation(element, "modelChain", segments)
    return element


def _lightgbm(doc: _Document, features: list[str], model: Any) -> ET.Element:
    dump = model.booster_.dump_model()
    objective = str(dump.get("objective", ""))
    if model.booster_.params.get("boosting") == "rf":
        raise UnsupportedModel("LightGBM random-forest mode is not supported.")
    try:
        trees = [_engine_tree(tree, floor=True) for tree in lightgbm_trees(model)]
    except engine.ExportError as error:
        raise UnsupportedModel(error.message) from error
    if not doc.classification:
        if not objective.startswith("regression"):
            raise UnsupportedModel(f"LightGBM objective {objective!r} is not supported.")
        return _sum_model(doc, features, trees, output=None)
    classes = int(dump.get("num_class", 1))
    prefix = doc.prefix()
    if classes == 1:
        if not objective.startswith("binary"):
            raise UnsupportedModel(f"LightGBM objective {objective!r} is not supported.")
        sigmoid = (
            float(objective.split("sigmoid:")[1].split()[0]) if "sigmoid:" in objective else 1.0
        )
        raw = f"{prefix}_raw"
        chain = [_sum_model(doc, features, trees, output=raw), _link(doc, [raw], "logit", sigmoid)]
        return _chain(doc, features, chain)
    if not objective.startswith("multiclass") or "multiclassova" in objective:
        raise UnsupportedModel(f"LightGBM objective {objective!r} is not supported.")
    raws = [f"{prefix}_raw_{k}" for k in range(classes)]
    sums = [_sum_model(doc, features, trees[k::classes], output=raws[k]) for k in range(classes)]
    return _chain(doc, features, [*sums, _link(doc, raws, "softmax")])


def _xgboost(doc: _Document, features: list[str], model: Any) -> ET.Element:
    booster = model.get_booster()
    raw = json.loads(booster.save_raw("json"))
    learner = raw["learner"]
    objective = learner["objective"]["name"]
    base_text = str(learner["learner_model_param"]["base_score"]).strip("[]")
    if "," in base_text:
        raise UnsupportedModel("XGBoost with one base score per class is not supported.")
    base = np.float32(float(base_text))
    gbm = learner["gradient_booster"]
    if gbm.get("name", "gbtree") != "gbtree":
        raise UnsupportedModel(f"XGBoost booster {gbm.get('name')!r} is not supported.")
    classes = max(1, int(learner["learner_model_param"].get("num_class", "0")))
    trees, groups = gbm["model"]["trees"], gbm["model"]["tree_info"]
    best = booster.attr("best_iteration")
    if best is not None:
        trees, groups = trees[: (int(best) + 1) * classes], groups[: (int(best) + 1) * classes]
    if objective == "reg:squarederror" and not doc.classification:
        _, neutral = xgboost_trees(model)
        parts = [_Tree(score=float(base)), *(_engine_tree(t, floor=False) for t in neutral)]
        return _sum_model(doc, features, parts, output=None, float_math=True)
    converted = [_engine_tree(xgboost_tree(tree), floor=False) for tree in trees]
    prefix = doc.prefix()
    if objective == "binary:logistic":
        margin = np.float32(-np.log(np.float32(1.0) / base - np.float32(1.0)))
        raw_name = f"{prefix}_margin"
        parts = [_Tree(score=float(margin)), *converted]
        chain = [
            _sum_model(doc, features, parts, output=raw_name, float_math=True),
            _link(doc, [raw_name], "logit", float_math=True),
        ]
        return _chain(doc, features, chain)
    if objective == "multi:softprob":
        raws = [f"{prefix}_margin_{k}" for k in range(classes)]
        sums = []
        for k in range(classes):
            mine = [tree for tree, group in zip(converted, groups, strict=True) if group == k]
            parts = [_Tree(score=float(base)), *mine]
            sums.append(_sum_model(doc, features, parts, output=raws[k], float_math=True))
        return _chain(doc, features, [*sums, _link(doc, raws, "softmax", float_math=True)])
    raise UnsupportedModel(f"XGBoost objective {objective!r} is not supported.")


# --- Ensembles ----------------------------------------------------------------------------


def _fields_read(models: Sequence[ET.Element]) -> list[str]:
    """The fields nested models read from outside themselves: a parent must pass them on."""
    read: dict[str, None] = {}
    produced: set[str] = set()
    for model in models:
        for mining in model.iter("MiningField"):
            if mining.get("usageType") != "target":
                read[mining.get("name", "")] = None
        produced |= {output.get("name", "") for output in model.iter("OutputField")}
    return [name for name in read if name not in produced]


def _ensemble(doc: _Document, model: Any) -> ET.Element:
    weights = [float(weight) for weight in model.weights]
    members = [_model(doc, member) for member in model.members]
    if isinstance(model, EnsembleRegressor):
        element = _element("MiningModel", functionName="regression")
        doc.schema(element, _fields_read(members), target=False)
        _segmentation(element, "weightedSum", members, weights)
        return element
    if abs(sum(weights) - 1.0) > WEIGHT_SUM_SLACK:
        raise UnsupportedModel("A classifier ensemble whose weights do not add up to 1.")
    average = _element("MiningModel", functionName="classification")
    doc.schema(average, _fields_read(members), target=True)
    _segmentation(average, "weightedAverage", members, weights)
    temperature = float(model.temperature)
    if temperature == 1.0:
        return average
    prefix = doc.prefix()
    labels = doc.artifacts.classes
    probabilities = [f"{prefix}_p_{index}" for index in range(len(labels))]
    output = _element("Output", average)
    for name, label in zip(probabilities, labels, strict=True):
        _element(
            "OutputField",
            output,
            name=name,
            optype="continuous",
            dataType="double",
            feature="probability",
            value=label,
            isFinalResult="false",
        )
    # Output must precede the Segmentation in a model element.
    average.remove(output)
    average.insert(1, output)
    calibrated = _temperature(doc, prefix, probabilities, temperature)
    return _chain(doc, _fields_read([average, calibrated]), [average, calibrated])


def _temperature(
    doc: _Document, prefix: str, probabilities: list[str], temperature: float
) -> ET.Element:
    """softmax(ln(max(p, floor)) / T): the ensemble's calibration, in double."""
    element = _element(
        "RegressionModel", functionName="classification", normalizationMethod="softmax"
    )
    doc.schema(element, probabilities, target=True)
    local = _element("LocalTransformations", element)
    logs = []
    for index, name in enumerate(probabilities):
        log_name = f"{prefix}_log_{index}"
        derived = _element(
            "DerivedField", local, name=log_name, optype="continuous", dataType="double"
        )
        derived.append(_apply("ln", _apply("max", _field_ref(name), _constant(PROBABILITY_FLOOR))))
        logs.append(log_name)
    for label, log_name in zip(doc.artifacts.classes, logs, strict=True):
        table = _element("RegressionTable", element, intercept="0", targetCategory=label)
        _element("NumericPredictor", table, name=log_name, coefficient=_number(1.0 / temperature))
    return element


def _model(doc: _Document, model: Any) -> ET.Element:
    if isinstance(model, EnsembleClassifier | EnsembleRegressor):
        return _ensemble(doc, model)
    if not isinstance(model, Pipeline):
        raise UnsupportedModel(f"{type(model).__name__} is not a pipeline the engine returns.")
    features, learner = _prepared_features(doc, model)
    if isinstance(learner, LogisticRegression | Ridge):
        return _linear(doc, features, learner)
    forests = (
        RandomForestClassifier,
        RandomForestRegressor,
        ExtraTreesClassifier,
        ExtraTreesRegressor,
    )
    if isinstance(learner, forests):
        return _forest(doc, features, learner)
    if isinstance(learner, lgb.LGBMClassifier | lgb.LGBMRegressor):
        return _lightgbm(doc, features, learner)
    if isinstance(learner, xgb.XGBClassifier | xgb.XGBRegressor):
        return _xgboost(doc, features, learner)
    raise UnsupportedModel(f"{type(learner).__name__} has no PMML form here.")


# --- The document -------------------------------------------------------------------------


def _data_dictionary(parent: ET.Element, artifacts: ModelArtifacts) -> None:
    signature = artifacts.input_signature
    text = set(signature.text_features)
    dictionary = _element("DataDictionary", parent)
    for name in signature.feature_names:
        if name in text:
            _element("DataField", dictionary, name=name, optype="categorical", dataType="string")
        else:
            _element("DataField", dictionary, name=name, optype="continuous", dataType="double")
    if artifacts.is_classifier:
        target = _element(
            "DataField", dictionary, name=artifacts.target, optype="categorical", dataType="string"
        )
        for label in artifacts.classes:
            _element("Value", target, value=label)
    else:
        _element(
            "DataField", dictionary, name=artifacts.target, optype="continuous", dataType="double"
        )


def _top_level(doc: _Document, model: ET.Element) -> None:
    """Give the outermost model the raw inputs, the outputs and every preprocessing field."""
    artifacts = doc.artifacts
    schema = model.find("MiningSchema")
    assert schema is not None
    for child in list(schema):
        schema.remove(child)
    _element("MiningField", schema, name=artifacts.target, usageType="target")
    for name in artifacts.input_signature.feature_names:
        _element("MiningField", schema, name=name, invalidValueTreatment="asIs")
    for existing in model.findall("Output"):
        model.remove(existing)
    output = ET.Element("Output")
    kind = ("categorical", "string") if artifacts.is_classifier else ("continuous", "double")
    _element(
        "OutputField",
        output,
        name=PREDICTION,
        optype=kind[0],
        dataType=kind[1],
        feature="predictedValue",
    )
    for label in artifacts.classes:
        _element(
            "OutputField",
            output,
            name=f"probability_{label}",
            optype="continuous",
            dataType="double",
            feature="probability",
            value=label,
        )
    position = list(model).index(schema) + 1
    model.insert(position, output)
    if len(doc.transformations):
        local = model.find("LocalTransformations")
        if local is not None:
            doc.transformations.extend(list(local))
            model.remove(local)
        model.insert(position + 1, doc.transformations)


def check_pmml(artifacts: ModelArtifacts) -> None:
    """Raise UnsupportedModel when ``to_pmml`` would; seconds faster on large forests."""
    doc = _Document(artifacts, check_only=True)
    _top_level(doc, _model(doc, artifacts.estimator))


def to_pmml(artifacts: ModelArtifacts) -> bytes:
    """The PMML 4.4 document for a model; raises UnsupportedModel when it cannot be expressed."""
    doc = _Document(artifacts)
    model = _model(doc, artifacts.estimator)
    _top_level(doc, model)
    root = _element("PMML", xmlns=PMML_NAMESPACE, version="4.4")
    header = _element(
        "Header", root, description=f"{artifacts.model_name} ({artifacts.model_version_id})"
    )
    _element("Application", header, name="Modelyard", version=artifacts.engine_version)
    _data_dictionary(root, artifacts)
    root.append(model)
    model.set("modelName", artifacts.model_version_id)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


# --- Evaluating with JPMML ----------------------------------------------------------------


def evaluator_rows(artifacts: ModelArtifacts, rows: pd.DataFrame) -> pd.DataFrame:
    """Prepared columns as the PMML reads them: missing numbers and texts are missing (None)."""
    signature = artifacts.input_signature
    prepared = engine.prepare_features(rows, signature)
    text = set(signature.text_features)
    columns: dict[str, list[Any]] = {}
    for name in signature.feature_names:
        values = prepared[name].tolist()
        if name in text:
            columns[name] = [None if value == "" else str(value) for value in values]
        else:
            columns[name] = [None if math.isnan(value) else float(value) for value in values]
    return pd.DataFrame(columns, dtype=object)


def java_available() -> bool:
    return shutil.which("java") is not None


def evaluate(artifacts: ModelArtifacts, document: Path, rows: pd.DataFrame) -> Predictions:
    """Score prepared rows with JPMML-Evaluator (through JPype) and read its outputs."""
    if not java_available():
        raise ExporterError(
            "PMML verification needs a Java runtime (java) on the worker.",
            hint="Install Java 11 or newer on the worker, or choose another format.",
        )
    from jpmml_evaluator import make_evaluator  # type: ignore[import-untyped]

    try:
        evaluator = make_evaluator(str(document), backend="jpype", lax=False).verify()
        results = evaluator.evaluateAll(evaluator_rows(artifacts, rows))
    except Exception as error:  # the Java side raises its own exception types
        raise ExporterError(f"JPMML-Evaluator rejected the PMML document: {error}") from error
    errors = results["errors"].dropna() if "errors" in results else pd.Series(dtype=object)
    if len(errors):
        raise ExporterError(f"JPMML-Evaluator failed on {len(errors)} rows: {errors.iloc[0]}")
    if not artifacts.is_classifier:
        values = results[PREDICTION].astype(float).to_numpy().reshape(-1, 1)
        return Predictions(labels=None, values=values)
    columns = [f"probability_{label}" for label in artifacts.classes]
    return Predictions(
        labels=[str(label) for label in results[PREDICTION]],
        values=results[columns].astype(float).to_numpy(),
    )


class PmmlFlavor:
    name = "pmml"

    def availability(self, artifacts: ModelArtifacts) -> Availability:
        try:
            check_pmml(artifacts)
        except UnsupportedModel as reason:
            return Availability(False, f"PMML cannot express this model: {reason}")
        return Availability(True)

    def export(self, artifacts: ModelArtifacts, destination: Path) -> Manifest:
        try:
            document = to_pmml(artifacts)
        except UnsupportedModel as reason:
            raise ExporterError(f"PMML cannot express this model: {reason}") from reason
        destination.mkdir(parents=True, exist_ok=True)
        (destination / MODEL_FILE).write_bytes(document)
        signature = artifacts.input_signature
        manifest = Manifest(
            format=self.name,
            files=[MODEL_FILE],
            metadata=common_metadata(artifacts)
            | {
                "pmml_version": "4.4",
                "inputs": list(signature.feature_names),
                "text_inputs": list(signature.text_features),
                "outputs": [PREDICTION, *(f"probability_{c}" for c in artifacts.classes)],
            },
        )
        manifest.write(destination)
        return manifest

    def verify(
        self, artifacts: ModelArtifacts, destination: Path, rows: pd.DataFrame
    ) -> ParityReport:
        expected = reference_predictions(artifacts, rows)
        actual = evaluate(artifacts, destination / MODEL_FILE, rows)
        return compare(self.name, expected, actual, TOLERANCE)
