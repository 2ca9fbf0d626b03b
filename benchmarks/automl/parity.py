"""ONNX parity of every algorithm family and the ensemble on the public suite's held-out rows.

    uv run python benchmarks/automl/parity.py [MANIFEST.csv] [--datasets titanic,wage] [--rows 5000]

Fits each family's default portfolio configuration on the 75% split (capped at --rows rows),
converts it with ``engine.to_onnx`` and prints the max |ONNX - Python| on the 25% split:
probabilities for classifiers, values for regressors (absolute, whatever the target's scale).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from modelyard.engine import EnsembleClassifier, EnsembleRegressor, check_parity
from modelyard.engine.data import prepare_training_data
from modelyard.engine.learners import LEARNERS
from modelyard.engine.portfolio import default_portfolio
from modelyard.engine.validation import fit_pipeline

DEFAULT_MANIFEST = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "MANIFEST.csv"


def _fit_family(data: Any, learner: str) -> Any:
    config = next(c for c in default_portfolio(data.task) if c.learner == learner)
    params = config.params | {"n_estimators": 200}
    rows = np.arange(data.n_rows)
    deadline = time.monotonic() + 120
    pipeline, _ = fit_pipeline(
        data, LEARNERS[learner], params, rows, seed=0, n_jobs=1, deadline=deadline
    )
    return pipeline


def parity_row(name: str, task: str, target: str, path: Path, max_rows: int) -> dict[str, Any]:
    frame = pd.read_csv(path)
    stratify = frame[target] if task != "regression" else None
    train, test = train_test_split(frame, test_size=0.25, random_state=0, stratify=stratify)
    train = train.head(max_rows)
    data = prepare_training_data(train, target, task=task, metric="auto", excluded=())
    held_out = test.drop(columns=[target])
    members = [_fit_family(data, learner) for learner in LEARNERS]
    ensemble_type = EnsembleClassifier if data.task.is_classification else EnsembleRegressor
    ensemble = ensemble_type(members, [1 / len(members)] * len(members)).fit(None)
    row: dict[str, Any] = {"dataset": name, "rows": len(held_out)}
    for learner, model in [*zip(LEARNERS, members, strict=True), ("ensemble", ensemble)]:
        report = check_parity(model, data.signature, held_out)
        row[learner] = report.max_abs_diff
        assert report.passed, (name, learner, report)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", nargs="?", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--datasets")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    only = set(args.datasets.split(",")) if args.datasets else None
    manifest = pd.read_csv(args.manifest)
    columns = ["dataset", "rows", *LEARNERS, "ensemble"]
    print("| " + " | ".join(columns) + " |")
    print("| " + " | ".join("---" for _ in columns) + " |")
    for item in manifest.itertuples():
        if only and item.name not in only:
            continue
        path = args.manifest.parent / str(item.file)
        row = parity_row(str(item.name), str(item.task), str(item.target), path, args.rows)
        cells = [str(row["dataset"]), str(row["rows"])]
        cells += [f"{row[c]:.1e}" for c in columns[2:]]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
