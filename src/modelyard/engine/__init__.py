"""Modelyard's AutoML engine: a pure library (no web, no database), usable from a notebook.

result = search(frame, "target", time_budget_s=60)
result.leaderboard_frame()
proto = to_onnx(result.model, result.signature)
"""

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
)
from modelyard.engine.export import ParityReport, check_parity, run_onnx, to_onnx
from modelyard.engine.learners import LEARNERS
from modelyard.engine.metrics import METRICS, Task
from modelyard.engine.result import (
    Explanations,
    LeaderboardEntry,
    SearchProgress,
    SearchResult,
)
from modelyard.engine.search import search
from modelyard.engine.signature import (
    ColumnKind,
    ColumnSpec,
    InputSignature,
    onnx_feeds,
    prepare_features,
)

ALGORITHMS = tuple(LEARNERS)

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
    "check_parity",
    "onnx_feeds",
    "prepare_features",
    "run_onnx",
    "search",
    "to_onnx",
]
