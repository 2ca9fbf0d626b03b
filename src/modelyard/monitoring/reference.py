"""The drift reference of a model version, and a deployment's logged inputs, as frames.

Both are in the prepared space the prediction log writes (``input__<feature>`` columns:
numbers as floats, categories as text with "" for missing, dates split into parts): the
reference prepares a sample of the training dataset version with the model's signature.
References are computed once per model version and kept in the artifact store.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from modelyard import engine
from modelyard.engine.signature import MISSING_CATEGORY, InputSignature
from modelyard.monitoring import drift
from modelyard.storage import ArtifactStore

REFERENCE_PREFIX = "monitoring/references"
LOG_PREFIX = "predictions"
INPUT_PREFIX = "input__"
REFERENCE_SAMPLE_ROWS = 20_000


def reference_key(model_version_id: str) -> str:
    return f"{REFERENCE_PREFIX}/{model_version_id}.json"


def feature_kinds(signature: InputSignature) -> dict[str, drift.FeatureKind]:
    text = set(signature.text_features)
    return {
        name: drift.FeatureKind.CATEGORICAL if name in text else drift.FeatureKind.NUMERIC
        for name in signature.feature_names
    }


def cached_reference(store: ArtifactStore, model_version_id: str) -> drift.DriftReference | None:
    key = reference_key(model_version_id)
    if not store.exists(key):
        return None
    return drift.DriftReference.from_dict(json.loads(store.read_bytes(key)))


def build_from_parquet(
    store: ArtifactStore, model_version_id: str, parquet_key: str, signature: dict[str, Any]
) -> drift.DriftReference:
    """Prepare a deterministic sample of the training data and keep its reference."""
    parsed = InputSignature.from_dict(signature)
    with store.local_path(parquet_key) as path:
        sample = _sample(Path(path), REFERENCE_SAMPLE_ROWS)
    prepared = pl.from_pandas(engine.prepare_features(sample.to_pandas(), parsed))
    reference = drift.build_reference(_missing_text_as_null(prepared), feature_kinds(parsed))
    return keep(store, model_version_id, reference)


def build_from_profile(
    store: ArtifactStore, model_version_id: str, profile: dict[str, Any], signature: dict[str, Any]
) -> drift.DriftReference:
    parsed = InputSignature.from_dict(signature)
    return keep(
        store, model_version_id, drift.reference_from_profile(profile, parsed.feature_names)
    )


def keep(
    store: ArtifactStore, model_version_id: str, reference: drift.DriftReference
) -> drift.DriftReference:
    store.put_bytes(json.dumps(reference.to_dict()).encode(), key=reference_key(model_version_id))
    return reference


def _sample(path: Path, rows: int) -> pl.DataFrame:
    lazy = pl.scan_parquet(path)
    total = lazy.select(pl.len()).collect().item()
    if total <= rows:
        return lazy.collect()
    keep_row = (pl.col("__row").hash(0) % total) < rows
    return lazy.with_row_index("__row").filter(keep_row).drop("__row").collect()


def _missing_text_as_null(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col(name) == MISSING_CATEGORY).then(None).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def logged_inputs(
    store: ArtifactStore,
    workspace_id: str,
    deployment_id: str,
    start: datetime,
    end: datetime,
    max_rows: int,
) -> pl.DataFrame:
    """The newest logged inputs of the window (at most `max_rows`), features as columns."""
    frames: list[pl.DataFrame] = []
    rows = 0
    for key in reversed(_log_keys(store, workspace_id, deployment_id, start, end)):
        part = pl.read_parquet(io.BytesIO(store.read_bytes(key)))
        if "created_at" in part.columns:
            stamps = part["created_at"]
            if stamps.dtype == pl.Datetime and stamps.dtype.time_zone is None:  # type: ignore[attr-defined]
                part = part.with_columns(pl.col("created_at").dt.replace_time_zone("UTC"))
            part = part.filter((pl.col("created_at") >= start) & (pl.col("created_at") < end))
        inputs = [c for c in part.columns if c.startswith(INPUT_PREFIX)]
        part = part.select(inputs).rename({c: c[len(INPUT_PREFIX) :] for c in inputs})
        frames.append(part)
        rows += part.height
        if rows >= max_rows:
            break
    if not frames:
        return pl.DataFrame()
    combined = pl.concat(frames, how="diagonal_relaxed").head(max_rows)
    return _missing_text_as_null(combined)


def _log_keys(
    store: ArtifactStore, workspace_id: str, deployment_id: str, start: datetime, end: datetime
) -> list[str]:
    keys: list[str] = []
    day = start.date()
    while day <= end.date():
        prefix = f"{LOG_PREFIX}/{workspace_id}/{deployment_id}/{day.isoformat()}/"
        keys.extend(info.key for info in store.list(prefix) if info.key.endswith(".parquet"))
        day += timedelta(days=1)
    return sorted(keys)
