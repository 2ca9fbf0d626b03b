"""Data drift: how far the inputs a model sees in production are from what it was trained on.

Pure functions over numpy arrays (and polars frames for convenience); no web, no database.

- A *reference* summarises the training data once per model version: for a numeric feature,
  cut points at its deciles, the share of rows in each bin (plus a bin for missing values)
  and a bounded random sample for the Kolmogorov-Smirnov test; for a categorical feature,
  the share of each frequent category, of "any other value" and of missing values.
- ``compare`` measures a batch of production rows against it: the Population Stability
  Index (PSI) per feature, with the two-sample KS test for numbers and Pearson's chi-square
  for categories.

PSI = sum((actual - expected) * ln(actual / expected)) over bins. Conventions: below 0.1 the
distribution is stable, 0.1 to 0.25 it moved moderately, 0.25 and above it shifted
significantly. Empty bins would make the logarithm infinite, so shares are floored at
``PSI_FLOOR`` before they are compared. PSI on few rows is biased upwards (about
(bins - 1) / rows under no shift), so a feature with fewer than ``min_rows`` current values
is reported as ``insufficient_data`` rather than judged.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

PSI_FLOOR = 1e-4
PSI_MODERATE = 0.1
PSI_SIGNIFICANT = 0.25
DEFAULT_BINS = 10
DEFAULT_SAMPLE_SIZE = 2_000
DEFAULT_MAX_CATEGORIES = 50
DEFAULT_MIN_ROWS = 200
DEFAULT_P_VALUE = 0.01
OTHER = "__other__"
REFERENCE_FORMAT = 1


class FeatureKind(enum.StrEnum):
    NUMERIC = "numeric"
    CATEGORICAL = "categorical"


class Severity(enum.StrEnum):
    STABLE = "stable"
    MODERATE = "moderate"
    SIGNIFICANT = "significant"
    INSUFFICIENT_DATA = "insufficient_data"


# -- the statistics -----------------------------------------------------------------------------


def shares(counts: Sequence[float] | np.ndarray) -> np.ndarray:
    """Counts as fractions of their total (all zeros when there is nothing)."""
    values = np.asarray(counts, dtype=np.float64)
    total = values.sum()
    return values / total if total > 0 else np.zeros_like(values)


def psi(
    expected: Sequence[float] | np.ndarray,
    actual: Sequence[float] | np.ndarray,
    *,
    floor: float = PSI_FLOOR,
) -> float:
    """Population Stability Index between two distributions over the same bins (shares)."""
    e = np.maximum(np.asarray(expected, dtype=np.float64), floor)
    a = np.maximum(np.asarray(actual, dtype=np.float64), floor)
    if e.shape != a.shape:
        raise ValueError(f"Bins differ: {e.shape} expected, {a.shape} actual.")
    return float(np.sum((a - e) * np.log(a / e)))


def severity_of(value: float | None) -> Severity:
    if value is None or not math.isfinite(value):
        return Severity.INSUFFICIENT_DATA
    if value >= PSI_SIGNIFICANT:
        return Severity.SIGNIFICANT
    if value >= PSI_MODERATE:
        return Severity.MODERATE
    return Severity.STABLE


def ks_test(reference: np.ndarray, current: np.ndarray) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov: (statistic, p-value)."""
    # SciPy is imported where a report is computed: the web server imports this module.
    from scipy import stats

    result = stats.ks_2samp(reference, current, method="asymp")
    return float(result.statistic), float(result.pvalue)


def chi_square_test(expected_shares: np.ndarray, observed_counts: np.ndarray) -> float:
    """Pearson's chi-square goodness of fit of observed counts to the reference shares.

    Bins empty in the reference get the PSI floor, so values never seen in training (the
    "other" bin of a categorical) make the test fail rather than vanish from it.
    """
    total = float(observed_counts.sum())
    if total <= 0 or len(expected_shares) < 2:
        return 1.0
    expected = np.maximum(np.asarray(expected_shares, dtype=np.float64), PSI_FLOOR)
    expected = expected / expected.sum() * total
    from scipy import stats

    return float(stats.chisquare(observed_counts.astype(np.float64), expected).pvalue)


