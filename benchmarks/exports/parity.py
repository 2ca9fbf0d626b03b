"""Parity of every export format, per algorithm family and the ensemble, on the public suite.

    uv run python benchmarks/exports/parity.py [MANIFEST.csv] [--datasets titanic,diamonds] [--rows 2000]

Fits each family's default portfolio configuration (200 trees) on the 75% split (capped at --rows
rows), builds what the platform hands an exporter, exports to every format and prints the max
absolute difference from the Python model on the 25% split (probabilities for classifiers, values
for regressors), format by format. ONNX runs under ONNX Runtime, PMML under JPMML-Evaluator, the
Python package through its predict.py (CSV in and out), the Docker context through its server.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from modelyard import __version__, engine
from modelyard.engine import EnsembleClassifier, EnsembleRegressor
from modelyard.engine.data import prepare_training_data
from modelyard.engine.learners import LEARNERS
from modelyard.engine.portfolio import default_portfolio
from modelyard.engine.result import library_versions
from modelyard.engine.validation import fit_pipeline
from modelyard.exporters import FLAVORS, ModelArtifacts

DEFAULT_MANIFEST = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "MANIFEST.csv"
FORMATS = ("onnx", "pmml", "python", "docker")


def _fit_family(data: Any, learner: str) -> Any:
    config = next(c for c in default_portfolio(data.task) if c.learner == learner)
    params = config.params | {"n_estimators": 200}
    rows = np.arange(data.n_rows)
    deadline = time.monotonic() + 120
    pipeline, _ = fit_pipeline(
        data, LEARNERS[learner], params, rows, seed=0, n_jobs=1, deadline=deadline
    )
    return pipeline


def _artifacts(name: str, target: str, data: Any, model: Any) -> ModelArtifacts:
    return ModelArtifacts(
        model_version_id=f"bench_{name}",
        model_name=name,
        task=data.task.value,
        target=target,
        classes=[str(label) for label in data.classes],
        signature=data.signature.to_dict(),
        onnx=engine.to_onnx(model, data.signature).SerializeToString(),
        model=engine.save_model(model),
        engine_version=__version__,
        library_versions=library_versions(),
    )


def dataset_rows(name: str, task: str, target: str, path: Path, max_rows: int) -> list[list[str]]:
    frame = pd.read_csv(path)
    stratify = frame[target] if task != "regression" else None
    train, test = train_test_split(frame, test_size=0.25, random_state=0, stratify=stratify)
    data = prepare_training_data(
        train.head(max_rows), target, task=task, metric="auto", excluded=()
    )
    held_out = test.head(max_rows).drop(columns=[target])
    members = [_fit_family(data, learner) for learner in LEARNERS]
    ensemble_type = EnsembleClassifier if data.task.is_classification else EnsembleRegressor
    ensemble = ensemble_type(members, [1 / len(members)] * len(members)).fit(None)
    table = []
    for family, model in [*zip(LEARNERS, members, strict=True), ("ensemble", ensemble)]:
        artifacts = _artifacts(f"{name}_{family}", target, data, model)
        cells = [name, family, str(len(held_out))]
        for format_name in FORMATS:
            flavor = FLAVORS[format_name]
            if not flavor.availability(artifacts).available:
                cells.append("n/a")
                continue
            with tempfile.TemporaryDirectory() as scratch:
                flavor.export(artifacts, Path(scratch))
                report = flavor.verify(artifacts, Path(scratch), held_out)
            mark = "" if report.passed else " FAIL"
            cells.append(f"{report.max_abs_diff:.1e}{mark}")
        table.append(cells)
        print("| " + " | ".join(cells) + " |", flush=True)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("manifest", nargs="?", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--datasets", default="titanic,penguins,diamonds,wage")
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    only = set(args.datasets.split(","))
    manifest = pd.read_csv(args.manifest)
    header = ["dataset", "family", "rows", *FORMATS]
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    failed = False
    for item in manifest.itertuples():
        if str(item.name) not in only:
            continue
        path = args.manifest.parent / str(item.file)
        table = dataset_rows(str(item.name), str(item.task), str(item.target), path, args.rows)
        failed = failed or any("FAIL" in cell for row in table for cell in row)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
