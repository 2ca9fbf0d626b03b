"""Modelyard's AutoML engine: a pure library (no web, no database), usable from a notebook.

    result = search(frame, "target", time_budget_s=60)       # pandas or polars
    result.leaderboard_frame()                                # every candidate, best first
    proto = to_onnx(result.model, result.signature)           # onnx.ModelProto
    check_parity(result.model, result.signature, held_out)    # ParityReport(passed=True, ...)

For the platform:

- ``result.model`` is what to deploy: one sklearn estimator (a calibrated Caruana ensemble whose
  members are Pipelines). ``result.best_pipeline`` is the best single candidate.
- Models take the *prepared* frame: ``prepare_features(raw, signature)`` (``result.predict`` does
  it). ``result.signature`` (``to_dict``/``from_dict``) lists each raw column's kind, dtype, seen
  categories and the ONNX inputs it becomes (dates split into ``col__year`` ... parts).
- ONNX graphs take one input per prepared column: float32 ``[N, 1]`` for numbers (NaN = missing),
  string ``[N, 1]`` for text ("" = missing); ``onnx_feeds(prepared, signature)`` builds them.
  ``prepare_features`` rounds numbers to float32 values, so Python and ONNX see the same inputs.
  Classifiers output ``label`` (int64 index into ``result.classes``) and ``probabilities``
  (float32 ``[N, k]``); regressors output ``variable`` as **double** ``[N, 1]``, computed in double
  (XGBoost in its own float32 order), so ``check_parity`` holds them to 1e-4 absolutely at any
  scale. Regressor graphs use ``ai.onnx.ml`` opset 5 (``TreeEnsemble``): ONNX Runtime >= 1.20.
- Persist the ONNX model plus ``result.to_dict()`` (JSON), and the fitted model with
  ``save_model`` (skops bytes); ``load_model`` rebuilds only types of the libraries the engine
  uses. Never unpickle (pickle/joblib) anything.
- Bad input raises an ``EngineError`` subclass with a stable ``code`` and a ``hint``.
"""

import importlib
from typing import TYPE_CHECKING, Any

# The engine's libraries (scikit-learn, LightGBM, XGBoost, CatBoost, skl2onnx, skops, Optuna)
# take seconds to import. The web server needs them only to train, export or explain, so names
# are imported from their submodule on first use (PEP 562): `from modelyard import engine` is
# cheap, `engine.search(...)` loads what it needs. No submodule is named like a public name: the
# import system sets a loaded submodule as the package's attribute, which would hide the name.
if TYPE_CHECKING:
    from modelyard.engine.ensemble import EnsembleClassifier, EnsembleRegressor
    from modelyard.engine.errors import (
        BudgetTooSmallError,
        ConstantTargetError,
        EngineError,
        ExportError,
        InvalidArgumentError,
        InvalidInputError,
        NoModelTrainedError,
        NoUsableFeaturesError,
        SearchStoppedError,
        SignatureMismatchError,
        TargetMissingValuesError,
        TargetNotFoundError,
        TooFewRowsError,
        TooFewRowsPerClassError,
        UnsupportedColumnTypeError,
        UntrustedModelError,
    )
    from modelyard.engine.export import ParityReport, check_parity, run_onnx, to_onnx
    from modelyard.engine.metrics import METRICS, Task
    from modelyard.engine.persist import load_model, save_model
    from modelyard.engine.result import (
        Explanations,
        LeaderboardEntry,
        SearchProgress,
        SearchResult,
    )
    from modelyard.engine.searching import search
    from modelyard.engine.signature import (
        ColumnKind,
        ColumnSpec,
        InputSignature,
        onnx_feeds,
        prepare_features,
    )

    ALGORITHMS: tuple[str, ...]

_SUBMODULE = {
    "EnsembleClassifier": "ensemble",
    "EnsembleRegressor": "ensemble",
    "BudgetTooSmallError": "errors",
    "ConstantTargetError": "errors",
    "EngineError": "errors",
    "ExportError": "errors",
    "InvalidArgumentError": "errors",
    "InvalidInputError": "errors",
    "NoModelTrainedError": "errors",
    "NoUsableFeaturesError": "errors",
    "SearchStoppedError": "errors",
    "SignatureMismatchError": "errors",
    "TargetMissingValuesError": "errors",
    "TargetNotFoundError": "errors",
    "TooFewRowsError": "errors",
    "TooFewRowsPerClassError": "errors",
    "UnsupportedColumnTypeError": "errors",
    "UntrustedModelError": "errors",
    "ParityReport": "export",
    "check_parity": "export",
    "run_onnx": "export",
    "to_onnx": "export",
    "LEARNERS": "learners",
    "METRICS": "metrics",
    "Task": "metrics",
    "load_model": "persist",
    "save_model": "persist",
    "Explanations": "result",
    "LeaderboardEntry": "result",
    "SearchProgress": "result",
    "SearchResult": "result",
    "search": "searching",
    "ColumnKind": "signature",
    "ColumnSpec": "signature",
    "InputSignature": "signature",
    "onnx_feeds": "signature",
    "prepare_features": "signature",
}


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name == "ALGORITHMS":
            value: Any = tuple(importlib.import_module("modelyard.engine.learners").LEARNERS)
        elif name in _SUBMODULE:
            module = importlib.import_module(f"modelyard.engine.{_SUBMODULE[name]}")
            value = getattr(module, name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ALGORITHMS",
    "METRICS",
    "BudgetTooSmallError",
    "ColumnKind",
    "ColumnSpec",
    "ConstantTargetError",
    "EngineError",
    "EnsembleClassifier",
    "EnsembleRegressor",
    "Explanations",
    "ExportError",
    "InputSignature",
    "InvalidArgumentError",
    "InvalidInputError",
    "LeaderboardEntry",
    "NoModelTrainedError",
    "NoUsableFeaturesError",
    "ParityReport",
    "SearchProgress",
    "SearchResult",
    "SearchStoppedError",
    "SignatureMismatchError",
    "TargetMissingValuesError",
    "TargetNotFoundError",
    "Task",
    "TooFewRowsError",
    "TooFewRowsPerClassError",
    "UnsupportedColumnTypeError",
    "UntrustedModelError",
    "check_parity",
    "load_model",
    "onnx_feeds",
    "prepare_features",
    "run_onnx",
    "save_model",
    "search",
    "to_onnx",
]
