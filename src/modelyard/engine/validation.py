"""Validation that matches the data size, and evaluating one candidate on it.

Up to ``KFOLD_MAX_ROWS`` rows: stratified (classification) k-fold with out-of-fold predictions;
above: one stratified holdout. The caller's test data never reaches the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
from numpy.typing import NDArray
from skl2onnx.sklapi import CastTransformer
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.utils.class_weight import compute_sample_weight

from modelyard.engine.learners import FitReport, Learner, Params, threads_for
from modelyard.engine.metrics import FloatArray, Metric, Task
from modelyard.engine.preprocessing import build_preprocessor
from modelyard.engine.signature import InputSignature

KFOLD_MAX_ROWS = 20_000
FIVE_FOLD_MAX_ROWS = 10_000
HOLDOUT_SHARE = 0.2

Split = tuple[NDArray[np.int64], NDArray[np.int64]]


@dataclass(frozen=True)
class TrainingData:
    """The prepared features, the encoded target and what they mean."""

    features: pd.DataFrame
    target: NDArray[Any]
    task: Task
    metric: Metric
    signature: InputSignature
    classes: tuple[Any, ...]
    balance_classes: bool

    @property
    def n_rows(self) -> int:
        return len(self.features)

    def sample_weight(self, rows: NDArray[np.int64]) -> NDArray[np.float64] | None:
        if not self.balance_classes:
            return None
        return np.asarray(compute_sample_weight("balanced", self.target[rows]), dtype=np.float64)


@dataclass(frozen=True)
class ValidationPlan:
    splits: tuple[Split, ...]
    description: str

    @property
    def is_holdout(self) -> bool:
        return len(self.splits) == 1

    @property
    def fold_positions(self) -> tuple[NDArray[np.int64], ...]:
        """Each fold's rows as positions into ``validated_rows``."""
        if self.is_holdout:
            return (np.arange(len(self.splits[0][1])),)
        return tuple(held_out for _, held_out in self.splits)

    @property
    def validated_rows(self) -> NDArray[np.int64]:
        """Rows with an out-of-fold prediction, in row order (all rows under k-fold)."""
        return np.sort(np.concatenate([validation for _, validation in self.splits]))


@dataclass(frozen=True)
class FoldScorer:
    """Scores out-of-fold predictions fold by fold and averages, as each model meets new data.

    Pooling all folds into one AUC would also reward models whose scores happen to be on the
    same scale in every fold, which says nothing about the refitted model.
    """

    target: NDArray[Any]
    folds: tuple[NDArray[np.int64], ...]
    metric: Metric

    def utility(self, predictions: FloatArray) -> float:
        return float(
            np.mean([self.metric.utility(self.target[f], predictions[f]) for f in self.folds])
        )

    def score(self, predictions: FloatArray) -> float:
        return self.metric.to_utility(self.utility(predictions))


def plan_validation(target: NDArray[Any], task: Task, seed: int) -> ValidationPlan:
    rows = np.arange(len(target))
    stratify = target if task.is_classification else None
    if len(target) > KFOLD_MAX_ROWS:
        train, held_out = train_test_split(
            rows, test_size=HOLDOUT_SHARE, random_state=seed, stratify=stratify
        )
        return ValidationPlan(((np.sort(train), np.sort(held_out)),), "holdout 20%")
    folds = 5 if len(target) <= FIVE_FOLD_MAX_ROWS else 3
    if task.is_classification:
        smallest_class = int(np.bincount(target.astype(np.int64)).min())
        folds = max(2, min(folds, smallest_class))
        splitter: Any = StratifiedKFold(folds, shuffle=True, random_state=seed)
    else:
        splitter = KFold(folds, shuffle=True, random_state=seed)
    splits = tuple((train, held_out) for train, held_out in splitter.split(rows, stratify))
    return ValidationPlan(splits, f"{folds}-fold cross-validation")


@dataclass
class TrialOutcome:
    """One candidate's validation: predictions on validated rows and what they cost."""

    predictions: FloatArray
    fold_scores: list[float]
    fit_seconds: float
    predict_seconds: float
    iterations: list[int]
    fold_models: list[Pipeline] = field(default_factory=list)
    truncated: bool = False

    @property
    def mean_iterations(self) -> int:
        return max(1, round(float(np.mean(self.iterations))))


