"""Engine exceptions: each has a stable ``code`` and a ``hint`` telling the caller how to recover.

The platform maps these to problem-details responses; the engine itself knows nothing of HTTP.
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""

    code: str = "engine_error"
    default_hint: str = "Check the input and try again."

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint


class InvalidInputError(EngineError):
    """The data or arguments given to the engine cannot be used."""

    code = "invalid_input"


class TargetNotFoundError(InvalidInputError):
    code = "target_not_found"
    default_hint = "Choose one of the frame's columns as the target."


class TargetMissingValuesError(InvalidInputError):
    code = "target_all_missing"
    default_hint = "Choose a target column that has values, or fill it in."


class ConstantTargetError(InvalidInputError):
    code = "constant_target"
    default_hint = "The target must take at least two different values; choose another column."


class TooFewRowsError(InvalidInputError):
    code = "too_few_rows"
    default_hint = "Upload more rows: the engine needs at least 20 with a known target."


class TooFewRowsPerClassError(InvalidInputError):
    code = "too_few_rows_per_class"
    default_hint = "Merge or remove rare classes so each class has at least two rows."


class NoUsableFeaturesError(InvalidInputError):
    code = "no_usable_features"
    default_hint = "Include at least one column with values besides the target."


class UnsupportedColumnTypeError(InvalidInputError):
    code = "unsupported_column_type"
    default_hint = "Exclude the column or convert it to numbers, text categories or dates."


class InvalidArgumentError(InvalidInputError):
    code = "invalid_argument"


class BudgetTooSmallError(InvalidArgumentError):
    code = "budget_too_small"
    default_hint = "Give the search a time budget of at least 1 second."


class SearchStoppedError(EngineError):
    code = "search_stopped"
    default_hint = "The search was stopped before any model finished; run it again with more time."


class NoModelTrainedError(EngineError):
    code = "no_model_trained"
    default_hint = "Increase the time budget or allow more algorithms."


class ExportError(EngineError):
    code = "export_failed"
    default_hint = "Serve this model with the Python pipeline instead, and report the failure."


class SignatureMismatchError(InvalidInputError):
    code = "signature_mismatch"
    default_hint = "Send the columns the model was trained on (see its input signature)."


class UntrustedModelError(EngineError):
    """A saved model holds object types the engine never creates."""

    code = "untrusted_model"
    default_hint = "Load only model files that Modelyard saved; retrain the model to get one."
