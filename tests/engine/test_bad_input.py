"""Unusable input fails early with an engine error that has a stable code and a hint."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from modelyard.engine import EngineError, search

ROWS = 40


def _frame(**columns: Any) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    base = {"x": rng.normal(size=ROWS), "target": rng.integers(0, 2, ROWS)}
    return pd.DataFrame(base | columns)


@pytest.mark.parametrize(
    ("frame", "kwargs", "code"),
    [
        (_frame(), {"target": "missing"}, "target_not_found"),
        (_frame(target=[1] * ROWS), {}, "constant_target"),
        (_frame(target=[None] * ROWS), {}, "target_all_missing"),
        (_frame().head(10), {}, "too_few_rows"),
        (_frame(target=[*range(ROWS)]), {"task": "multiclass"}, "too_few_rows_per_class"),
        (_frame(x=[np.nan] * ROWS), {}, "no_usable_features"),
        (_frame(x=[[1, 2]] * ROWS), {}, "unsupported_column_type"),
        (_frame(x=[complex(1, 1)] * ROWS), {}, "unsupported_column_type"),
        (_frame(), {"time_budget_s": 0.5}, "budget_too_small"),
        (_frame(), {"task": "ranking"}, "invalid_argument"),
        (_frame(), {"metric": "r2"}, "invalid_argument"),
        (_frame(), {"algorithms": ["catboost"]}, "invalid_argument"),
        (_frame(), {"excluded_columns": ["nope"]}, "invalid_argument"),
        (_frame(), {"excluded_columns": ["target"]}, "invalid_argument"),
        (_frame(), {"n_jobs": 0}, "invalid_argument"),
        (_frame(target=["a", "b", "c", "d"] * 10), {"task": "binary"}, "invalid_argument"),
        (_frame(target=["a", "b"] * 20), {"task": "regression"}, "invalid_argument"),
        ([1, 2, 3], {}, "invalid_argument"),
    ],
)
def test_bad_input_raises_engine_error(frame: Any, kwargs: dict[str, Any], code: str) -> None:
    arguments: dict[str, Any] = {"target": "target", "time_budget_s": 2.0} | kwargs
    target = arguments.pop("target")

    with pytest.raises(EngineError) as caught:
        search(frame, target, **arguments)

    assert caught.value.code == code
    assert caught.value.hint
    assert str(caught.value)


def test_all_missing_feature_is_dropped_with_a_reason() -> None:
    frame = _frame(empty=[np.nan] * ROWS, same=["x"] * ROWS, row_id=[f"r{i}" for i in range(ROWS)])

    result = search(frame, "target", time_budget_s=2, algorithms=["linear"], max_trials=1)

    assert result.signature.dropped == {
        "empty": "all values are missing",
        "same": "constant",
        "row_id": "identifier-like (a different value on every row)",
    }
