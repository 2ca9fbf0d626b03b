"""The drift statistics on distributions with known shifts (and none)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from modelyard.monitoring import drift
from modelyard.monitoring.drift import FeatureKind, Severity


def training_frame(rows: int = 20_000, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "age": rng.normal(40, 10, rows),
            "income": rng.lognormal(10, 0.5, rows),
            "plan": rng.choice(["basic", "plus", "pro"], rows, p=[0.6, 0.3, 0.1]),
            "member": rng.random(rows) > 0.5,
        }
    )


KINDS = {
    "age": FeatureKind.NUMERIC,
    "income": FeatureKind.NUMERIC,
    "plan": FeatureKind.CATEGORICAL,
    "member": FeatureKind.CATEGORICAL,
}


def test_psi_of_identical_shares_is_zero_and_grows_with_the_shift() -> None:
    assert drift.psi([0.5, 0.5], [0.5, 0.5]) == 0.0
    small = drift.psi([0.5, 0.5], [0.45, 0.55])
    large = drift.psi([0.5, 0.5], [0.2, 0.8])
    assert 0 < small < drift.PSI_MODERATE < drift.PSI_SIGNIFICANT < large


def test_psi_floors_empty_bins_instead_of_dividing_by_zero() -> None:
    value = drift.psi([0.5, 0.5, 0.0], [0.4, 0.4, 0.2])
    assert math.isfinite(value) and value > drift.PSI_SIGNIFICANT
    with pytest.raises(ValueError, match="Bins differ"):
        drift.psi([0.5, 0.5], [1.0])


def test_severity_follows_the_conventional_thresholds() -> None:
    assert drift.severity_of(0.05) is Severity.STABLE
    assert drift.severity_of(0.1) is Severity.MODERATE
    assert drift.severity_of(0.3) is Severity.SIGNIFICANT
    assert drift.severity_of(None) is Severity.INSUFFICIENT_DATA


def test_no_shift_gives_low_psi_and_high_p_values() -> None:
    reference = drift.build_reference(training_frame(seed=0), KINDS)
    result = drift.compare(reference, training_frame(rows=5_000, seed=1))
    for feature in result.features:
        assert feature.psi is not None and feature.psi < 0.02, feature
        assert feature.p_value is not None and feature.p_value > 0.01, feature
        assert feature.severity is Severity.STABLE and not feature.drifted
    assert result.drifted_features == () and result.severity is Severity.STABLE


def test_a_shifted_mean_and_a_new_category_mix_are_flagged() -> None:
    reference = drift.build_reference(training_frame(seed=0), KINDS)
    current = training_frame(rows=5_000, seed=1).with_columns(
        (pl.col("age") + 8).alias("age"),
        pl.Series("plan", np.random.default_rng(2).choice(["basic", "pro"], 5_000, p=[0.2, 0.8])),
    )
    result = drift.compare(reference, current)
    by_name = {feature.name: feature for feature in result.features}
    assert by_name["age"].psi is not None and by_name["age"].psi > drift.PSI_SIGNIFICANT
    assert by_name["age"].test == "ks" and by_name["age"].p_value is not None
    assert by_name["age"].p_value < 1e-6 and by_name["age"].statistic is not None
    assert by_name["plan"].psi is not None and by_name["plan"].psi > drift.PSI_SIGNIFICANT
    assert by_name["plan"].test == "chi_square" and by_name["plan"].p_value < 1e-6
    assert set(result.drifted_features) == {"age", "plan"}
    assert not by_name["income"].drifted and not by_name["member"].drifted
    assert result.severity is Severity.SIGNIFICANT
    assert result.max_psi == max(by_name["age"].psi, by_name["plan"].psi)


def test_more_missing_values_and_unseen_categories_count_as_drift() -> None:
    reference = drift.build_reference(training_frame(seed=0), KINDS)
    rows = 2_000
    current = training_frame(rows=rows, seed=3).with_columns(
        pl.when(pl.int_range(rows) % 2 == 0).then(None).otherwise(pl.col("age")).alias("age"),
        pl.Series("plan", ["enterprise"] * rows),
    )
    by_name = {f.name: f for f in drift.compare(reference, current).features}
    assert by_name["age"].actual[-1] == pytest.approx(0.5)  # the missing bin
    assert by_name["age"].severity is Severity.SIGNIFICANT
    assert by_name["plan"].bins[-2:] == (drift.OTHER, "missing")
    assert by_name["plan"].actual[-2] == 1.0 and by_name["plan"].drifted


def test_too_few_rows_are_not_judged() -> None:
    reference = drift.build_reference(training_frame(seed=0), KINDS)
    result = drift.compare(reference, training_frame(rows=50, seed=1), min_rows=200)
    assert {f.severity for f in result.features} == {Severity.INSUFFICIENT_DATA}
    assert result.severity is Severity.INSUFFICIENT_DATA and result.drifted_features == ()
    assert all(f.psi is not None for f in result.features)  # still reported


def test_quantile_bins_merge_on_few_valued_columns() -> None:
    values = np.array([1.0] * 900 + [2.0] * 100)
    reference = drift.numeric_reference("x", values)
    assert reference.edges == (1.0, 2.0) or len(reference.edges) <= 2
    assert sum(reference.expected) == pytest.approx(1.0)
    same = drift.compare_numeric(reference, values, min_rows=1)
    assert same.psi == pytest.approx(0.0, abs=1e-9)


def test_the_reference_round_trips_through_json_and_caps_its_sample() -> None:
    reference = drift.build_reference(training_frame(seed=0), KINDS, sample_size=500)
    restored = drift.DriftReference.from_dict(reference.to_dict())
    assert restored == reference
    age = restored.feature("age")
    assert isinstance(age, drift.NumericReference) and len(age.sample) == 500
    assert len(age.expected) == len(age.edges) + 2  # bins between edges, outer two, missing


def test_reference_from_a_dataset_profile_detects_the_same_shift() -> None:
    frame = training_frame(seed=0)
    profile = {
        "rows": frame.height,
        "columns": [
            {
                "name": "age",
                "missing": 0,
                "histogram": [
                    {"start": float(lo), "end": float(hi), "count": int(n)}
                    for lo, hi, n in _histogram(frame["age"].to_numpy())
                ],
            },
            {
                "name": "plan",
                "missing": 0,
                "top_values": [
                    {"value": row["plan"], "count": row["count"], "fraction": row["count"] / 20_000}
                    for row in frame["plan"].value_counts().iter_rows(named=True)
                ],
            },
        ],
    }
    reference = drift.reference_from_profile(profile, ["age", "plan"])
    assert reference.source == "profile" and len(reference.features) == 2
    stable = drift.compare(reference, training_frame(rows=5_000, seed=1))
    assert all(f.psi is not None and f.psi < 0.02 for f in stable.features)
    assert all(f.p_value is None for f in stable.features if f.kind is FeatureKind.NUMERIC)
    shifted = drift.compare(
        reference, training_frame(rows=5_000, seed=1).with_columns(pl.col("age") * 1.5)
    )
    assert shifted.drifted_features == ("age",)


def _histogram(values: np.ndarray) -> list[tuple[float, float, int]]:
    counts, edges = np.histogram(values, bins=20)
    return list(zip(edges[:-1], edges[1:], counts, strict=True))


def test_dates_and_booleans_are_compared_by_value() -> None:
    start = np.datetime64("2024-01-01")
    days = np.random.default_rng(0).integers(0, 365, 3_000)
    frame = pl.DataFrame({"day": start + days.astype("timedelta64[D]")})
    reference = drift.build_reference(frame, {"day": FeatureKind.NUMERIC})
    later = pl.DataFrame({"day": start + (days + 365).astype("timedelta64[D]")})
    assert drift.compare(reference, later).drifted_features == ("day",)
    assert drift.compare(reference, frame).drifted_features == ()
    assert drift.text_values(pl.Series([True, None, False])) == ["true", None, "false"]
