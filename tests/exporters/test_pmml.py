"""PMML 4.4 for every family and the ensemble, proven by JPMML-Evaluator within 1e-6."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline

from modelyard import engine
from modelyard.exporters import FLAVORS, ExporterError
from modelyard.exporters.pmml import MODEL_FILE, PMML_NAMESPACE
from tests.engine.conftest import shared_dataset
from tests.exporters.conftest import FAMILIES, TASKS, case_for, make_case

FLAVOR = FLAVORS["pmml"]


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_exports_with_parity(task: str, family: str, tmp_path: Path) -> None:
    case = case_for(task, family)

    assert FLAVOR.availability(case.artifacts).available
    manifest = FLAVOR.export(case.artifacts, tmp_path)
    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert manifest.files == [MODEL_FILE]
    assert report.rows == len(case.held_out)
    assert report.labels_equal
    assert report.max_abs_diff <= 1e-6, report
    assert report.passed


def test_document_is_pmml_4_4_with_named_outputs(tmp_path: Path) -> None:
    case = case_for("multiclass", "lightgbm")
    FLAVOR.export(case.artifacts, tmp_path)

    root = ET.parse(tmp_path / MODEL_FILE).getroot()
    ns = {"p": PMML_NAMESPACE}
    outputs = [field.get("name") for field in root.findall("./*/p:Output/p:OutputField", ns)]
    inputs = [field.get("name") for field in root.findall("./p:DataDictionary/p:DataField", ns)]

    assert root.tag == f"{{{PMML_NAMESPACE}}}PMML"
    assert root.get("version") == "4.4"
    assert outputs == ["prediction", "probability_high", "probability_low", "probability_mid"]
    assert inputs == [*case.artifacts.input_signature.feature_names, "target"]


@pytest.mark.parametrize("family", ["linear", "lightgbm", "random_forest"])
def test_unseen_and_missing_categories_match(family: str, tmp_path: Path) -> None:
    case = case_for("binary", family)
    rows = case.held_out.copy()
    rows.loc[rows.index[:5], "city"] = "never_seen"
    rows.loc[rows.index[5:10], "colour"] = "purple"
    rows.loc[rows.index[10:15], ["colour", "city", "size"]] = None
    FLAVOR.export(case.artifacts, tmp_path)

    report = FLAVOR.verify(case.artifacts, tmp_path, rows)

    assert report.passed, report


def test_an_estimator_without_a_pmml_form_is_unavailable_with_a_reason(tmp_path: Path) -> None:
    case = case_for("regression", "linear")
    pipeline = case.artifacts.estimator
    prepared = engine.prepare_features(case.held_out, case.artifacts.input_signature)
    matrix = pipeline[:-1].transform(prepared)
    neighbours = KNeighborsRegressor(3).fit(matrix, pipeline.predict(prepared))
    other = Pipeline([*pipeline.steps[:-1], ("learn", neighbours)])
    artifacts = dataclasses.replace(case.artifacts, model=engine.save_model(other))

    availability = FLAVOR.availability(artifacts)

    assert not availability.available
    assert availability.reason is not None
    assert "KNeighborsRegressor" in availability.reason
    with pytest.raises(ExporterError, match="PMML cannot express"):
        FLAVOR.export(artifacts, tmp_path)


def test_a_changed_document_fails_parity(tmp_path: Path) -> None:
    case = case_for("regression", "linear")
    FLAVOR.export(case.artifacts, tmp_path)
    path = tmp_path / MODEL_FILE
    text = path.read_text()
    intercept = text.split('intercept="')[1].split('"')[0]
    path.write_text(
        text.replace(f'intercept="{intercept}"', f'intercept="{float(intercept) + 0.01}"')
    )

    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert not report.passed
    assert report.max_abs_diff == pytest.approx(0.01)


def test_an_invalid_document_is_an_export_error(tmp_path: Path) -> None:
    case = case_for("binary", "linear")
    FLAVOR.export(case.artifacts, tmp_path)
    (tmp_path / MODEL_FILE).write_text("<PMML>not really</PMML>")

    with pytest.raises(ExporterError, match="JPMML-Evaluator"):
        FLAVOR.verify(case.artifacts, tmp_path, case.held_out)


def test_boosted_trees_on_a_public_dataset(tmp_path: Path) -> None:
    """Penguins: XGBoost prunes nodes into leaves there (a leaf's value is its split condition)."""
    frame = shared_dataset("penguins").rename(columns={"species": "target"})
    frame = frame.sample(frac=1.0, random_state=0).reset_index(drop=True)
    case = make_case("multiclass", "xgboost", frame=frame, trees=200)
    booster = case.artifacts.estimator.steps[-1][1].get_booster()
    trees = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]["trees"]
    pruned = [
        i
        for tree in trees
        for i, left in enumerate(tree["left_children"])
        if left == -1 and tree["split_conditions"][i] != tree["base_weights"][i]
    ]
    FLAVOR.export(case.artifacts, tmp_path)

    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert report.passed, report
    assert pruned, "the case must hold leaves whose base weight is not their value"


def test_a_non_finite_number_is_refused_by_the_check_and_the_writer(tmp_path: Path) -> None:
    case = case_for("regression", "random_forest")
    pipeline = engine.load_model(case.artifacts.model)  # a copy: the case is shared
    tree = pipeline.steps[-1][1].estimators_[0].tree_
    leaf = int(np.flatnonzero(tree.children_left == -1)[0])
    tree.value[leaf, 0, 0] = float("nan")
    artifacts = dataclasses.replace(case.artifacts, model=engine.save_model(pipeline))

    availability = FLAVOR.availability(artifacts)

    assert not availability.available
    assert availability.reason is not None and "non-finite" in availability.reason
    with pytest.raises(ExporterError, match="non-finite"):
        FLAVOR.export(artifacts, tmp_path)
