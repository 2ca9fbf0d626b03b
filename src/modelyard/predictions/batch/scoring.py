"""Scoring a Parquet file in chunks through a model version's ONNX graph, in bounded memory.

Chunks of ``chunk_rows`` rows are read with pyarrow, prepared with polars (the same preparation
as ``engine.prepare_features``, vectorised), scored by one ONNX Runtime run each, and appended
in order to a CSV or Parquet writer. ``threads`` chunks are scored at once, each by a
single-threaded run (ONNX Runtime releases the GIL, and a tree ensemble scales far better over
chunks than over the threads of one run); at most ``threads + 1`` chunks (and their outputs) are
in memory at a time, whatever the file's size.
"""

from __future__ import annotations

import enum
import os
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from modelyard import engine
from modelyard.engine.signature import ColumnKind, InputSignature
from modelyard.storage import ArtifactStore

PREDICTION_COLUMN = "prediction"
PROBABILITY_PREFIX = "probability_"


class BatchOutputFormat(enum.StrEnum):
    CSV = "csv"
    PARQUET = "parquet"


@dataclass
class BatchModel:
    """A model version ready to score chunks: signature, task, classes and its runtime."""

    signature: InputSignature
    task: engine.Task
    classes: tuple[str, ...]
    session: ort.InferenceSession | None
    python_model: Any | None = None
    # Chunks scored at once (each by a single-threaded run).
    threads: int = 1

    @property
    def is_classifier(self) -> bool:
        return self.task.is_classification

    def output_names(self, taken: Sequence[str] = ()) -> list[str]:
        names = [PREDICTION_COLUMN]
        if self.is_classifier:
            names += [f"{PROBABILITY_PREFIX}{label}" for label in self.classes]
        return [_unique(name, taken) for name in names]


def _unique(name: str, taken: Sequence[str]) -> str:
    candidate, suffix = name, 1
    while candidate in taken:
        candidate, suffix = f"{name}_{suffix}", suffix + 1
    return candidate


def load_batch_model(
    store: ArtifactStore,
    *,
    task: str,
    signature: Mapping[str, Any],
    classes: Sequence[str],
    artifacts: Mapping[str, str],
    threads: int = 0,
) -> BatchModel:
    """The version's ONNX graph in a session of its own (the fitted model when it has none).

    ``threads`` chunks are scored at once (0: one per core).
    """
    parsed = InputSignature.from_dict(signature)
    parallel = threads if threads > 0 else (os.cpu_count() or 1)
    if "onnx" in artifacts:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # Idle threads spinning for work steal the CPU other jobs and the API need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        session = ort.InferenceSession(
            store.read_bytes(artifacts["onnx"]), options, providers=["CPUExecutionProvider"]
        )
        return BatchModel(
            parsed, engine.Task(task), tuple(map(str, classes)), session, threads=parallel
        )
    model = engine.load_model(store.read_bytes(artifacts["model"]))
    # The fitted model's own libraries hold the GIL in places: one chunk at a time.
    return BatchModel(parsed, engine.Task(task), tuple(map(str, classes)), None, model)


def missing_columns(signature: Mapping[str, Any], columns: Sequence[str]) -> list[str]:
    present = set(columns)
    return [str(c["name"]) for c in signature.get("columns", []) if c["name"] not in present]


# -- preparation (vectorised engine.prepare_features + engine.onnx_feeds) -------------------------


def prepare(frame: pl.DataFrame, signature: InputSignature) -> dict[str, np.ndarray]:
    """ONNX feeds for a raw chunk: (n, 1) float32 arrays for numbers, object str arrays for text."""
    feeds: dict[str, np.ndarray] = {}
    for column in signature.columns:
        values = frame[column.name]
        if column.kind is ColumnKind.CATEGORICAL:
            text = values.cast(pl.String, strict=False).fill_null(engine.signature.MISSING_CATEGORY)
            feeds[column.name] = text.to_numpy().astype(object).reshape(-1, 1)
        elif column.kind is ColumnKind.DATETIME:
            feeds.update(_datetime_feeds(values, column))
        else:
            feeds[column.name] = _float32(_as_number(values))
    return feeds


def _as_number(values: pl.Series) -> pl.Series:
    if values.dtype == pl.Duration:
        return values.dt.total_seconds(fractional=True)
    if values.dtype == pl.String:
        values = values.str.strip_chars()
    return values.cast(pl.Float64, strict=False)


def _float32(values: pl.Series) -> np.ndarray:
    array = values.cast(pl.Float64).fill_null(np.nan).to_numpy()
    return np.asarray(array, dtype=np.float32).reshape(-1, 1)


