"""The Python package installs into a fresh virtual environment and scores like the registry model."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from modelyard.exporters import FLAVORS, archive
from modelyard.exporters.base import ExporterError, compare, reference_predictions
from modelyard.exporters.python_package import score_csv
from tests.exporters.conftest import FAMILIES, TASKS, case_for

FLAVOR = FLAVORS["python"]
PACKAGE_FILES = {
    "model.onnx",
    "signature.json",
    "metadata.json",
    "scorer.py",
    "predict.py",
    "server.py",
    "requirements.txt",
    "README.md",
    "example_input.csv",
}


def _uv() -> str | None:
    found = shutil.which("uv")
    home = Path.home() / ".local" / "bin" / "uv"
    return found or (str(home) if home.exists() else None)


@pytest.fixture(scope="session")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A new virtual environment with only the package's requirements.txt installed."""
    case = case_for("binary", "linear")
    package = tmp_path_factory.mktemp("requirements")
    FLAVOR.export(case.artifacts, package)
    venv = tmp_path_factory.mktemp("venv") / "env"
    python = venv / "bin" / "python"
    uv = _uv()
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    requirements = str(package / "requirements.txt")
    if uv is not None:
        commands = [
            [uv, "venv", str(venv), "--python", sys.executable, "--quiet"],
            [uv, "pip", "install", "--python", str(python), "--quiet", "-r", requirements],
        ]
    else:
        commands = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", "-r", requirements],
        ]
    for command in commands:
        subprocess.run(command, check=True, env=env, timeout=600)
    probe = subprocess.run(
        [str(python), "-c", "import modelyard"], capture_output=True, env=env, check=False
    )
    assert probe.returncode != 0, "the fresh environment must not have modelyard"
    return str(python)


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("family", FAMILIES)
def test_package_scores_like_the_registry_model_in_a_fresh_venv(
    task: str, family: str, fresh_python: str, tmp_path: Path
) -> None:
    case = case_for(task, family)
    manifest = FLAVOR.export(case.artifacts, tmp_path)

    actual = score_csv(fresh_python, tmp_path, case.held_out, case.artifacts.classes)
    report = compare("python", reference_predictions(case.artifacts, case.held_out), actual, 1e-4)

    assert set(manifest.files) == PACKAGE_FILES
    assert report.rows == len(case.held_out)
    assert report.labels_equal
    assert report.max_abs_diff <= 1e-4, report


def test_verify_runs_predict_py_in_another_interpreter(tmp_path: Path) -> None:
    case = case_for("multiclass", "random_forest")
    FLAVOR.export(case.artifacts, tmp_path)

    report = FLAVOR.verify(case.artifacts, tmp_path, case.held_out)

    assert report.passed, report
    assert report.format == "python"


def test_shipped_code_never_imports_modelyard(tmp_path: Path) -> None:
    FLAVOR.export(case_for("binary", "linear").artifacts, tmp_path)

    for script in tmp_path.glob("*.py"):
        tree = ast.parse(script.read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert "modelyard" not in imported, script.name
        assert imported <= set(sys.stdlib_module_names) | {"numpy", "onnxruntime", "scorer", ""}


def test_requirements_are_pinned(tmp_path: Path) -> None:
    FLAVOR.export(case_for("binary", "linear").artifacts, tmp_path)

    lines = (tmp_path / "requirements.txt").read_text().split()

    assert [line.split("==")[0] for line in lines] == ["numpy", "onnxruntime"]
    assert all("==" in line and line.split("==")[1] for line in lines)


def test_example_input_scores(tmp_path: Path) -> None:
    FLAVOR.export(case_for("regression", "lightgbm").artifacts, tmp_path)

    done = subprocess.run(
        [sys.executable, "predict.py", "example_input.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )

    header, value = done.stdout.split()
    assert header == "prediction"
    assert float(value) == float(value)  # a number, not NaN
    assert "scored 1 rows" in done.stderr


def test_missing_columns_are_a_clear_cli_error(tmp_path: Path) -> None:
    FLAVOR.export(case_for("binary", "linear").artifacts, tmp_path)
    (tmp_path / "bad.csv").write_text("size,weight\n1.0,2.0\n")

    done = subprocess.run(
        [sys.executable, "predict.py", "bad.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert "Missing input columns: city, colour, joined, member." in done.stderr


def test_a_broken_package_fails_verification(tmp_path: Path) -> None:
    case = case_for("binary", "linear")
    FLAVOR.export(case.artifacts, tmp_path)
    (tmp_path / "model.onnx").write_bytes(b"garbage")

    with pytest.raises(ExporterError, match=r"predict\.py failed"):
        FLAVOR.verify(case.artifacts, tmp_path, case.held_out)


def test_the_package_zips_with_relative_paths(tmp_path: Path) -> None:
    package = tmp_path / "package"
    FLAVOR.export(case_for("binary", "linear").artifacts, package)

    bundle = archive(package, tmp_path / "package.zip")

    with zipfile.ZipFile(bundle) as opened:
        assert set(opened.namelist()) == PACKAGE_FILES | {"manifest.json"}
