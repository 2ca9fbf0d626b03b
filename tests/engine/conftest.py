"""Shared data for engine tests: small mixed frames and the public datasets in ../shared."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from modelyard.engine.metrics import Task

DATASETS = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"


def mixed_frame(task: Task, rows: int = 240, seed: int = 0) -> pd.DataFrame:
    """Numbers, few- and many-level text, booleans and dates, with missing values everywhere."""
    rng = np.random.default_rng(seed)
    colour = rng.choice(["red", "green", "blue"], rows)
    city = rng.choice([f"city_{i}" for i in range(25)], rows)
    size = rng.normal(10.0, 3.0, rows)
    weight = rng.gamma(2.0, 2.0, rows)
    signal = size / 3 + (colour == "red") * 1.5 + np.char.endswith(city.astype(str), "7") * 2.0
    signal = signal + rng.normal(0.0, 0.7, rows)
    frame = pd.DataFrame(
        {
            "size": size,
            "weight": weight,
            "colour": colour,
            "city": city,
            "member": rng.random(rows) > 0.5,
            "joined": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, rows), "D"),
        }
    )
    for column, share in (("size", 0.1), ("weight", 0.05), ("colour", 0.1), ("city", 0.05)):
        frame.loc[rng.random(rows) < share, column] = None
    frame["target"] = _target(task, signal)
    return frame


def _target(task: Task, signal: np.ndarray) -> np.ndarray:
    if task is Task.REGRESSION:
        return signal * 100.0
    if task is Task.BINARY:
        return np.where(signal > np.median(signal), "yes", "no")
    edges = np.quantile(signal, [0.33, 0.66])
    return np.array(["low", "mid", "high"])[np.digitize(signal, edges)]


def shared_dataset(name: str) -> pd.DataFrame:
    path = DATASETS / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return pd.read_csv(path)


@pytest.fixture(scope="session")
def binary_frame() -> pd.DataFrame:
    return mixed_frame(Task.BINARY)


@pytest.fixture(scope="session")
def multiclass_frame() -> pd.DataFrame:
    return mixed_frame(Task.MULTICLASS)


@pytest.fixture(scope="session")
def regression_frame() -> pd.DataFrame:
    return mixed_frame(Task.REGRESSION)
