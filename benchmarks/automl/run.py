"""Modelyard's AutoML engine against FLAML on the public suite, same budget, same split.

    uv sync --group bench
    uv run python benchmarks/automl/run.py [MANIFEST.csv] --budget 60 [--datasets titanic,wage]

Each dataset is split 75/25 (random_state=0, stratified for classification); both systems see only
the 75% and are scored on the 25%: ROC AUC (binary), minus log loss (multiclass), R2 (regression),
so higher is always better. Ranks are per dataset, ties (within 0.002) count half. A dataset where
Modelyard trails by more than 2% of the metric's range (1 for AUC and R2, ln(classes) for log loss)
is flagged. Results go to stdout as a table and to benchmarks/results/ as CSV.
"""

from __future__ import annotations

import argparse
import csv
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split

from modelyard.engine import search

REPO = Path(__file__).resolve().parents[2]
DEFAULT_MANIFEST = REPO.parent / "shared" / "datasets" / "MANIFEST.csv"
RESULTS = REPO / "benchmarks" / "results"
TIE = 0.002
ALLOWED_GAP = 0.02
ENGINE_METRIC = {"binary": "roc_auc", "multiclass": "log_loss", "regression": "r2"}


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str
    target: str
    path: Path


@dataclass(frozen=True)
class Split:
    train: pd.DataFrame
    test_features: pd.DataFrame
    test_target: pd.Series


# A system fits on the training frame and returns test predictions: P(class) columns in the order
# of the returned labels, or values.
Predictions = tuple[np.ndarray, list[object]]
System = Callable[[Dataset, Split, float], Predictions]


def read_manifest(path: Path) -> list[Dataset]:
    rows = list(csv.DictReader(path.open()))
    return [Dataset(r["name"], r["task"], r["target"], path.parent / r["file"]) for r in rows]


def split(dataset: Dataset) -> Split:
    frame = pd.read_csv(dataset.path)
    stratify = frame[dataset.target] if dataset.task != "regression" else None
    train, test = train_test_split(frame, test_size=0.25, random_state=0, stratify=stratify)
    return Split(
        train.reset_index(drop=True),
        test.drop(columns=[dataset.target]).reset_index(drop=True),
        test[dataset.target].reset_index(drop=True),
    )


def run_modelyard(dataset: Dataset, data: Split, budget: float) -> Predictions:
    result = search(
        data.train, dataset.target, metric=ENGINE_METRIC[dataset.task], time_budget_s=budget, seed=0
    )
    if dataset.task == "regression":
        return result.predict(data.test_features), []
    return result.predict_proba(data.test_features), list(result.classes)


def run_flaml(dataset: Dataset, data: Split, budget: float) -> Predictions:
    from flaml import AutoML

    automl = AutoML()
    features = data.train.drop(columns=[dataset.target])
    task = "regression" if dataset.task == "regression" else "classification"
    metric = {"binary": "roc_auc", "multiclass": "log_loss", "regression": "r2"}[dataset.task]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        automl.fit(
            features,
            data.train[dataset.target],
            task=task,
            metric=metric,
            time_budget=budget,
            seed=0,
            verbose=0,
        )
        if dataset.task == "regression":
            return np.asarray(automl.predict(data.test_features)), []
        return np.asarray(automl.predict_proba(data.test_features)), list(automl.classes_)


SYSTEMS: dict[str, System] = {"modelyard": run_modelyard, "flaml": run_flaml}


def score(dataset: Dataset, truth: pd.Series, predictions: Predictions) -> float:
    values, labels = predictions
    if dataset.task == "regression":
        return float(r2_score(truth, values))
    if dataset.task == "binary":
        positive = labels[1]
        return float(roc_auc_score(truth == positive, values[:, 1]))
    return -float(log_loss(truth, values, labels=labels))


def metric_range(dataset: Dataset, truth: pd.Series) -> float:
    return math.log(truth.nunique()) if dataset.task == "multiclass" else 1.0


def ranks(scores: dict[str, float]) -> dict[str, float]:
    """1 is best; systems within TIE of each other share the rank (ties count half each)."""
    result = {}
    for name, value in scores.items():
        better = sum(1 for other in scores.values() if other > value + TIE)
        tied = sum(1 for other in scores.values() if abs(other - value) <= TIE) - 1
        result[name] = 1 + better + tied / 2
    return result


def run(manifest: Path, budget: float, only: set[str] | None, systems: list[str]) -> list[dict]:
    rows = []
    for dataset in read_manifest(manifest):
        if only and dataset.name not in only:
            continue
        data = split(dataset)
        row: dict = {"dataset": dataset.name, "task": dataset.task}
        for name in systems:
            started = time.monotonic()
            predictions = SYSTEMS[name](dataset, data, budget)
            row[f"{name}_seconds"] = round(time.monotonic() - started, 1)
            row[name] = score(dataset, data.test_target, predictions)
        row.update({f"{n}_rank": r for n, r in ranks({n: row[n] for n in systems}).items()})
        row["range"] = metric_range(dataset, data.test_target)
        print(_line(row, systems), flush=True)
        rows.append(row)
    return rows


def _line(row: dict, systems: list[str]) -> str:
    cells = [row["dataset"]] + [f"{row[n]:.4f} ({row[f'{n}_seconds']}s)" for n in systems]
    return "| " + " | ".join(cells) + " |"


def summarise(rows: list[dict], systems: list[str]) -> None:
    print()
    print("| dataset | " + " | ".join(systems) + " |")
    print("| --- | " + " | ".join("---" for _ in systems) + " |")
    for row in rows:
        print(_line(row, systems))
    means = {n: np.mean([row[f"{n}_rank"] for row in rows]) for n in systems}
    print("| **mean rank** | " + " | ".join(f"**{means[n]:.2f}**" for n in systems) + " |")
    if "modelyard" in systems and "flaml" in systems:
        for row in rows:
            gap = (row["flaml"] - row["modelyard"]) / row["range"]
            if gap > ALLOWED_GAP:
                print(f"LOSS over {ALLOWED_GAP:.0%} of range: {row['dataset']} ({gap:.1%})")


def write_csv(rows: list[dict], budget: float) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"automl-{int(budget)}s-{stamp}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", nargs="?", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--datasets", help="comma-separated names (default: all)")
    parser.add_argument("--systems", default="modelyard,flaml")
    args = parser.parse_args()
    only = set(args.datasets.split(",")) if args.datasets else None
    systems = args.systems.split(",")
    rows = run(args.manifest, args.budget, only, systems)
    summarise(rows, systems)
    print(f"\nCSV: {write_csv(rows, args.budget)}")


if __name__ == "__main__":
    main()
