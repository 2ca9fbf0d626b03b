"""What an export is made from: a model version's stored files, and rows to prove parity on.

Blocking functions over the artifact store (run them in a thread); no database here. The
service fills a `ModelSource` from the registry; these turn it into the exporters' input.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pandas as pd
import polars as pl

from modelyard import exporters
from modelyard.exporters.base import ModelArtifacts
from modelyard.storage import ArtifactStore

# Rows from the training dataset when the version kept no held-out rows (older versions).
SAMPLE_ROWS = 500
_AVAILABILITY_CACHE_SIZE = 256


@dataclass(frozen=True)
class ModelSource:
    """The registry's facts about one model version that an export needs."""

    model_version_id: str
    model_name: str
    version_number: int
    task: str
    target: str
    signature: dict[str, Any]
    lineage: dict[str, Any]
    artifacts: dict[str, str]
    dataset_parquet_key: str | None = None


@dataclass(frozen=True)
class FormatAvailability:
    format: str
    available: bool
    reason: str | None = None


@dataclass(frozen=True)
class RowSample:
    rows: pd.DataFrame
    origin: str  # "holdout", "training_sample" or "none"


class MissingModelFile(Exception):
    """The version has no saved model file: nothing to export from."""


def load_artifacts(store: ArtifactStore, source: ModelSource) -> ModelArtifacts:
    """The exporters' view of the version; a missing ONNX file stays empty (flavors say why)."""
    model_key = source.artifacts.get("model")
    if not model_key:
        raise MissingModelFile(
            "The model version has no saved model file (model.skops): it was trained before "
            "models were kept for export. Retrain it to export it."
        )
    onnx_key = source.artifacts.get("onnx")
    return ModelArtifacts(
        model_version_id=source.model_version_id,
        model_name=source.model_name,
        task=source.task,
        target=source.target,
        classes=[str(label) for label in source.lineage.get("classes", [])],
        signature=source.signature,
        onnx=store.read_bytes(onnx_key) if onnx_key else b"",
        model=store.read_bytes(model_key),
        engine_version=str(source.lineage.get("engine_version", "")),
        library_versions={k: str(v) for k, v in source.lineage.get("library_versions", {}).items()},
    )


_CacheKey = tuple[str, tuple[tuple[str, str], ...]]
_availability_cache: OrderedDict[_CacheKey, list[FormatAvailability]] = OrderedDict()
_cache_lock = threading.Lock()
_key_locks: dict[_CacheKey, threading.Lock] = {}


def availability(store: ArtifactStore, source: ModelSource) -> list[FormatAvailability]:
    """Every format with whether this version can be exported to it and, if not, why.

    A version's files never change, so the answer is cached per version and file set.
    """
    cache_key = (source.model_version_id, tuple(sorted(source.artifacts.items())))
    with _cache_lock:
        key_lock = _key_locks.setdefault(cache_key, threading.Lock())
    # One computation per version at a time: concurrent askers wait for it and share it.
    with key_lock:
        with _cache_lock:
            cached = _availability_cache.get(cache_key)
            if cached is not None:
                _availability_cache.move_to_end(cache_key)
                return cached
        formats = _availability(store, source)
        with _cache_lock:
            _availability_cache[cache_key] = formats
            _key_locks.pop(cache_key, None)
            while len(_availability_cache) > _AVAILABILITY_CACHE_SIZE:
                _availability_cache.popitem(last=False)
    return formats


def _availability(store: ArtifactStore, source: ModelSource) -> list[FormatAvailability]:
    try:
        artifacts = load_artifacts(store, source)
    except MissingModelFile as missing:
        return [FormatAvailability(name, False, str(missing)) for name in sorted(exporters.FLAVORS)]
    return [_one(name, artifacts) for name in sorted(exporters.FLAVORS)]


def _one(name: str, artifacts: ModelArtifacts) -> FormatAvailability:
    try:
        verdict = exporters.FLAVORS[name].availability(artifacts)
    except Exception as error:  # a flavor that cannot even inspect the model says why
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        return FormatAvailability(name, False, str(message))
    reason = None if verdict.available else verdict.reason or "Not available."
    return FormatAvailability(name, verdict.available, reason)


def load_rows(store: ArtifactStore, source: ModelSource) -> RowSample:
    """Raw rows to prove parity on: the version's held-out rows, else a training sample."""
    holdout_key = source.artifacts.get("holdout")
    if holdout_key:
        with store.local_path(holdout_key) as path:
            frame = pl.read_parquet(path).to_pandas()
        return RowSample(_features(frame, source.target), "holdout")
    if source.dataset_parquet_key is None:
        return RowSample(pd.DataFrame(), "none")
    with store.local_path(source.dataset_parquet_key) as path:
        frame = pl.scan_parquet(path).head(SAMPLE_ROWS).collect().to_pandas()
    return RowSample(_features(frame, source.target), "training_sample")


def _features(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    return frame.drop(columns=[target], errors="ignore").reset_index(drop=True)
