"""Per-candidate preprocessing as one scikit-learn ColumnTransformer over the prepared frame.

Every step here has an ONNX converter in skl2onnx, so a pipeline built from it exports as a whole.
"""

from __future__ import annotations

import enum

from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder

from modelyard.engine.metrics import Task
from modelyard.engine.signature import InputSignature

UNKNOWN_CATEGORY_CODE = -1


class PreprocessingStyle(enum.StrEnum):
    """Trees take raw numbers and ordinal codes; linear models need scaled, one-hot features.

    Boosted trees see a missing number as a value below every real one, so they can learn what
    missingness means; forests pick thresholds uniformly at random (extra trees), where such an
    outlier would waste splits, so they take the median.
    """

    BOOSTED = "boosted"
    TREES = "trees"
    LINEAR = "linear"


MAX_ONE_HOT_LEVELS = {
    PreprocessingStyle.BOOSTED: 8,
    PreprocessingStyle.TREES: 8,
    PreprocessingStyle.LINEAR: 30,
}
# Exact in float32 and far below any real feature value.
MISSING_NUMBER = -1e9
MAX_MULTICLASS_ONE_HOT_LEVELS = 10_000


def build_preprocessor(
    signature: InputSignature, style: PreprocessingStyle, task: Task, seed: int
) -> ColumnTransformer:
    limit = MAX_ONE_HOT_LEVELS[style]
    if style is PreprocessingStyle.LINEAR and task is Task.MULTICLASS:
        # skl2onnx converts TargetEncoder for binary and continuous targets only.
        limit = MAX_MULTICLASS_ONE_HOT_LEVELS
    few, many = _split_by_cardinality(signature, limit)
    parts: list[tuple[str, object, list[str]]] = []
    if signature.numeric_features:
        parts.append(("numeric", _numeric_steps(style), list(signature.numeric_features)))
    if few:
        parts.append(("one_hot", _one_hot(), few))
    if many:
        parts.append(("many_levels", _many_levels_encoder(style, task, seed), many))
    return ColumnTransformer(parts, remainder="drop", sparse_threshold=0.0)


def _split_by_cardinality(signature: InputSignature, limit: int) -> tuple[list[str], list[str]]:
    few: list[str] = []
    many: list[str] = []
    for name in signature.text_features:
        levels = len(signature.column(name).categories)
        (few if levels <= limit else many).append(name)
    return few, many


def _numeric_steps(style: PreprocessingStyle) -> Pipeline:
    if style is PreprocessingStyle.BOOSTED:
        sentinel = SimpleImputer(
            strategy="constant", fill_value=MISSING_NUMBER, keep_empty_features=True
        )
        return Pipeline([("impute", sentinel)])
    impute = SimpleImputer(strategy="median", keep_empty_features=True)
    if style is PreprocessingStyle.LINEAR:
        return Pipeline([("impute", impute), ("scale", StandardScaler())])
    return Pipeline([("impute", impute)])


def _one_hot() -> OneHotEncoder:
    return OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=float)


def _many_levels_encoder(
    style: PreprocessingStyle, task: Task, seed: int
) -> OrdinalEncoder | TargetEncoder:
    if style is PreprocessingStyle.LINEAR:
        target_type = {Task.BINARY: "binary", Task.REGRESSION: "continuous"}
        # Cross-fitting inside fit_transform keeps a row's own target out of its encoding.
        folds = KFold if task is Task.REGRESSION else StratifiedKFold
        return TargetEncoder(
            target_type=target_type[task], cv=folds(5, shuffle=True, random_state=seed)
        )
    return OrdinalEncoder(
        handle_unknown="use_encoded_value", unknown_value=UNKNOWN_CATEGORY_CODE, dtype=float
    )