class TrialInterrupted(Exception):
    """The deadline or a stop request came between two folds; the trial is discarded."""


def assemble_pipeline(preprocessor: Any, learner_model: Any) -> Pipeline:
    cast = CastTransformer(dtype=np.float32)
    return Pipeline([("prepare", preprocessor), ("cast", cast), ("learn", learner_model)])


def fit_pipeline(
    data: TrainingData,
    learner: Learner,
    params: Params,
    rows: NDArray[np.int64],
    *,
    seed: int,
    n_jobs: int,
    deadline: float,
    validation_rows: NDArray[np.int64] | None = None,
) -> tuple[Pipeline, FitReport]:
    """Fit preprocessing and learner on ``rows``; early stopping watches ``validation_rows``."""
    preprocessor = build_preprocessor(data.signature, learner.style, data.task, seed)
    x_train = preprocessor.fit_transform(data.features.iloc[rows], data.target[rows])
    x_train = np.asarray(x_train, dtype=np.float32)
    validation = None
    if validation_rows is not None:
        x_valid = np.asarray(
            preprocessor.transform(data.features.iloc[validation_rows]), dtype=np.float32
        )
        validation = (x_valid, data.target[validation_rows])
    model = learner.build(params, data.task, seed, threads_for(learner.name, len(rows), n_jobs))
    report = learner.fit(
        model,
        x_train,
        data.target[rows],
        deadline=deadline,
        weight=data.sample_weight(rows),
        validation=validation,
    )
    pipeline = assemble_pipeline(preprocessor, model)
    pipeline.steps[1][1].fit(x_train)
    return pipeline, report


def predict_output(model: Any, features: pd.DataFrame, task: Task) -> FloatArray:
    if task.is_classification:
        return np.asarray(model.predict_proba(features), dtype=np.float64)
    return np.asarray(model.predict(features), dtype=np.float64)


def evaluate(
    data: TrainingData,
    plan: ValidationPlan,
    learner: Learner,
    params: Params,
    *,
    seed: int,
    n_jobs: int,
    deadline: float,
    should_stop: Callable[[], bool],
    must_finish: bool = False,
) -> TrialOutcome:
    """Cross-validate (or hold out) one configuration; raises TrialInterrupted between folds.

    With ``must_finish`` (the search has no model yet) only a stop request interrupts: past the
    deadline the remaining folds still run, with their learners cut to the minimum.
    """
    width = len(data.classes) if data.task.is_classification else 0
    shape: Sequence[int] = (data.n_rows, width) if width else (data.n_rows,)
    predictions = np.zeros(shape, dtype=np.float64)
    outcome = TrialOutcome(predictions, [], 0.0, 0.0, [])
    started = time.monotonic()
    for index, (train, held_out) in enumerate(plan.splits):
        if should_stop() or (time.monotonic() >= deadline and not must_finish):
            raise TrialInterrupted
        # Each fold gets its share of the trial's time, so a slow learner grows fewer trees in
        # every fold rather than running out of time before the last one.
        fold_deadline = started + (index + 1) * (deadline - started) / len(plan.splits)
        _run_fold(data, learner, params, train, held_out, outcome, seed, n_jobs, fold_deadline)
    validated = plan.validated_rows
    outcome.predictions = predictions[validated] if plan.is_holdout else predictions
    return outcome


def _run_fold(
    data: TrainingData,
    learner: Learner,
    params: Params,
    train: NDArray[np.int64],
    held_out: NDArray[np.int64],
    outcome: TrialOutcome,
    seed: int,
    n_jobs: int,
    deadline: float,
) -> None:
    started = time.monotonic()
    pipeline, report = fit_pipeline(
        data,
        learner,
        params,
        train,
        seed=seed,
        n_jobs=n_jobs,
        deadline=deadline,
        validation_rows=held_out,
    )
    fitted = time.monotonic()
    fold_prediction = predict_output(pipeline, data.features.iloc[held_out], data.task)
    outcome.predict_seconds += time.monotonic() - fitted
    outcome.fit_seconds += fitted - started
    outcome.predictions[held_out] = fold_prediction
    outcome.fold_scores.append(data.metric.score(data.target[held_out], fold_prediction))
    outcome.iterations.append(report.n_iterations)
    outcome.fold_models.append(pipeline)
    outcome.truncated = outcome.truncated or report.truncated
