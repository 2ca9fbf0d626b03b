"""profile_parquet on Parquet files built in tmp_path, exact and sampled."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from modelyard.datasets.profile_models import (
    DatasetProfile,
    SemanticType,
    TaskType,
    WarningKind,
)
from modelyard.datasets.profiling import ProfileOptions, profile_parquet


def profile(tmp_path: Path, frame: pl.DataFrame, **options: int) -> DatasetProfile:
    path = tmp_path / "data.parquet"
    frame.write_parquet(path)
    return profile_parquet(path, ProfileOptions(**options) if options else None)


def kinds(result: DatasetProfile) -> set[tuple[WarningKind, str | None]]:
    return {(w.kind, w.column) for w in result.warnings}


def mixed_frame(n: int = 1000) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": list(range(n)),
            "age": [20 + i % 50 if i % 10 else None for i in range(n)],
            "income": [1000.0 + (i * 37) % 501 for i in range(n)],
            "segment": [["gold", "silver", "bronze"][i % 3] for i in range(n)],
            "active": [i % 2 == 0 for i in range(n)],
            "flag": [i % 2 for i in range(n)],
            "answer": [["yes", "no"][i % 2] for i in range(n)],
            "signup": [datetime(2020, 1, 1) + timedelta(days=i) for i in range(n)],
            "signup_text": [f"2021-02-{1 + i % 28:02d}" for i in range(n)],
            "comment": [f"customer number {i} wrote a long review here" for i in range(n)],
            "code": [f"C{i:05d}" for i in range(n)],
            "constant": ["same"] * n,
            "empty": pl.Series([None] * n, dtype=pl.Float64),
            "churned": [["no", "yes"][(i * 7) % 10 == 0] for i in range(n)],
        }
    )


def test_semantic_types(tmp_path: Path) -> None:
    result = profile(tmp_path, mixed_frame())
    types = {c.name: c.semantic_type for c in result.columns}
    assert types == {
        "customer_id": SemanticType.IDENTIFIER,
        "age": SemanticType.NUMERIC,
        "income": SemanticType.NUMERIC,
        "segment": SemanticType.CATEGORICAL,
        "active": SemanticType.BOOLEAN,
        "flag": SemanticType.BOOLEAN,
        "answer": SemanticType.BOOLEAN,
        "signup": SemanticType.DATETIME,
        "signup_text": SemanticType.DATETIME,
        "comment": SemanticType.TEXT,
        "code": SemanticType.IDENTIFIER,
        "constant": SemanticType.CATEGORICAL,
        "empty": SemanticType.NUMERIC,
        "churned": SemanticType.BOOLEAN,
    }


def test_exact_statistics_on_small_data(tmp_path: Path) -> None:
    frame = mixed_frame()
    result = profile(tmp_path, frame)
    assert (result.rows, result.column_count, result.sampled) == (1000, 14, False)
    assert result.sample_rows == 1000
    age = result.column("age")
    values = frame["age"].drop_nulls()
    python_values: list[int] = values.to_list()
    mean = sum(python_values) / len(python_values)
    std = math.sqrt(sum((v - mean) ** 2 for v in python_values) / (len(python_values) - 1))
    assert (age.count, age.missing, age.missing_pct) == (900, 100, 10.0)
    assert age.distinct == values.n_unique()
    assert not age.distinct_is_approximate
    assert age.numeric is not None
    assert age.numeric.min == values.min()
    assert age.numeric.max == values.max()
    assert math.isclose(age.numeric.mean or 0, mean)
    assert math.isclose(age.numeric.std or 0, std)
    assert age.numeric.median == values.quantile(0.5, interpolation="linear")
    assert age.histogram is not None
    assert len(age.histogram) == 20
    assert sum(b.count for b in age.histogram) == 900
    assert age.histogram[0].start == age.numeric.min
    assert math.isclose(age.histogram[-1].end, age.numeric.max or 0)
    segment = result.column("segment")
    assert segment.top_values is not None
    assert [(v.value, v.count) for v in segment.top_values] == [
        ("gold", 334),
        ("bronze", 333),
        ("silver", 333),
    ]
    assert math.isclose(sum(v.fraction for v in segment.top_values), 1.0)
    assert segment.mean_length == pytest.approx(frame["segment"].str.len_chars().mean())
    signup = result.column("signup")
    assert signup.min_value == "2020-01-01T00:00:00"
    assert signup.max_value == (datetime(2020, 1, 1) + timedelta(days=999)).isoformat()
    active = result.column("active")
    assert active.top_values is not None
    assert {v.value for v in active.top_values} == {"true", "false"}


def test_warnings(tmp_path: Path) -> None:
    frame = mixed_frame()
    frame = pl.concat([frame, frame.head(5)])
    found = kinds(profile(tmp_path, frame))
    assert (WarningKind.CONSTANT, "constant") in found
    assert (WarningKind.CONSTANT, "empty") in found
    assert (WarningKind.IDENTIFIER_LIKE, "code") in found
    assert (WarningKind.DUPLICATE_ROWS, None) in found


def test_duplicates_are_counted(tmp_path: Path) -> None:
    frame = pl.DataFrame({"a": [1, 1, 1, 2, None, None], "b": ["x", "x", "x", "y", None, None]})
    result = profile(tmp_path, frame)
    assert result.duplicate_rows == 3


def test_high_cardinality_and_mostly_missing(tmp_path: Path) -> None:
    n = 2000
    frame = pl.DataFrame(
        {
            "city": [f"city {i % 400}" for i in range(n)],
            "rare": [1.0 if i % 3 == 0 else None for i in range(n)],
            "y": [float(i % 7) * 1.5 for i in range(n)],
        }
    )
    found = kinds(profile(tmp_path, frame))
    assert (WarningKind.HIGH_CARDINALITY, "city") in found
    assert (WarningKind.MOSTLY_MISSING, "rare") in found


def test_target_suggestions(tmp_path: Path) -> None:
    result = profile(tmp_path, mixed_frame())
    best = result.target_suggestions[0]
    assert (best.column, best.task, best.classes) == ("churned", TaskType.BINARY, 2)
    assert "name" in best.reason
    assert all(0 <= s.score <= 1 for s in result.target_suggestions)
    assert len(result.target_suggestions) <= 3
    suggested = {s.column for s in result.target_suggestions}
    assert not suggested & {"customer_id", "code", "comment", "signup", "constant", "empty"}


def test_regression_and_multiclass_targets(tmp_path: Path) -> None:
    n = 500
    frame = pl.DataFrame(
        {
            "x": [i * 0.1 for i in range(n)],
            "species": [["a", "b", "c", "d"][i % 4] for i in range(n)],
            "sale_price": [(i * 13) % 997 + 0.5 for i in range(n)],
        }
    )
    suggestions = profile(tmp_path, frame).target_suggestions
    tasks = {s.column: s.task for s in suggestions}
    assert tasks["species"] is TaskType.MULTICLASS
    assert tasks["sale_price"] is TaskType.REGRESSION
    assert suggestions[0].column == "species"


def test_leakage_and_imbalance(tmp_path: Path) -> None:
    n = 1000
    label = [i % 20 == 0 for i in range(n)]
    frame = pl.DataFrame(
        {
            "feature": [float(i % 13) for i in range(n)],
            "label_copy": ["pos" if v else "neg" for v in label],
            "score_from_label": [10.0 * v + (i % 3) * 0.01 for i, v in enumerate(label)],
            "target": label,
        }
    )
    result = profile(tmp_path, frame)
    assert result.target_suggestions[0].column == "target"
    found = kinds(result)
    assert (WarningKind.LIKELY_LEAKAGE, "label_copy") in found
    assert (WarningKind.LIKELY_LEAKAGE, "score_from_label") in found
    assert (WarningKind.LIKELY_LEAKAGE, "feature") not in found
    assert (WarningKind.CLASS_IMBALANCE, "target") in found


def test_regression_leakage(tmp_path: Path) -> None:
    n = 400
    frame = pl.DataFrame(
        {
            "noise": [float((i * 7919) % 101) for i in range(n)],
            "price_in_cents": [i * 250.0 for i in range(n)],
            "price": [i * 2.5 for i in range(n)],
        }
    )
    result = profile(tmp_path, frame)
    assert result.target_suggestions[0].column == "price"
    found = kinds(result)
    assert (WarningKind.LIKELY_LEAKAGE, "price_in_cents") in found
    assert (WarningKind.LIKELY_LEAKAGE, "noise") not in found


def test_sampled_profile(tmp_path: Path) -> None:
    """Above sample_rows, quantiles and histograms come from a sample; counts stay exact
    for columns with few values and are estimated for the others."""
    n = 20_000
    frame = pl.DataFrame(
        {
            "row": list(range(n)),
            "group": [f"g{i % 7}" for i in range(n)],
            "value": [float((i * 7919) % 10_007) for i in range(n)],
        }
    )
    result = profile(tmp_path, frame, sample_rows=2_000, exact_distinct_limit=100)
    assert result.sampled
    assert 1_500 < result.sample_rows < 2_500
    group = result.column("group")
    assert (group.distinct, group.distinct_is_approximate) == (7, False)
    assert group.top_values is not None
    assert sum(v.count for v in group.top_values) == n  # exact counts over every row
    row = result.column("row")
    assert row.distinct_is_approximate
    assert row.distinct == n  # no repeat in the sample: taken as unique
    assert row.semantic_type is SemanticType.IDENTIFIER
    value = result.column("value")
    assert value.distinct_is_approximate
    assert 5_000 < value.distinct <= n
    assert value.numeric is not None
    assert value.numeric.min == 0.0
    assert value.numeric.max == 10_006.0
    assert value.numeric.median == pytest.approx(5_003, rel=0.05)
    assert value.histogram is not None
    assert sum(b.count for b in value.histogram) == result.sample_rows
    # The same file gives the same profile: the sample is deterministic.
    again = profile_parquet(
        tmp_path / "data.parquet", ProfileOptions(sample_rows=2_000, exact_distinct_limit=100)
    )
    assert again == result


def test_profile_is_json(tmp_path: Path) -> None:
    result = profile(tmp_path, mixed_frame(200))
    document = json.loads(result.model_dump_json())
    assert document["version"] == 1
    assert document["columns"][0]["name"] == "customer_id"
    assert DatasetProfile.model_validate(document) == result
    with pytest.raises(KeyError):
        result.column("missing")


def test_edge_cases(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "single": [5],
            "inf": [math.inf],
            "nan_text": ["NaN"],
        }
    )
    result = profile(tmp_path, frame)
    assert result.rows == 1
    single = result.column("single")
    assert single.histogram is not None
    assert [b.count for b in single.histogram] == [1]
    inf = result.column("inf")
    assert inf.numeric is not None
    assert inf.numeric.max is None  # not representable in JSON
    assert result.target_suggestions == []
