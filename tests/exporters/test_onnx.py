"""ONNX export: metadata, an example input, and parity under ONNX Runtime for every family."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from modelyard.exporters import FLAVORS, Manifest
from modelyard.exporters.base import ExporterError
from modelyard.exporters.onnx import EXAMPLE_FILE, MODEL_FILE
from tests.exporters.conftest import FAMILIES, TASKS, case_for

FLAVOR = FLAVORS["onnx"]


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_exports_with_parity(task: str, family: str, tmp_path: Path) -> None:
    case = case_for(task, family)

    assert FLAVOR.availability(case.artifacts).available
    manifest = FLAVOR.export(case.artifacts, tmp_path)
    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert set(manifest.files) == {MODEL_FILE, EXAMPLE_FILE}
    assert report.rows == len(case.held_out)
    assert report.labels_equal
    assert report.max_abs_diff <= 1e-4, report
    assert report.passed


def test_model_carries_its_metadata(tmp_path: Path) -> None:
    case = case_for("multiclass", "lightgbm")

    FLAVOR.export(case.artifacts, tmp_path)
    proto = onnx.load(str(tmp_path / MODEL_FILE))
    props = {entry.key: entry.value for entry in proto.metadata_props}

    assert props["modelyard.model_version_id"] == "mv_multiclass_lightgbm"
    assert json.loads(props["modelyard.classes"]) == ["high", "low", "mid"]
    assert json.loads(props["modelyard.input_schema"]) == case.artifacts.signature
    assert props["modelyard.engine_version"] == case.artifacts.engine_version
    assert proto.producer_name == "modelyard"


def test_example_input_feeds_the_model(tmp_path: Path) -> None:
    case = case_for("binary", "linear")
    FLAVOR.export(case.artifacts, tmp_path)
    example = json.loads((tmp_path / EXAMPLE_FILE).read_text())
    session = ort.InferenceSession(str(tmp_path / MODEL_FILE))
    text = {name for name in case.artifacts.input_signature.text_features}
    feeds = {
        name: np.array(values, dtype=object if name in text else np.float32)
        for name, values in example["onnx_inputs"].items()
    }

    label, proba = session.run(["label", "probabilities"], feeds)

    assert set(example["rows"][0]) == {c["name"] for c in case.artifacts.signature["columns"]}
    assert proba.shape == (1, 2)
    assert int(label[0]) in (0, 1)


def test_manifest_is_written_and_read_back(tmp_path: Path) -> None:
    case = case_for("regression", "xgboost")

    manifest = FLAVOR.export(case.artifacts, tmp_path)

    assert Manifest.read(tmp_path) == manifest
    assert manifest.metadata["outputs"] == ["variable"]
    assert manifest.metadata["task"] == "regression"


def test_a_corrupt_onnx_file_is_an_export_error(tmp_path: Path) -> None:
    case = case_for("binary", "linear")
    broken = dataclasses.replace(case.artifacts, onnx=b"not a model")

    with pytest.raises(ExporterError):
        FLAVOR.export(broken, tmp_path)


def test_a_tampered_graph_fails_parity(tmp_path: Path) -> None:
    case = case_for("regression", "linear")
    FLAVOR.export(case.artifacts, tmp_path)
    other = case_for("regression", "random_forest")
    (tmp_path / MODEL_FILE).write_bytes(other.artifacts.onnx)

    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert not report.passed
    assert report.max_abs_diff > 1e-4
