"""The flavor contract: parity comparison, manifests and the registry of formats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from modelyard.exporters import FLAVORS, ExporterError, Manifest
from modelyard.exporters.base import Predictions, compare


def _classified(labels: list[str], proba: list[list[float]]) -> Predictions:
    return Predictions(labels=labels, values=np.array(proba))


def test_every_format_is_registered() -> None:
    assert sorted(FLAVORS) == ["docker", "onnx", "pmml", "python"]
    assert all(flavor.name == name for name, flavor in FLAVORS.items())


def test_labels_may_differ_only_on_a_tie() -> None:
    expected = _classified(["a", "a"], [[0.5, 0.5], [0.9, 0.1]])
    tie_broken_otherwise = _classified(["b", "a"], [[0.5, 0.5], [0.9, 0.1]])
    wrong = _classified(["a", "b"], [[0.5, 0.5], [0.9, 0.1]])

    assert compare("x", expected, tie_broken_otherwise, 1e-6).passed
    report = compare("x", expected, wrong, 1e-6)
    assert not report.labels_equal
    assert not report.passed


def test_differences_beyond_the_tolerance_fail() -> None:
    expected = Predictions(labels=None, values=np.array([[1.0], [2.0]]))
    close = Predictions(labels=None, values=np.array([[1.0 + 5e-7], [2.0]]))
    far = Predictions(labels=None, values=np.array([[1.0], [2.0 + 2e-6]]))
    broken = Predictions(labels=None, values=np.array([[np.nan], [2.0]]))

    assert compare("x", expected, close, 1e-6).passed
    assert compare("x", expected, far, 1e-6).max_abs_diff == pytest.approx(2e-6)
    assert not compare("x", expected, far, 1e-6).passed
    assert not compare("x", expected, broken, 1e-6).passed


def test_a_shape_mismatch_is_an_error() -> None:
    expected = Predictions(labels=None, values=np.zeros((2, 1)))

    with pytest.raises(ExporterError, match="shape"):
        compare("x", expected, Predictions(labels=None, values=np.zeros((3, 1))), 1e-6)


def test_manifest_round_trip(tmp_path: Path) -> None:
    manifest = Manifest(format="onnx", files=["model.onnx"], metadata={"classes": ["a", "b"]})

    manifest.write(tmp_path)

    assert Manifest.read(tmp_path) == manifest
    assert manifest.to_dict()["files"] == ["model.onnx"]