# -- references ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumericReference:
    """Decile cut points, the share per bin (last bin = missing) and a sample for KS."""

    name: str
    edges: tuple[float, ...]
    expected: tuple[float, ...]
    sample: tuple[float, ...]
    rows: int
    kind: FeatureKind = FeatureKind.NUMERIC

    def counts(self, values: np.ndarray) -> np.ndarray:
        present = values[~np.isnan(values)]
        bins = np.searchsorted(np.asarray(self.edges), present, side="right")
        counts = np.bincount(bins, minlength=len(self.edges) + 1).astype(np.float64)
        return np.append(counts, float(len(values) - len(present)))


@dataclass(frozen=True)
class CategoricalReference:
    """The share of each frequent category, then of any other value, then of missing."""

    name: str
    categories: tuple[str, ...]
    expected: tuple[float, ...]
    rows: int
    kind: FeatureKind = FeatureKind.CATEGORICAL

    def counts(self, values: Sequence[str | None] | np.ndarray) -> np.ndarray:
        index = {category: i for i, category in enumerate(self.categories)}
        other, missing = len(self.categories), len(self.categories) + 1
        counts = np.zeros(len(self.categories) + 2, dtype=np.float64)
        for value in values:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                counts[missing] += 1
            else:
                counts[index.get(str(value), other)] += 1
        return counts


FeatureReference = NumericReference | CategoricalReference


@dataclass(frozen=True)
class DriftReference:
    """What production data is compared with, for each feature of a model."""

    features: tuple[FeatureReference, ...]
    rows: int
    source: str = "sample"

    def feature(self, name: str) -> FeatureReference:
        return next(feature for feature in self.features if feature.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REFERENCE_FORMAT,
            "rows": self.rows,
            "source": self.source,
            "features": [_feature_to_dict(feature) for feature in self.features],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DriftReference:
        features = tuple(_feature_from_dict(item) for item in data["features"])
        return cls(features=features, rows=int(data["rows"]), source=str(data["source"]))


def _feature_to_dict(feature: FeatureReference) -> dict[str, Any]:
    common = {"name": feature.name, "kind": str(feature.kind), "rows": feature.rows}
    if isinstance(feature, NumericReference):
        return {
            **common,
            "edges": list(feature.edges),
            "expected": list(feature.expected),
            "sample": list(feature.sample),
        }
    return {**common, "categories": list(feature.categories), "expected": list(feature.expected)}


def _feature_from_dict(item: Mapping[str, Any]) -> FeatureReference:
    if item["kind"] == FeatureKind.NUMERIC:
        return NumericReference(
            name=str(item["name"]),
            edges=tuple(float(v) for v in item["edges"]),
            expected=tuple(float(v) for v in item["expected"]),
            sample=tuple(float(v) for v in item["sample"]),
            rows=int(item["rows"]),
        )
    return CategoricalReference(
        name=str(item["name"]),
        categories=tuple(str(v) for v in item["categories"]),
        expected=tuple(float(v) for v in item["expected"]),
        rows=int(item["rows"]),
    )


def numeric_reference(
    name: str,
    values: np.ndarray,
    *,
    bins: int = DEFAULT_BINS,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    seed: int = 0,
) -> NumericReference:
    """Cut points at the training quantiles (duplicates merged: few-valued columns get fewer
    bins), and a random sample of the present values for the KS test."""
    values = np.asarray(values, dtype=np.float64)
    present = values[~np.isnan(values)]
    if len(present):
        quantiles = np.quantile(present, np.linspace(0, 1, bins + 1)[1:-1])
        edges = tuple(float(v) for v in np.unique(quantiles))
    else:
        edges = ()
    reference = NumericReference(name=name, edges=edges, expected=(), sample=(), rows=len(values))
    expected = shares(reference.counts(values))
    rng = np.random.default_rng(seed)
    sample = present if len(present) <= sample_size else rng.choice(present, sample_size, False)
    return NumericReference(
        name=name,
        edges=edges,
        expected=tuple(float(v) for v in expected),
        sample=tuple(float(v) for v in np.sort(sample)),
        rows=len(values),
    )


def categorical_reference(
    name: str,
    values: Sequence[str | None] | np.ndarray,
    *,
    max_categories: int = DEFAULT_MAX_CATEGORIES,
) -> CategoricalReference:
    """The most frequent categories by name; the rest share the "other" bin."""
    frequencies: dict[str, int] = {}
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        frequencies[str(value)] = frequencies.get(str(value), 0) + 1
    ranked = sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))
    categories = tuple(sorted(name for name, _ in ranked[:max_categories]))
    reference = CategoricalReference(name=name, categories=categories, expected=(), rows=0)
    expected = shares(reference.counts(values))
    return CategoricalReference(
        name=name,
        categories=categories,
        expected=tuple(float(v) for v in expected),
        rows=len(values),
    )


