"""Strong, diverse default configurations, ordered by expected value per second.

They are generic choices from the literature and the reference systems' defaults (LightGBM and
XGBoost variants, forests with different split rules, a regularised linear model), not tuned to any
benchmark file. The search evaluates them first and then tunes around the best.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from modelyard.engine.metrics import Task


@dataclass(frozen=True)
class Configuration:
    learner: str
    params: dict[str, Any]


def _lightgbm(**params: Any) -> Configuration:
    base: dict[str, Any] = {
        "learning_rate": 0.05,
        "num_leaves": 31,
        "min_child_samples": 20,
        "colsample_bytree": 0.9,
        "subsample": 1.0,
        "reg_lambda": 0.0,
    }
    return Configuration("lightgbm", base | params)


def _xgboost(**params: Any) -> Configuration:
    base: dict[str, Any] = {
        "learning_rate": 0.05,
        "max_depth": 6,
        "min_child_weight": 1.0,
        "subsample": 0.8,
        "colsample_bytree": 0.8,
        "reg_lambda": 1.0,
    }
    return Configuration("xgboost", base | params)


def _forest(learner: str, task: Task, **params: Any) -> Configuration:
    features: Any = 1.0 if task is Task.REGRESSION and learner == "extra_trees" else "sqrt"
    if task is Task.REGRESSION and learner == "random_forest":
        features = 0.5
    base: dict[str, Any] = {"n_estimators": 300, "max_features": features, "min_samples_leaf": 1}
    return Configuration(learner, base | params)


def _linear(task: Task, strength: float) -> Configuration:
    if task is Task.REGRESSION:
        return Configuration("linear", {"alpha": 1.0 / strength})
    return Configuration("linear", {"C": strength})


def default_portfolio(task: Task) -> list[Configuration]:
    classification = task.is_classification
    return [
        _lightgbm(),
        _linear(task, 1.0),
        _xgboost(),
        _forest("extra_trees", task, min_samples_leaf=2 if classification else 1),
        _lightgbm(
            learning_rate=0.03,
            num_leaves=8,
            min_child_samples=20,
            colsample_bytree=0.7,
            subsample=0.8,
            reg_lambda=1.0,
        ),
        _forest("random_forest", task, min_samples_leaf=2),
        _xgboost(learning_rate=0.1, max_depth=3, min_child_weight=5.0, colsample_bytree=0.9),
        _lightgbm(
            learning_rate=0.03,
            num_leaves=128,
            min_child_samples=5,
            colsample_bytree=0.6,
            subsample=0.8,
            reg_lambda=1.0,
        ),
        _linear(task, 0.05),
        _forest(
            "extra_trees", task, max_features=0.6 if classification else 0.5, min_samples_leaf=5
        ),
        _xgboost(learning_rate=0.02, max_depth=8, min_child_weight=3.0, colsample_bytree=0.5),
        _lightgbm(
            learning_rate=0.02,
            num_leaves=24,
            min_child_samples=50,
            colsample_bytree=0.5,
            subsample=0.7,
            reg_lambda=5.0,
        ),
        _forest("random_forest", task, max_features=0.3, min_samples_leaf=5),
        _linear(task, 20.0),
    ]


def portfolio_for(task: Task, learners: Sequence[str]) -> list[Configuration]:
    allowed = set(learners)
    return [config for config in default_portfolio(task) if config.learner in allowed]