def _datetime_feeds(values: pl.Series, column: engine.ColumnSpec) -> dict[str, np.ndarray]:
    # Parsing text dates exactly as pandas does matters more than speed on this rare path.
    prepared = engine.prepare_features(
        pl.DataFrame({column.name: values}).to_pandas(),
        InputSignature(columns=(column,), target=""),
    )
    return {
        name: prepared[name].to_numpy(dtype=np.float32).reshape(-1, 1)
        for name in column.feature_names
    }


# -- scoring ------------------------------------------------------------------------------------


def score_frame(model: BatchModel, frame: pl.DataFrame) -> np.ndarray:
    """Probabilities (n, classes) for a classifier, values (n,) for a regressor."""
    if model.session is not None:
        feeds = prepare(frame, model.signature)
        wanted = [node.name for node in model.session.get_inputs()]
        outputs = [node.name for node in model.session.get_outputs()]
        name = (
            "probabilities"
            if model.is_classifier and "probabilities" in outputs
            else outputs[-1 if model.is_classifier else 0]
        )
        result = model.session.run([name], {key: feeds[key] for key in wanted})[0]
    else:
        prepared = engine.prepare_features(frame.to_pandas(), model.signature)
        python: Any = model.python_model
        result = python.predict_proba(prepared) if model.is_classifier else python.predict(prepared)
    array = np.asarray(result, dtype=np.float64)
    return array.reshape(len(frame), -1) if model.is_classifier else array.reshape(-1)


def outputs_of(model: BatchModel, scores: np.ndarray, names: Sequence[str]) -> dict[str, Any]:
    if not model.is_classifier:
        return {names[0]: scores}
    classes = np.asarray(model.classes or [str(i) for i in range(scores.shape[1])], dtype=object)
    columns: dict[str, Any] = {names[0]: classes[scores.argmax(axis=1)]}
    for index, name in enumerate(names[1:]):
        columns[name] = scores[:, index]
    return columns


@dataclass(frozen=True)
class BatchResult:
    rows: int
    columns: list[str]


def score_parquet(
    model: BatchModel,
    source: Path,
    destination: Path,
    *,
    output_format: BatchOutputFormat,
    chunk_rows: int,
    include_inputs: bool = True,
    on_chunk: Callable[[int], None] | None = None,
) -> BatchResult:
    """Score every row of ``source`` into ``destination``; ``on_chunk(rows_done)`` after each.

    ``on_chunk`` may raise to stop (cancellation); the partial destination is the caller's to
    delete.
    """
    parquet = pq.ParquetFile(source)
    input_names = list(parquet.schema_arrow.names)
    names = model.output_names(input_names if include_inputs else ())
    writer: Any = None
    done = 0

    def score(batch: pa.RecordBatch) -> pa.Table:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        scored = outputs_of(model, score_frame(model, frame), names)
        return _output_table(batch, scored, include_inputs)

    pending: deque[Future[pa.Table]] = deque()
    batches = parquet.iter_batches(batch_size=chunk_rows)
    pool = ThreadPoolExecutor(max_workers=model.threads, thread_name_prefix="batch-score")
    try:
        while True:
            # Keep every thread busy with one chunk more ready; write in input order.
            while len(pending) <= model.threads:
                batch = next(batches, None)
                if batch is None:
                    break
                pending.append(pool.submit(score, batch))
            if not pending:
                break
            table = pending.popleft().result()
            if writer is None:
                writer = _open_writer(destination, table.schema, output_format)
            writer.write_table(table)
            done += table.num_rows
            if on_chunk is not None:
                on_chunk(done)
        if writer is None:
            empty = pl.DataFrame({name: [] for name in names}).to_arrow()
            writer = _open_writer(destination, empty.schema, output_format)
            writer.write_table(empty)
    finally:
        # A stop (on_chunk raising) or a failure drops the chunks still queued.
        pool.shutdown(wait=True, cancel_futures=True)
        if writer is not None:
            writer.close()
    return BatchResult(rows=done, columns=[*(input_names if include_inputs else []), *names])


def _output_table(batch: pa.RecordBatch, scored: dict[str, Any], include_inputs: bool) -> pa.Table:
    outputs = {name: pa.array(values) for name, values in scored.items()}
    if not include_inputs:
        return pa.table(outputs)
    table = pa.Table.from_batches([batch])
    for name, values in outputs.items():
        table = table.append_column(name, values)
    return table


def _open_writer(destination: Path, schema: pa.Schema, output_format: BatchOutputFormat) -> Any:
    if output_format is BatchOutputFormat.PARQUET:
        return pq.ParquetWriter(destination, schema, compression="zstd")
    return pacsv.CSVWriter(destination, schema)