def build_reference(
    frame: pl.DataFrame,
    kinds: Mapping[str, FeatureKind],
    *,
    bins: int = DEFAULT_BINS,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    max_categories: int = DEFAULT_MAX_CATEGORIES,
    seed: int = 0,
) -> DriftReference:
    """A reference for the named features of a (sample of the) training frame."""
    features: list[FeatureReference] = []
    for name, kind in kinds.items():
        if name not in frame.columns:
            continue
        if kind is FeatureKind.NUMERIC:
            features.append(
                numeric_reference(
                    name, numeric_values(frame[name]), bins=bins, sample_size=sample_size, seed=seed
                )
            )
        else:
            features.append(
                categorical_reference(name, text_values(frame[name]), max_categories=max_categories)
            )
    return DriftReference(features=tuple(features), rows=frame.height)


def reference_from_profile(profile: Mapping[str, Any], names: Iterable[str]) -> DriftReference:
    """A PSI-only reference from a dataset profile (histograms and top values, no KS sample).

    Used when the training data itself can no longer be read. Histogram bins are equal-width
    rather than quantiles, which PSI tolerates; top values beyond the profile's few are
    counted as "other".
    """
    wanted = set(names)
    features: list[FeatureReference] = []
    rows = int(profile.get("rows", 0))
    for column in profile.get("columns", []):
        if column["name"] not in wanted:
            continue
        missing = float(column.get("missing", 0))
        if column.get("histogram"):
            histogram = column["histogram"]
            edges = tuple(float(b["end"]) for b in histogram[:-1])
            counts = [float(b["count"]) for b in histogram]
            scale = (rows - missing) / max(sum(counts), 1.0)
            expected = shares([c * scale for c in counts] + [missing])
            features.append(
                NumericReference(
                    name=column["name"],
                    edges=edges,
                    expected=tuple(float(v) for v in expected),
                    sample=(),
                    rows=rows,
                )
            )
        elif column.get("top_values"):
            top = column["top_values"]
            present = rows - missing
            counts = [float(v["fraction"]) * present for v in top]
            other = max(present - sum(counts), 0.0)
            ordered = sorted(zip((str(v["value"]) for v in top), counts, strict=True))
            expected = shares([c for _, c in ordered] + [other, missing])
            features.append(
                CategoricalReference(
                    name=column["name"],
                    categories=tuple(name for name, _ in ordered),
                    expected=tuple(float(v) for v in expected),
                    rows=rows,
                )
            )
    return DriftReference(features=tuple(features), rows=rows, source="profile")


def numeric_values(series: pl.Series) -> np.ndarray:
    """Float64 values with NaN for missing; dates and durations as seconds."""
    dtype = series.dtype
    if dtype.is_temporal():
        if dtype == pl.Date:
            series = series.cast(pl.Datetime("ms"))
        series = series.dt.epoch("s") if dtype != pl.Duration else series.dt.total_seconds()
    elif dtype == pl.Boolean:
        series = series.cast(pl.Int8)
    elif not dtype.is_numeric():
        series = series.cast(pl.Float64, strict=False)
    return series.cast(pl.Float64).fill_nan(None).to_numpy().astype(np.float64)


def text_values(series: pl.Series) -> list[str | None]:
    """Values as text (missing as None; booleans as "true"/"false")."""
    if series.dtype == pl.Boolean:
        return [None if v is None else ("true" if v else "false") for v in series.to_list()]
    return [None if v is None else str(v) for v in series.cast(pl.String).to_list()]


# -- comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureDrift:
    """One feature's drift: PSI with its severity, and the test that fits its kind."""

    name: str
    kind: FeatureKind
    rows: int
    psi: float | None
    severity: Severity
    test: str
    statistic: float | None
    p_value: float | None
    drifted: bool
    expected: tuple[float, ...] = ()
    actual: tuple[float, ...] = ()
    bins: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": str(self.kind),
            "rows": self.rows,
            "psi": _finite(self.psi),
            "severity": str(self.severity),
            "test": self.test,
            "statistic": _finite(self.statistic),
            "p_value": _finite(self.p_value),
            "drifted": self.drifted,
            "bins": list(self.bins),
            "expected": list(self.expected),
            "actual": list(self.actual),
        }


