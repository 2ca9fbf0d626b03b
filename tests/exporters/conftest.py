"""Model artifacts for every algorithm family and task, fitted quickly on the engine's mixed frame.

Each case is what the platform hands an exporter: the skops model, the ONNX graph the training job
wrote, the signature and the classes, plus the raw held-out rows (target dropped) to verify on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from modelyard import __version__, engine
from modelyard.engine import EnsembleClassifier, EnsembleRegressor
from modelyard.engine.data import prepare_training_data
from modelyard.engine.learners import LEARNERS
from modelyard.engine.metrics import Task
from modelyard.engine.portfolio import default_portfolio
from modelyard.engine.result import library_versions
from modelyard.engine.validation import TrainingData, fit_pipeline
from modelyard.exporters import ModelArtifacts
from tests.engine.conftest import mixed_frame

FAMILIES = (*LEARNERS, "ensemble")
TASKS = tuple(task.value for task in Task)
SMALL = {"n_estimators": 30}
TRAIN_SHARE = 0.75


@dataclass(frozen=True)
class Case:
    artifacts: ModelArtifacts
    held_out: pd.DataFrame
    family: str


def _training(frame: pd.DataFrame) -> tuple[TrainingData, pd.DataFrame]:
    cut = int(len(frame) * TRAIN_SHARE)
    data = prepare_training_data(
        frame.iloc[:cut], "target", task="auto", metric="auto", excluded=()
    )
    return data, frame.iloc[cut:].drop(columns=["target"])


def _fit(data: TrainingData, learner: str, trees: int = SMALL["n_estimators"]) -> Any:
    config = next(c for c in default_portfolio(data.task) if c.learner == learner)
    rows = np.arange(data.n_rows)
    pipeline, _ = fit_pipeline(
        data,
        LEARNERS[learner],
        dict(config.params) | {"n_estimators": trees},
        rows,
        seed=0,
        n_jobs=1,
        deadline=time.monotonic() + 60,
    )
    return pipeline


def _ensemble(data: TrainingData, members: list[Any]) -> Any:
    """A nested ensemble like the engine's (a fold bag inside a weighted blend)."""
    if data.task.is_classification:
        bag = EnsembleClassifier(members[:2], [0.5, 0.5]).fit(None)
        return EnsembleClassifier([bag, *members[2:]], [0.4, 0.3, 0.2, 0.1], 0.7).fit(None)
    bag = EnsembleRegressor(members[:2], [0.5, 0.5]).fit(None)
    return EnsembleRegressor([bag, *members[2:]], [0.4, 0.3, 0.2, 0.1]).fit(None)


def make_case(
    task: str, family: str, frame: pd.DataFrame | None = None, trees: int = SMALL["n_estimators"]
) -> Case:
    data, held_out = _training(frame if frame is not None else mixed_frame(Task(task)))
    if family == "ensemble":
        model = _ensemble(data, [_fit(data, name, trees) for name in LEARNERS])
    else:
        model = _fit(data, family, trees)
    artifacts = ModelArtifacts(
        model_version_id=f"mv_{task}_{family}",
        model_name=f"{family} {task}",
        task=data.task.value,
        target="target",
        classes=[str(label) for label in data.classes],
        signature=data.signature.to_dict(),
        onnx=engine.to_onnx(model, data.signature).SerializeToString(),
        model=engine.save_model(model),
        engine_version=__version__,
        library_versions=library_versions(),
    )
    return Case(artifacts=artifacts, held_out=held_out, family=family)


_CASES: dict[tuple[str, str], Case] = {}


def case_for(task: str, family: str) -> Case:
    """Every (task, family) case is fitted once per test session, on first use."""
    key = (task, family)
    if key not in _CASES:
        _CASES[key] = make_case(task, family)
    return _CASES[key]
