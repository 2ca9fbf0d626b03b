"""The algorithm families: how to build each estimator, fit it within a deadline, and search it.

A learner is fitted on the preprocessed float32 matrix; gradient-boosted learners stop early on the
validation fold and stop adding trees when the deadline comes, forests grow in chunks of trees.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import xgboost as xgb
from numpy.typing import NDArray
from optuna import distributions as dist
from sklearn.base import BaseEstimator
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Ridge

from modelyard.engine.metrics import Task
from modelyard.engine.preprocessing import PreprocessingStyle

Params = Mapping[str, Any]
Matrix = NDArray[np.float32]
MAX_BOOSTING_ROUNDS = 3000
EARLY_STOPPING_ROUNDS = 50
FOREST_CHUNK = 50


@dataclass(frozen=True)
class FitReport:
    """What a fit used: boosting rounds (trees for forests) and whether the deadline cut it."""

    n_iterations: int
    truncated: bool


@dataclass(frozen=True)
class Learner:
    name: str
    style: PreprocessingStyle
    build: Callable[[Params, Task, int, int], BaseEstimator]
    fit: Callable[..., FitReport]
    space: Callable[[Task], dict[str, dist.BaseDistribution]]
    # Relative cost of a configuration, used to scale the observed seconds of earlier trials.
    cost_units: Callable[[Params], float]
    # Prior seconds per million (row x feature) cells per cost unit, before any trial ran.
    prior_seconds_per_cell: float
    # Cost of one unit relative to the default LightGBM configuration, for a first estimate.
    relative_cost: float


class _Deadline:
    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.hit = False

    def passed(self) -> bool:
        self.hit = self.hit or time.monotonic() >= self.deadline
        return self.hit


# --- LightGBM -----------------------------------------------------------------------------


def _build_lightgbm(params: Params, task: Task, seed: int, n_jobs: int) -> BaseEstimator:
    subsample = float(params.get("subsample", 1.0))
    common: dict[str, Any] = {
        "n_estimators": int(params.get("n_estimators", MAX_BOOSTING_ROUNDS)),
        "learning_rate": float(params["learning_rate"]),
        "num_leaves": int(params["num_leaves"]),
        "min_child_samples": int(params["min_child_samples"]),
        "colsample_bytree": float(params["colsample_bytree"]),
        "subsample": subsample,
        "subsample_freq": 1 if subsample < 1.0 else 0,
        "reg_lambda": float(params.get("reg_lambda", 0.0)),
        "extra_trees": bool(params.get("extra_trees", False)),
        "random_state": seed,
        "n_jobs": n_jobs,
        "verbose": -1,
        "deterministic": True,
        "force_row_wise": True,
    }
    if task is Task.REGRESSION:
        return lgb.LGBMRegressor(**common)
    return lgb.LGBMClassifier(**common)


def _fit_lightgbm(
    model: Any,
    x: Matrix,
    y: NDArray[Any],
    *,
    deadline: float,
    weight: NDArray[np.float64] | None = None,
    validation: tuple[Matrix, NDArray[Any]] | None = None,
) -> FitReport:
    clock = _Deadline(deadline)

    def stop_at_deadline(env: Any) -> None:
        if clock.passed():
            raise lgb.callback.EarlyStopException(env.iteration, env.evaluation_result_list)

    callbacks: list[Callable[..., None]] = [stop_at_deadline]
    fit_args: dict[str, Any] = {"sample_weight": weight}
    if validation is not None:
        callbacks.append(lgb.early_stopping(EARLY_STOPPING_ROUNDS, verbose=False))
        fit_args["eval_X"], fit_args["eval_y"] = validation
    model.fit(x, y, callbacks=callbacks, **fit_args)
    best = int(model.best_iteration_ or 0)
    rounds = best if best > 0 else int(model.booster_.current_iteration())
    return FitReport(n_iterations=rounds, truncated=clock.hit)


def _lightgbm_space(task: Task) -> dict[str, dist.BaseDistribution]:
    return {
        "learning_rate": dist.FloatDistribution(0.01, 0.2, log=True),
        "num_leaves": dist.IntDistribution(4, 256, log=True),
        "min_child_samples": dist.IntDistribution(2, 100, log=True),
        "colsample_bytree": dist.FloatDistribution(0.3, 1.0),
        "subsample": dist.FloatDistribution(0.5, 1.0),
        "reg_lambda": dist.FloatDistribution(1e-3, 10.0, log=True),
    }


# --- XGBoost ------------------------------------------------------------------------------


class _XGBoostDeadline(xgb.callback.TrainingCallback):
    def __init__(self, clock: _Deadline) -> None:
        super().__init__()
        self.clock = clock

    def after_iteration(self, model: Any, epoch: int, evals_log: Any) -> bool:
        return self.clock.passed()


def _build_xgboost(params: Params, task: Task, seed: int, n_jobs: int) -> BaseEstimator:
    common: dict[str, Any] = {
        "n_estimators": int(params.get("n_estimators", MAX_BOOSTING_ROUNDS)),
        "learning_rate": float(params["learning_rate"]),
        "max_depth": int(params["max_depth"]),
        "min_child_weight": float(params["min_child_weight"]),
        "subsample": float(params["subsample"]),
        "colsample_bytree": float(params["colsample_bytree"]),
        "reg_lambda": float(params.get("reg_lambda", 1.0)),
        "tree_method": "hist",
        "random_state": seed,
        "n_jobs": n_jobs,
        "verbosity": 0,
    }
    if task is Task.REGRESSION:
        return xgb.XGBRegressor(**common)
    return xgb.XGBClassifier(**common)


def _fit_xgboost(
    model: Any,
    x: Matrix,
    y: NDArray[Any],
    *,
    deadline: float,
    weight: NDArray[np.float64] | None = None,
    validation: tuple[Matrix, NDArray[Any]] | None = None,
) -> FitReport:
    clock = _Deadline(deadline)
    model.set_params(
        callbacks=[_XGBoostDeadline(clock)],
        early_stopping_rounds=EARLY_STOPPING_ROUNDS if validation is not None else None,
    )
    eval_set = [validation] if validation is not None else None
    model.fit(x, y, sample_weight=weight, eval_set=eval_set, verbose=False)
    # The callbacks are only needed while fitting; dropping them keeps the model easy to export.
    model.set_params(callbacks=None, early_stopping_rounds=None)
    booster = model.get_booster()
    rounds = (
        int(booster.best_iteration) + 1
        if validation is not None and hasattr(booster, "best_iteration")
        else int(booster.num_boosted_rounds())
    )
    return FitReport(n_iterations=rounds, truncated=clock.hit)


def _xgboost_space(task: Task) -> dict[str, dist.BaseDistribution]:
    return {
        "learning_rate": dist.FloatDistribution(0.01, 0.2, log=True),
        "max_depth": dist.IntDistribution(2, 10),
        "min_child_weight": dist.FloatDistribution(0.5, 20.0, log=True),
        "subsample": dist.FloatDistribution(0.5, 1.0),
        "colsample_bytree": dist.FloatDistribution(0.3, 1.0),
        "reg_lambda": dist.FloatDistribution(1e-3, 10.0, log=True),
    }


def _boosting_cost(params: Params) -> float:
    # Early stopping makes the rounds unknown; a slower learning rate means more of them.
    size = float(params.get("num_leaves", 2 ** int(params.get("max_depth", 6))))
    return (0.05 / float(params["learning_rate"])) * (1.0 + float(np.log2(max(size, 2.0))) / 5.0)


# --- Random forest and extra trees --------------------------------------------------------


def _forest_builder(classifier: type, regressor: type) -> Callable[..., BaseEstimator]:
    def build(params: Params, task: Task, seed: int, n_jobs: int) -> BaseEstimator:
        common: dict[str, Any] = {
            "n_estimators": int(params.get("n_estimators", 300)),
            "max_features": params["max_features"],
            "min_samples_leaf": int(params["min_samples_leaf"]),
            "random_state": seed,
            "n_jobs": n_jobs,
        }
        if task is Task.REGRESSION:
            return regressor(**common)
        criterion = str(params.get("criterion", "gini"))
        return classifier(criterion=criterion, **common)

    return build


def _fit_forest(
    model: Any,
    x: Matrix,
    y: NDArray[Any],
    *,
    deadline: float,
    weight: NDArray[np.float64] | None = None,
    validation: tuple[Matrix, NDArray[Any]] | None = None,
) -> FitReport:
    """Grow the forest in chunks so a deadline leaves a smaller forest, not a missed budget."""
    target = int(model.n_estimators)
    clock = _Deadline(deadline)
    grown = min(FOREST_CHUNK, target)
    model.set_params(n_estimators=grown, warm_start=True)
    model.fit(x, y, sample_weight=weight)
    while grown < target and not clock.passed():
        grown = min(grown + FOREST_CHUNK, target)
        model.set_params(n_estimators=grown)
        model.fit(x, y, sample_weight=weight)
    model.set_params(warm_start=False)
    return FitReport(n_iterations=grown, truncated=grown < target)


def _forest_space(task: Task) -> dict[str, dist.BaseDistribution]:
    return {
        "max_features": dist.FloatDistribution(0.1, 1.0),
        "min_samples_leaf": dist.IntDistribution(1, 20, log=True),
    }


def _forest_cost(params: Params) -> float:
    features = params["max_features"]
    share = 0.3 if isinstance(features, str) else float(features)
    return float(params.get("n_estimators", 300)) / 300.0 * (0.3 + share)


# --- Linear models ------------------------------------------------------------------------


def _build_linear(params: Params, task: Task, seed: int, n_jobs: int) -> BaseEstimator:
    if task is Task.REGRESSION:
        return Ridge(alpha=float(params["alpha"]))
    return LogisticRegression(C=float(params["C"]), max_iter=500)


def _fit_linear(
    model: Any,
    x: Matrix,
    y: NDArray[Any],
    *,
    deadline: float,
    weight: NDArray[np.float64] | None = None,
    validation: tuple[Matrix, NDArray[Any]] | None = None,
) -> FitReport:
    with warnings.catch_warnings():
        # Not converging within max_iter still leaves a usable model; its score says how good.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x.astype(np.float64), y, sample_weight=weight)
    return FitReport(n_iterations=1, truncated=False)


def _linear_space(task: Task) -> dict[str, dist.BaseDistribution]:
    if task is Task.REGRESSION:
        return {"alpha": dist.FloatDistribution(1e-3, 1e3, log=True)}
    return {"C": dist.FloatDistribution(1e-3, 1e2, log=True)}


# OpenMP threads in LightGBM and XGBoost spin while they wait; on a machine shared with other
# work, a second thread made fits (and predictions) up to 30x slower in our measurements.
MIN_ROWS_PER_BOOSTING_THREAD = 100_000


def threads_for(learner_name: str, n_rows: int, n_jobs: int) -> int:
    if learner_name in {"lightgbm", "xgboost"}:
        return max(1, min(n_jobs, n_rows // MIN_ROWS_PER_BOOSTING_THREAD))
    return n_jobs


LEARNERS: dict[str, Learner] = {
    learner.name: learner
    for learner in (
        Learner(
            "lightgbm",
            PreprocessingStyle.BOOSTED,
            _build_lightgbm,
            _fit_lightgbm,
            _lightgbm_space,
            _boosting_cost,
            10.0,
            1.0,
        ),
        Learner(
            "xgboost",
            PreprocessingStyle.BOOSTED,
            _build_xgboost,
            _fit_xgboost,
            _xgboost_space,
            _boosting_cost,
            15.0,
            1.5,
        ),
        Learner(
            "random_forest",
            PreprocessingStyle.TREES,
            _forest_builder(RandomForestClassifier, RandomForestRegressor),
            _fit_forest,
            _forest_space,
            _forest_cost,
            60.0,
            6.0,
        ),
        Learner(
            "extra_trees",
            PreprocessingStyle.TREES,
            _forest_builder(ExtraTreesClassifier, ExtraTreesRegressor),
            _fit_forest,
            _forest_space,
            _forest_cost,
            30.0,
            3.0,
        ),
        Learner(
            "linear",
            PreprocessingStyle.LINEAR,
            _build_linear,
            _fit_linear,
            _linear_space,
            lambda params: 1.0,
            5.0,
            0.5,
        ),
    )
}