@dataclass(frozen=True)
class DriftResult:
    features: tuple[FeatureDrift, ...]
    rows: int
    min_rows: int = DEFAULT_MIN_ROWS
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def drifted_features(self) -> tuple[str, ...]:
        return tuple(feature.name for feature in self.features if feature.drifted)

    @property
    def max_psi(self) -> float | None:
        values = [f.psi for f in self.features if f.psi is not None and math.isfinite(f.psi)]
        return max(values) if values else None

    @property
    def severity(self) -> Severity:
        judged = [f.severity for f in self.features if f.severity is not Severity.INSUFFICIENT_DATA]
        if not judged:
            return Severity.INSUFFICIENT_DATA
        order = [Severity.STABLE, Severity.MODERATE, Severity.SIGNIFICANT]
        return max(judged, key=order.index)


def compare_numeric(
    reference: NumericReference,
    values: np.ndarray,
    *,
    min_rows: int = DEFAULT_MIN_ROWS,
    p_value: float = DEFAULT_P_VALUE,
) -> FeatureDrift:
    values = np.asarray(values, dtype=np.float64)
    actual = shares(reference.counts(values))
    present = values[~np.isnan(values)]
    statistic = probability = None
    if len(reference.sample) and len(present):
        statistic, probability = ks_test(np.asarray(reference.sample), present)
    return _judged(
        reference,
        len(values),
        actual,
        test="ks",
        statistic=statistic,
        probability=probability,
        min_rows=min_rows,
        p_value=p_value,
        bins=_numeric_bins(reference.edges),
    )


def compare_categorical(
    reference: CategoricalReference,
    values: Sequence[str | None] | np.ndarray,
    *,
    min_rows: int = DEFAULT_MIN_ROWS,
    p_value: float = DEFAULT_P_VALUE,
) -> FeatureDrift:
    counts = reference.counts(values)
    probability = chi_square_test(np.asarray(reference.expected), counts) if counts.sum() else None
    return _judged(
        reference,
        len(values),
        shares(counts),
        test="chi_square",
        statistic=None,
        probability=probability,
        min_rows=min_rows,
        p_value=p_value,
        bins=(*reference.categories, OTHER, "missing"),
    )


def _judged(
    reference: FeatureReference,
    rows: int,
    actual: np.ndarray,
    *,
    test: str,
    statistic: float | None,
    probability: float | None,
    min_rows: int,
    p_value: float,
    bins: tuple[str, ...],
) -> FeatureDrift:
    enough = rows >= min_rows and rows > 0
    value = psi(reference.expected, actual) if rows else None
    severity = severity_of(value) if enough else Severity.INSUFFICIENT_DATA
    test_says = probability is not None and probability < p_value
    drifted = enough and (
        severity is Severity.SIGNIFICANT
        or (test_says and value is not None and value >= PSI_MODERATE)
    )
    return FeatureDrift(
        name=reference.name,
        kind=reference.kind,
        rows=rows,
        psi=value,
        severity=severity,
        test=test,
        statistic=statistic,
        p_value=probability,
        drifted=bool(drifted),
        expected=tuple(round(float(v), 6) for v in reference.expected),
        actual=tuple(round(float(v), 6) for v in actual),
        bins=bins,
    )


def _numeric_bins(edges: Sequence[float]) -> tuple[str, ...]:
    if not edges:
        return ("all", "missing")
    labels = [f"< {edges[0]:.6g}"]
    labels += [f"{low:.6g} - {high:.6g}" for low, high in itertools.pairwise(edges)]
    labels.append(f">= {edges[-1]:.6g}")
    return (*labels, "missing")


def compare(
    reference: DriftReference,
    frame: pl.DataFrame,
    *,
    min_rows: int = DEFAULT_MIN_ROWS,
    p_value: float = DEFAULT_P_VALUE,
) -> DriftResult:
    """Every reference feature against the current rows (a feature absent from them is skipped)."""
    features: list[FeatureDrift] = []
    for feature in reference.features:
        if feature.name not in frame.columns:
            continue
        if isinstance(feature, NumericReference):
            drift = compare_numeric(
                feature, numeric_values(frame[feature.name]), min_rows=min_rows, p_value=p_value
            )
        else:
            drift = compare_categorical(
                feature, text_values(frame[feature.name]), min_rows=min_rows, p_value=p_value
            )
        features.append(drift)
    return DriftResult(features=tuple(features), rows=frame.height, min_rows=min_rows)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
