"""A self-contained Python package: the ONNX model, a scorer with its own input preparation, a CSV
CLI and a minimal HTTP app. It needs numpy and onnxruntime (pinned in requirements.txt), not
Modelyard.

    model.onnx  signature.json  metadata.json  scorer.py  predict.py  server.py
    requirements.txt  README.md  example_input.csv  manifest.json
"""

from __future__ import annotations

import csv
import json
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

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
from modelyard.exporters.onnx import example_row, with_metadata

STANDALONE = Path(__file__).resolve().parent / "standalone"
TOLERANCE = 1e-4
REQUIREMENTS = ("numpy", "onnxruntime")
SCORE_TIMEOUT_S = 300

PREDICT_PY = '''"""Score a CSV file: python predict.py rows.csv -o predictions.csv (README.md)."""

import sys

from scorer import main_predict

sys.exit(main_predict())
'''

SERVER_PY = '''"""Serve the model: python server.py [--host HOST] [--port PORT] (README.md)."""

import sys

from scorer import main_serve

sys.exit(main_serve())
'''

README = """# {name}: scoring package

Model version `{version}` ({task}, target `{target}`), exported by Modelyard {engine}.
Everything needed to score is in this directory; it does not need Modelyard.

## Install

    python -m venv .venv && . .venv/bin/activate    # Python {python}
    pip install -r requirements.txt

## Score a CSV file

    python predict.py example_input.csv -o predictions.csv

The input needs these columns (others are ignored): {columns}.
Missing values may be empty cells. The output has one row per input row: `prediction`{proba}.

## Serve over HTTP

    python server.py --port 8080       # or HOST / PORT environment variables
    curl localhost:8080/health
    curl -X POST localhost:8080/predict -H 'content-type: application/json' \\
         -d '{{"rows": [{example}]}}'

`/predict` answers `{{"predictions": [{{"prediction": ...{proba_json}}}]}}`; rows that do not
fit the schema answer 422 with an error message.

## From Python

    from scorer import Scorer
    Scorer().predict([{python_example}])

## Files

- `model.onnx`: the model (ONNX, runs on ONNX Runtime); its metadata holds the input schema.
- `signature.json`: the input columns (kind, seen categories, the model inputs they become).
- `metadata.json`: model version, classes, engine and library versions.
- `scorer.py`: input preparation and scoring; `predict.py` and `server.py` call it.
"""


def requirements() -> str:
    """The scorer's dependencies pinned to the versions this export was verified with."""
    return "".join(f"{name}=={metadata.version(name)}\n" for name in REQUIREMENTS)


def write_package(artifacts: ModelArtifacts, destination: Path) -> list[str]:
    """Write the scoring package's files; returns their relative paths."""
    destination.mkdir(parents=True, exist_ok=True)
    files = {
        "model.onnx": with_metadata(artifacts).SerializeToString(),
        "signature.json": _json(artifacts.signature),
        "metadata.json": _json(common_metadata(artifacts)),
        "scorer.py": (STANDALONE / "scorer.py").read_bytes(),
        "predict.py": PREDICT_PY.encode(),
        "server.py": SERVER_PY.encode(),
        "requirements.txt": requirements().encode(),
        "README.md": _readme(artifacts).encode(),
        "example_input.csv": _example_csv(artifacts).encode(),
    }
    for name, content in files.items():
        (destination / name).write_bytes(content)
    return list(files)


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()


def _example_csv(artifacts: ModelArtifacts) -> str:
    row = example_row(artifacts.input_signature)
    frame = pd.DataFrame([row])
    return str(frame.to_csv(index=False))


def _readme(artifacts: ModelArtifacts) -> str:
    row = example_row(artifacts.input_signature)
    proba = ", then `probability_<class>` for each class" if artifacts.is_classifier else ""
    return README.format(
        name=artifacts.model_name,
        version=artifacts.model_version_id,
        task=artifacts.task,
        target=artifacts.target,
        engine=artifacts.engine_version,
        python=".".join(platform.python_version_tuple()[:2]),
        columns=", ".join(f"`{c['name']}`" for c in artifacts.signature["columns"]),
        proba=proba,
        proba_json=', "probabilities": {...}' if artifacts.is_classifier else "",
        example=json.dumps(row),
        python_example=repr(row),
    )


def score_csv(python: str, directory: Path, rows: pd.DataFrame, classes: list[str]) -> Predictions:
    """Run ``predict.py`` with the given interpreter on rows written as CSV; read its CSV back."""
    with tempfile.TemporaryDirectory() as scratch:
        source, target = Path(scratch) / "rows.csv", Path(scratch) / "scored.csv"
        rows.to_csv(source, index=False)
        done = subprocess.run(  # noqa: S603 - our own script, no shell
            [python, str(directory / "predict.py"), str(source), "-o", str(target)],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=SCORE_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0:
            raise ExporterError(f"predict.py failed ({done.returncode}): {done.stderr[-2000:]}")
        with target.open(newline="") as stream:
            scored = list(csv.DictReader(stream))
    return parse_scored(scored, classes)


def parse_scored(scored: list[dict[str, str]], classes: list[str]) -> Predictions:
    if not classes:
        values = np.array([[float(row["prediction"])] for row in scored], dtype=np.float64)
        return Predictions(labels=None, values=values.reshape(-1, 1))
    proba = [[float(row[f"probability_{label}"]) for label in classes] for row in scored]
    return Predictions(
        labels=[row["prediction"] for row in scored],
        values=np.array(proba, dtype=np.float64).reshape(-1, len(classes)),
    )


class PythonPackageFlavor:
    name = "python"

    def availability(self, artifacts: ModelArtifacts) -> Availability:
        if not artifacts.onnx:
            return Availability(False, "The package scores with the ONNX model, and none exists.")
        return Availability(True)

    def export(self, artifacts: ModelArtifacts, destination: Path) -> Manifest:
        files = write_package(artifacts, destination)
        manifest = Manifest(
            format=self.name,
            files=files,
            metadata=common_metadata(artifacts)
            | {"requirements": requirements().split(), "entrypoints": ["predict.py", "server.py"]},
        )
        manifest.write(destination)
        return manifest

    def verify(
        self, artifacts: ModelArtifacts, destination: Path, rows: pd.DataFrame
    ) -> ParityReport:
        """Score the rows through ``predict.py`` (CSV in, CSV out) in a separate interpreter."""
        expected = reference_predictions(artifacts, rows)
        actual = score_csv(sys.executable, destination, rows, artifacts.classes)
        return compare(self.name, expected, actual, TOLERANCE)
