from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from modelyard.engine import (
    ColumnKind,
    InputSignature,
    SignatureMismatchError,
    onnx_feeds,
    prepare_features,
)
from modelyard.engine.signature import infer_signature


def _frame() -> pd.DataFrame:
    rows = 30
    return pd.DataFrame(
        {
            "amount": np.linspace(0, 1, rows),
            "count": np.arange(rows) % 4,
            "flag": [True, False] * (rows // 2),
            "kind": pd.Categorical(["a", "b", None] * (rows // 3)),
            "when": pd.date_range("2024-01-01", periods=rows, freq="37h"),
            "wait": pd.to_timedelta(np.arange(rows) % 5, unit="h"),
            "row": np.arange(rows),
        }
    )


def test_infers_kinds_and_drops_identifiers() -> None:
    signature = infer_signature(_frame(), "y")

    kinds = {column.name: column.kind for column in signature.columns}
    assert kinds == {
        "amount": ColumnKind.NUMERIC,
        "count": ColumnKind.NUMERIC,
        "flag": ColumnKind.BOOLEAN,
        "kind": ColumnKind.CATEGORICAL,
        "when": ColumnKind.DATETIME,
        "wait": ColumnKind.NUMERIC,
    }
    assert "row" in signature.dropped
    assert signature.column("kind").categories == ("", "a", "b")


def test_prepared_frame_splits_dates_and_fills_missing_text() -> None:
    frame = _frame()
    signature = infer_signature(frame, "y")

    prepared = prepare_features(frame, signature)

    assert "when__day_of_week" in prepared.columns
    assert prepared["kind"].iloc[2] == ""
    assert prepared["flag"].dtype == np.float64
    assert prepared["wait"].iloc[1] == 3600.0
    assert list(prepared.columns) == list(signature.feature_names)


def test_onnx_feeds_are_column_vectors() -> None:
    frame = _frame()
    signature = infer_signature(frame, "y")

    feeds = onnx_feeds(prepare_features(frame, signature), signature)

    assert feeds["amount"].dtype == np.float32
    assert feeds["amount"].shape == (30, 1)
    assert feeds["kind"].dtype == object


def test_signature_round_trips_through_a_dict() -> None:
    signature = infer_signature(_frame(), "y", excluded=["count"])

    restored = InputSignature.from_dict(signature.to_dict())

    assert restored == signature
    assert restored.dropped["count"] == "excluded by the caller"


def test_missing_columns_at_prediction_time_are_named() -> None:
    signature = infer_signature(_frame(), "y")

    with pytest.raises(SignatureMismatchError, match="amount"):
        prepare_features(_frame().drop(columns=["amount"]), signature)
