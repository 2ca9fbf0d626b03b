"""Profiling a dataset's Parquet file with polars, in two passes and bounded memory.

1. One streaming pass over every row: missing values, distinct counts (HyperLogLog estimates
   above ``exact_distinct_rows``), min/max/mean/std, mean text length and duplicate rows.
2. One deterministic sample of at most ``sample_rows`` rows, held in memory: quantiles,
   histograms, top values, semantic types, target suggestions and the leakage check. Small
   datasets are analysed whole, so their figures are exact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from modelyard.datasets.profile_models import (
    ColumnProfile,
    DatasetProfile,
    HistogramBin,
    NumericStats,
    ProfileWarning,
    SemanticType,
    TargetSuggestion,
    TaskType,
    ValueCount,
    WarningKind,
)

_QUANTILES = {"p05": 0.05, "p25": 0.25, "median": 0.5, "p75": 0.75, "p95": 0.95}
_BOOLEAN_WORDS = [{"true", "false"}, {"yes", "no"}, {"y", "n"}, {"t", "f"}]
_IDENTIFIER_NAME = re.compile(r"(^|[_\s.-])(id|uuid|guid|key|index|rownames?)$|^unnamed: ?0$", re.I)
# Names that usually mean "the thing to predict" when they are the whole column name, and
# words that hint at it when they are part of one ("passengerClass", "sale_price").
_TARGET_NAMES = frozenset(
    [
        "target",
        "label",
        "labels",
        "class",
        "outcome",
        "response",
        "churn",
        "churned",
        "survived",
        "default",
        "fraud",
        "is_fraud",
        "species",
        "price",
        "deny",
        "dead",
        "purchase",
        "diagnosis",
        "vote",
        "wage",
        "salary",
    ]
)
_TARGET_WORDS = frozenset(
    [
        "target",
        "label",
        "class",
        "outcome",
        "result",
        "response",
        "status",
        "score",
        "grade",
        "price",
        "sales",
        "revenue",
        "count",
        "cnt",
        "amount",
        "demand",
        "churn",
        "default",
        "fraud",
        "y",
    ]
)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


@dataclass(frozen=True, slots=True)
class ProfileOptions:
    sample_rows: int = 200_000
    #: Columns with more distinct values than this in the sample get a HyperLogLog estimate
    #: over the full data instead of an exact count, which would need memory per value.
    exact_distinct_limit: int = 20_000
    histogram_bins: int = 20
    top_values: int = 10
    max_classes: int = 50
    seed: int = 0


def profile_parquet(path: Path, options: ProfileOptions | None = None) -> DatasetProfile:
    """Profile the Parquet file at ``path`` (as written by ``ingest_to_parquet``)."""
    options = options or ProfileOptions()
    lazy = pl.scan_parquet(path)
    schema = lazy.collect_schema()
    rows = pq.read_metadata(path).num_rows
    sample = _sample(lazy, rows, options)
    sampled = sample.height < rows
    countable = [
        name
        for name in schema.names()
        if not sampled or sample[name].n_unique() <= options.exact_distinct_limit
    ]
    full = _full_pass(lazy, schema, countable, options)
    columns = [
        _profile_column(name, dtype, full, sample[name], rows, options)
        for name, dtype in schema.items()
    ]
    suggestions = suggest_targets(columns, max_classes=options.max_classes)
    duplicates = rows - full.distinct_rows
    warnings = [
        *_column_warnings(columns),
        *_target_warnings(columns, suggestions[:1], sample, options),
    ]
    if duplicates:
        warnings.append(
            ProfileWarning(
                kind=WarningKind.DUPLICATE_ROWS,
                column=None,
                message=f"{duplicates} rows are exact copies of another row.",
            )
        )
    return DatasetProfile(
        rows=rows,
        column_count=len(columns),
        duplicate_rows=duplicates,
        sampled=sampled,
        sample_rows=sample.height,
        columns=columns,
        target_suggestions=suggestions,
        warnings=warnings,
    )


# -- pass 1: every row ------------------------------------------------------------------------


def _is_numeric(dtype: pl.DataType) -> bool:
    return dtype.is_numeric() and dtype != pl.Boolean


@dataclass(frozen=True, slots=True)
class _FullStats:
    """Figures over every row: per-column aggregates, exact value counts of the columns with
    few distinct values (value, len; nulls excluded), and the number of distinct rows."""

    aggregates: dict[str, dict[str, Any]]
    value_counts: dict[str, pl.DataFrame]
    distinct_rows: int


def _aggregates(name: str, dtype: pl.DataType, countable: bool) -> dict[str, pl.Expr]:
    column = pl.col(name)
    stats = {"missing": column.null_count()}
    if not countable:
        stats["distinct"] = column.drop_nulls().approx_n_unique()
    if _is_numeric(dtype):
        number = column.cast(pl.Float64)
        stats |= {"min": number.min(), "max": number.max(), "mean": number.mean()}
        stats["std"] = number.std()
    elif dtype.is_temporal():
        stats |= {"min": column.min(), "max": column.max()}
    elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        stats["mean_length"] = column.cast(pl.String).str.len_chars().mean()
    return stats


def _full_pass(
    lazy: pl.LazyFrame, schema: pl.Schema, countable: list[str], options: ProfileOptions
) -> _FullStats:
    """One aggregate query, one group-by per countable column and one over row hashes, run
    together on the streaming engine (exact ``n_unique`` would hold whole columns in memory)."""
    names = list(schema.names())
    expressions = [
        expr.alias(f"{index}:{key}")
        for index, (name, dtype) in enumerate(schema.items())
        for key, expr in _aggregates(name, dtype, name in countable).items()
    ]
    queries = [
        lazy.select(expressions),
        lazy.select(pl.struct(pl.all()).hash(options.seed).alias("h")).unique().select(pl.len()),
        *(lazy.select(name).drop_nulls().group_by(name).len() for name in countable),
    ]
    aggregate_row, distinct_rows, *counts = pl.collect_all(queries, engine="streaming")
    aggregates: dict[str, dict[str, Any]] = {name: {} for name in names}
    for alias, value in aggregate_row.row(0, named=True).items():
        index, key = alias.split(":", 1)
        aggregates[names[int(index)]][key] = value
    return _FullStats(
        aggregates=aggregates,
        value_counts=dict(zip(countable, counts, strict=True)),
        distinct_rows=int(distinct_rows.item()),
    )


# -- pass 2: the sample -----------------------------------------------------------------------


def _sample(lazy: pl.LazyFrame, rows: int, options: ProfileOptions) -> pl.DataFrame:
    """Every row, or a deterministic pseudo-random subset of about ``sample_rows`` rows."""
    if rows <= options.sample_rows:
        return lazy.collect(engine="streaming")
    index = "__modelyard_row"
    keep = (pl.col(index).hash(options.seed) % rows) < options.sample_rows
    return lazy.with_row_index(index).filter(keep).drop(index).collect(engine="streaming")


def _profile_column(
    name: str,
    dtype: pl.DataType,
    full: _FullStats,
    sample: pl.Series,
    rows: int,
    options: ProfileOptions,
) -> ColumnProfile:
    stats = full.aggregates[name]
    counts = full.value_counts.get(name)
    missing = int(stats["missing"])
    count = rows - missing
    present = sample.drop_nulls()
    distinct = counts.height if counts is not None else _estimate_distinct(stats, present, count)
    values = counts[name] if counts is not None else present.unique()
    value_range = (
        (_finite(stats.get("min")), _finite(stats.get("max")))
        if _is_numeric(dtype)
        else (None, None)
    )
    semantic = infer_semantic_type(name, dtype, present, values, distinct, count, value_range)
    profile: dict[str, Any] = {
        "name": name,
        "dtype": str(dtype),
        "semantic_type": semantic,
        "count": count,
        "missing": missing,
        "missing_pct": round(100 * missing / rows, 3) if rows else 0.0,
        "distinct": distinct,
        "distinct_is_approximate": counts is None,
        "mean_length": _finite(stats.get("mean_length")),
    }
    if _is_numeric(dtype):
        profile["numeric"] = _numeric_stats(stats, present)
        if semantic is SemanticType.NUMERIC:
            profile["histogram"] = _histogram(present, stats, options.histogram_bins)
    if dtype.is_temporal():
        profile["min_value"] = _iso(stats.get("min"))
        profile["max_value"] = _iso(stats.get("max"))
    if semantic in (SemanticType.CATEGORICAL, SemanticType.BOOLEAN) or (
        semantic is SemanticType.NUMERIC and distinct <= options.top_values * 2
    ):
        if counts is None:
            counts = present.value_counts(name="len")
        profile["top_values"] = _top_values(counts, options.top_values)
    return ColumnProfile.model_validate(profile)


def _estimate_distinct(stats: dict[str, Any], present: pl.Series, count: int) -> int:
    """polars' HyperLogLog is off by ~10%; the sample bounds it from below, and a column
    with no repeated value in a large sample is taken to be unique."""
    in_sample = present.n_unique()
    if present.len() and in_sample >= 0.999 * present.len():
        return count
    return max(in_sample, min(int(stats["distinct"]), count))


def infer_semantic_type(
    name: str,
    dtype: pl.DataType,
    present: pl.Series,
    values: pl.Series,
    distinct: int,
    count: int,
    value_range: tuple[float | None, float | None] = (None, None),
) -> SemanticType:
    """What the column means, from its storage type, its values and its name.

    ``present`` holds the sampled non-missing values; ``values`` the distinct values (all of
    them for columns with few, else those of the sample); ``value_range`` the exact minimum
    and maximum of a numeric column.
    """
    if dtype == pl.Boolean:
        return SemanticType.BOOLEAN
    if dtype.is_temporal():
        return SemanticType.DATETIME
    unique_ratio = distinct / count if count else 0.0
    if _is_numeric(dtype):
        if distinct == 2 and set(values.to_list()) <= {0, 1}:
            return SemanticType.BOOLEAN
        unique_integers = dtype.is_integer() and count > 50 and unique_ratio >= 0.99
        low, high = value_range
        consecutive = low is not None and high is not None and high - low + 1 == count
        if unique_integers and (
            _IDENTIFIER_NAME.search(name) or consecutive or _is_sequence(present)
        ):
            return SemanticType.IDENTIFIER
        return SemanticType.NUMERIC
    text = present.cast(pl.String)
    if distinct == 2 and _is_boolean_words(values.cast(pl.String)):
        return SemanticType.BOOLEAN
    if _looks_like_datetime(text):
        return SemanticType.DATETIME
    if count > 50 and unique_ratio >= 0.95:
        words = _mean_words(text)
        if words < 2 and (_IDENTIFIER_NAME.search(name) or unique_ratio >= 0.99):
            return SemanticType.IDENTIFIER
        if words >= 3:
            return SemanticType.TEXT
    if _mean_words(text) >= 5:
        return SemanticType.TEXT
    return SemanticType.CATEGORICAL


def _is_sequence(present: pl.Series) -> bool:
    if present.len() < 2:
        return False
    ordered = present.sort()
    steps = ordered.diff().drop_nulls()
    return bool((steps == steps[0]).all())


def _is_boolean_words(text: pl.Series) -> bool:
    values = {str(v).strip().lower() for v in text.unique().to_list()}
    return any(values == pair for pair in _BOOLEAN_WORDS)


def _looks_like_datetime(text: pl.Series) -> bool:
    probe = text.head(1000)
    if probe.len() == 0 or not probe.str.contains(r"\d[-/:.]\d").all():
        return False
    try:
        parsed = probe.str.to_datetime(strict=False)
    except pl.exceptions.PolarsError:
        return False
    return parsed.null_count() <= 0.05 * probe.len()


def _mean_words(text: pl.Series) -> float:
    if text.len() == 0:
        return 0.0
    words = text.head(10_000).str.count_matches(r"\S+").mean()
    return float(words) if isinstance(words, int | float) else 0.0


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _numeric_stats(stats: dict[str, Any], present: pl.Series) -> NumericStats:
    values = present.cast(pl.Float64)
    quantiles: dict[str, float | None] = {
        key: _finite(values.quantile(q, interpolation="linear")) if values.len() else None
        for key, q in _QUANTILES.items()
    }
    return NumericStats(
        min=_finite(stats.get("min")),
        max=_finite(stats.get("max")),
        mean=_finite(stats.get("mean")),
        std=_finite(stats.get("std")),
        **quantiles,
    )


def _histogram(present: pl.Series, stats: dict[str, Any], bins: int) -> list[HistogramBin]:
    low, high = _finite(stats.get("min")), _finite(stats.get("max"))
    values = present.cast(pl.Float64)
    values = values.filter(values.is_finite())
    if low is None or high is None or values.len() == 0:
        return []
    if high == low:
        return [HistogramBin(start=low, end=high, count=values.len())]
    width = (high - low) / bins
    index = ((values - low) / width).floor().clip(0, bins - 1).cast(pl.Int64)
    counts = dict(index.value_counts().iter_rows())
    return [
        HistogramBin(start=low + i * width, end=low + (i + 1) * width, count=counts.get(i, 0))
        for i in range(bins)
    ]


def _top_values(counts: pl.DataFrame, limit: int) -> list[ValueCount]:
    """The most frequent values from a (value, len) frame."""
    total = int(counts["len"].sum())
    if total == 0:
        return []
    top = counts.sort(["len", counts.columns[0]], descending=[True, False]).head(limit)
    return [
        ValueCount(value=_text(value), count=int(n), fraction=round(n / total, 6))
        for value, n in top.iter_rows()
    ]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- targets and warnings ---------------------------------------------------------------------


def _target_task(column: ColumnProfile, max_classes: int) -> TaskType | None:
    if column.semantic_type in (SemanticType.IDENTIFIER, SemanticType.TEXT, SemanticType.DATETIME):
        return None
    if column.distinct < 2 or column.missing_pct > 50:
        return None
    if column.semantic_type is SemanticType.BOOLEAN or column.distinct == 2:
        return TaskType.BINARY
    if column.semantic_type is SemanticType.CATEGORICAL:
        return TaskType.MULTICLASS if column.distinct <= max_classes else None
    if column.dtype.startswith(("Int", "UInt")) and column.distinct <= 10:
        return TaskType.MULTICLASS
    return TaskType.REGRESSION


def suggest_targets(
    columns: list[ColumnProfile], *, limit: int = 3, max_classes: int = 50
) -> list[TargetSuggestion]:
    """The columns most likely to be what the user wants to predict, best first."""
    suggestions: list[TargetSuggestion] = []
    for position, column in enumerate(columns):
        task = _target_task(column, max_classes)
        if task is None:
            continue
        reasons, score = [], 0.2
        name_hint = _target_name_hint(column.name)
        if name_hint:
            score += name_hint
            reasons.append("its name suggests an outcome")
        if position == len(columns) - 1:
            score += 0.15
            reasons.append("it is the last column")
        elif position == 0:
            score += 0.1
            reasons.append("it is the first column")
        score += {TaskType.BINARY: 0.1, TaskType.MULTICLASS: 0.05, TaskType.REGRESSION: 0.0}[task]
        score -= column.missing_pct / 200
        classes = column.distinct if task is not TaskType.REGRESSION else None
        kind = f"{classes} classes" if classes else "continuous values"
        suggestions.append(
            TargetSuggestion(
                column=column.name,
                task=task,
                score=round(min(max(score, 0.0), 1.0), 3),
                classes=classes,
                reason="; ".join([kind, *reasons]),
            )
        )
    suggestions.sort(key=lambda s: -s.score)
    return suggestions[:limit]


def _target_name_hint(name: str) -> float:
    if name.strip().lower() in _TARGET_NAMES:
        return 0.5
    words = {word.lower() for word in _WORD.findall(name)}
    return 0.25 if words & _TARGET_WORDS else 0.0


def _column_warnings(columns: Iterable[ColumnProfile]) -> list[ProfileWarning]:
    warnings: list[ProfileWarning] = []
    for column in columns:
        found: tuple[WarningKind, str] | None = None
        if column.distinct <= 1:
            what = "has no values" if column.count == 0 else "has the same value in every row"
            found = (WarningKind.CONSTANT, f"{column.name!r} {what}; it cannot help a model.")
        elif column.semantic_type is SemanticType.IDENTIFIER:
            found = (
                WarningKind.IDENTIFIER_LIKE,
                f"{column.name!r} looks like an identifier (unique per row); "
                "it should not be used as a feature.",
            )
        elif column.semantic_type is SemanticType.CATEGORICAL and column.distinct > 50:
            found = (
                WarningKind.HIGH_CARDINALITY,
                f"{column.name!r} has {column.distinct} distinct values.",
            )
        if found:
            warnings.append(ProfileWarning(kind=found[0], column=column.name, message=found[1]))
        if column.missing_pct >= 50 and column.count > 0:
            warnings.append(
                ProfileWarning(
                    kind=WarningKind.MOSTLY_MISSING,
                    column=column.name,
                    message=f"{column.name!r} is missing in {column.missing_pct:.1f}% of rows.",
                )
            )
    return warnings


def _target_warnings(
    columns: list[ColumnProfile],
    suggestions: list[TargetSuggestion],
    sample: pl.DataFrame,
    options: ProfileOptions,
) -> list[ProfileWarning]:
    if not suggestions:
        return []
    target = suggestions[0]
    warnings: list[ProfileWarning] = []
    frame = sample.filter(pl.col(target.column).is_not_null())
    if target.task is not TaskType.REGRESSION:
        warnings += _imbalance(frame[target.column], target.column)
    for column in columns:
        if column.name == target.column or column.distinct <= 1:
            continue
        if column.semantic_type in (SemanticType.IDENTIFIER, SemanticType.TEXT):
            continue
        strength = _leakage_strength(frame, column, target, options)
        if strength is not None:
            warnings.append(
                ProfileWarning(
                    kind=WarningKind.LIKELY_LEAKAGE,
                    column=column.name,
                    message=(
                        f"{column.name!r} predicts {target.column!r} almost perfectly "
                        f"({strength}); it may be derived from the target."
                    ),
                )
            )
    return warnings


def _imbalance(target: pl.Series, name: str) -> list[ProfileWarning]:
    counts: list[int] = target.value_counts(name="n")["n"].to_list()
    if len(counts) < 2 or min(counts) / max(counts) >= 0.1:
        return []
    share = min(counts) / sum(counts)
    return [
        ProfileWarning(
            kind=WarningKind.CLASS_IMBALANCE,
            column=name,
            message=(
                f"The rarest class of {name!r} is {share:.1%} of rows; "
                "consider a metric such as ROC AUC or F1 rather than accuracy."
            ),
        )
    ]


def _leakage_strength(
    frame: pl.DataFrame, column: ColumnProfile, target: TargetSuggestion, options: ProfileOptions
) -> str | None:
    pair = frame.select(
        pl.col(column.name).alias("x"), pl.col(target.column).alias("y")
    ).drop_nulls()
    if pair.height < 20:
        return None
    numeric = column.semantic_type is SemanticType.NUMERIC and pair["x"].dtype.is_numeric()
    if target.task is TaskType.REGRESSION:
        if not numeric or not pair["y"].dtype.is_numeric():
            return None
        corr = _correlation(pair["x"], pair["y"])
        return f"correlation {corr:.3f}" if corr is not None and abs(corr) >= 0.98 else None
    if numeric and column.distinct > options.max_classes:
        if target.task is not TaskType.BINARY:
            return None
        y = (pair["y"] == pair["y"].first()).cast(pl.Float64)
        corr = _correlation(pair["x"], y)
        return f"correlation {corr:.3f}" if corr is not None and abs(corr) >= 0.95 else None
    if column.distinct > 0.5 * pair.height:
        return None
    purity = (
        pair.group_by("x", "y").len().group_by("x").agg(pl.col("len").max())["len"].sum()
        / pair.height
    )
    return f"each value maps to one class in {purity:.1%} of rows" if purity >= 0.99 else None


def _correlation(x: pl.Series, y: pl.Series) -> float | None:
    frame = pl.DataFrame({"x": x.cast(pl.Float64), "y": y.cast(pl.Float64)})
    value = frame.select(pl.corr("x", "y")).item()
    return float(value) if value is not None and math.isfinite(value) else None
