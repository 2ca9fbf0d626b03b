"""What a search returns: the leaderboard, the models, explanations and how to use them."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
from sklearn.pipeline import Pipeline

from modelyard.engine.explain import (
    boosted_tree_contributions,
    substitution_contributions,
)
from modelyard.engine.metrics import FloatArray, Task
from modelyard.engine.signature import InputSignature, prepare_features

VERSIONED_LIBRARIES = (
    "numpy",
    "pandas",
    "scikit-learn",
    "lightgbm",
    "xgboost",
    "optuna",
    "onnx",
    "onnxruntime",
    "skl2onnx",
    "onnxmltools",
)


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    versions.update({name: metadata.version(name) for name in VERSIONED_LIBRARIES})
    return versions


@dataclass(frozen=True)
class LeaderboardEntry:
    """One evaluated candidate; ``score`` is the metric as usually read (``greater_is_better``)."""

    candidate_id: int
    algorithm: str
    params: dict[str, Any]
    score: float
    score_std: float
    fit_seconds: float
    predict_seconds: float
    iterations: int
    phase: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "algorithm": self.algorithm,
            "params": dict(self.params),
            "score": self.score,
            "score_std": self.score_std,
            "fit_seconds": self.fit_seconds,
            "predict_seconds": self.predict_seconds,
            "iterations": self.iterations,
            "phase": self.phase,
        }


@dataclass(frozen=True)
class SearchProgress:
    """Sent to ``on_progress`` after every finished candidate."""

    trials: int
    best_score: float
    elapsed_seconds: float
    last: LeaderboardEntry


@dataclass(frozen=True)
class Explanations:
    """Global importance per raw input column (higher matters more)."""

    permutation: dict[str, float]
    mean_abs_shap: dict[str, float] | None
    source: str

    def as_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame({"permutation": pd.Series(self.permutation)})
        if self.mean_abs_shap is not None:
            frame["mean_abs_shap"] = pd.Series(self.mean_abs_shap)
        return frame.sort_values("permutation", ascending=False)


@dataclass
class SearchResult:
    """The outcome of :func:`modelyard.engine.search`.

    ``model`` is what to deploy: the calibrated ensemble (one sklearn estimator, possibly with one
    member). ``best_pipeline`` is the best single candidate. Both take the *prepared* frame
    (``prepare_features(raw, signature)``); :meth:`predict` and :meth:`predict_proba` do that for
    you. Class predictions are indices into ``classes``.
    """

    task: Task
    metric: str
    greater_is_better: bool
    classes: tuple[Any, ...]
    signature: InputSignature
    leaderboard: list[LeaderboardEntry]
    best_pipeline: Any
    model: Any
    ensemble_weights: dict[int, float]
    ensemble_score: float
    temperature: float
    explanations: Explanations
    validation: str
    elapsed_seconds: float
    stop_reason: str
    versions: dict[str, str] = field(default_factory=library_versions)
    baseline_row: pd.DataFrame | None = None

    @property
    def best(self) -> LeaderboardEntry:
        return self.leaderboard[0]

    def to_dict(self) -> dict[str, Any]:
        """Everything but the fitted models, as JSON-ready values (for a registry row)."""
        return {
            "task": self.task.value,
            "metric": self.metric,
            "greater_is_better": self.greater_is_better,
            "classes": [str(value) for value in self.classes],
            "signature": self.signature.to_dict(),
            "leaderboard": [entry.as_dict() for entry in self.leaderboard],
            "ensemble_weights": {str(key): value for key, value in self.ensemble_weights.items()},
            "ensemble_score": self.ensemble_score,
            "temperature": self.temperature,
            "importance": {
                "permutation": _finite(self.explanations.permutation),
                "mean_abs_shap": _finite(self.explanations.mean_abs_shap or {}),
                "source": self.explanations.source,
            },
            "validation": self.validation,
            "elapsed_seconds": self.elapsed_seconds,
            "stop_reason": self.stop_reason,
            "versions": dict(self.versions),
        }

    def leaderboard_frame(self) -> pd.DataFrame:
        return pd.DataFrame([entry.as_dict() for entry in self.leaderboard])

    def prepare(self, frame: Any) -> pd.DataFrame:
        return prepare_features(frame, self.signature)

    def predict(self, frame: Any) -> np.ndarray:
        """Class labels (original values) or regression values for raw rows."""
        prepared = self.prepare(frame)
        if not self.task.is_classification:
            return np.asarray(self.model.predict(prepared), dtype=np.float64)
        indices = np.argmax(self.model.predict_proba(prepared), axis=1)
        labels: np.ndarray = np.asarray(self.classes, dtype=object)[indices]
        return labels

    def predict_proba(self, frame: Any) -> FloatArray:
        return np.asarray(self.model.predict_proba(self.prepare(frame)), dtype=np.float64)

    def explain_rows(self, frame: Any) -> pd.DataFrame:
        """Per-row contributions per raw column, plus the ``(baseline)`` column.

        Exact tree SHAP (raw score) when the deployed model is a single boosted-tree pipeline,
        otherwise the change in P(class 1) / P(predicted class) / value when a column is set to
        its typical value.
        """
        prepared = self.prepare(frame)
        single = _only_pipeline(self.model)
        if single is not None:
            native = boosted_tree_contributions(single, prepared, self.signature, self.task)
            if native is not None:
                return native
        assert self.baseline_row is not None
        return substitution_contributions(
            self.model, prepared, self.baseline_row, self.signature, self.task
        )


def _finite(values: dict[str, float]) -> dict[str, float | None]:
    return {name: value if np.isfinite(value) else None for name, value in values.items()}


def _only_pipeline(model: Any) -> Pipeline | None:
    members = getattr(model, "members", None)
    if members is None:
        return model if isinstance(model, Pipeline) else None
    if len(members) != 1 or getattr(model, "temperature", 1.0) != 1.0:
        return None
    return _only_pipeline(members[0])
