"""Scoring a model version: input validation against its signature, then ONNX Runtime.

The hot path for a real-time prediction is plain Python and NumPy: each record is checked and
converted column by column (no pandas), the columns become the ONNX feeds (float32 or string
``(n, 1)`` arrays, as ``engine.onnx_feeds`` builds them), and one ``InferenceSession.run`` scores
them. Sessions are built once per model version and kept in an in-process LRU cache.

A version whose artifacts hold no ONNX graph (conversion was impossible) is scored by the fitted
Python model (skops ``model`` artifact) through ``engine.prepare_features``; the response says which
engine scored it.
"""

from __future__ import annotations

import asyncio
import io
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import onnxruntime as ort

from modelyard import engine
from modelyard.engine.signature import (
    DATETIME_PARTS,
    MAX_RECORDED_CATEGORIES,
    MISSING_CATEGORY,
    ColumnKind,
    InputSignature,
)
from modelyard.kit.errors import FieldError
from modelyard.kit.heap import freeze_heap
from modelyard.storage import ArtifactStore

ONNX = "onnx"
PYTHON = "python"
MAX_ERRORS = 50
FLOAT32_MAX = float(np.finfo(np.float32).max)
TOP_CONTRIBUTIONS = 5


@dataclass(frozen=True)
class _Column:
    name: str
    kind: ColumnKind
    features: tuple[str, ...]
    categories: frozenset[str]
    check_unseen: bool


@dataclass
class Validated:
    """Records turned into prepared columns (feature name -> one value per record)."""

    columns: dict[str, list[Any]]
    rows: int
    warnings: list[str] = field(default_factory=list)


class RecordErrors(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} invalid field(s)")
        self.errors = errors


@dataclass
class Scored:
    predictions: list[Any]
    probabilities: list[dict[str, float]] | None


def _expected(column: _Column) -> str:
    return {
        ColumnKind.NUMERIC: "a number (or null)",
        ColumnKind.BOOLEAN: "true or false (or null)",
        ColumnKind.CATEGORICAL: "a string (or null)",
        ColumnKind.DATETIME: "an ISO 8601 date or date-time string (or null)",
    }[column.kind]


class Scorer:
    """One model version, ready to score: its signature, classes and ONNX session."""

    def __init__(
        self,
        *,
        version_id: str,
        task: str,
        signature: InputSignature,
        classes: Sequence[str],
        session: ort.InferenceSession | None,
        python_model: Any | None,
        store: ArtifactStore | None = None,
        artifacts: Mapping[str, str] | None = None,
    ) -> None:
        self.version_id = version_id
        self.task = engine.Task(task)
        self.signature = signature
        self.classes = [str(c) for c in classes]
        self.session = session
        self.engine = ONNX if session is not None else PYTHON
        self._python_model = python_model
        self._store = store
        self._artifacts = dict(artifacts or {})
        self._explain_lock = threading.Lock()
        self._baseline: Any | None = None
        self.columns = tuple(
            _Column(
                name=c.name,
                kind=c.kind,
                features=c.feature_names,
                categories=frozenset(c.categories),
                check_unseen=c.kind is ColumnKind.CATEGORICAL
                and 0 < len(c.categories) < MAX_RECORDED_CATEGORIES,
            )
            for c in signature.columns
        )
        self.known = frozenset(c.name for c in self.columns)
        self.text_features = frozenset(signature.text_features)
        if session is not None:
            self.input_names = [node.name for node in session.get_inputs()]
            outputs = [node.name for node in session.get_outputs()]
            if self.task.is_classification:
                probability = "probabilities" if "probabilities" in outputs else outputs[-1]
                self.output_names = [probability]
            else:
                self.output_names = [outputs[0]]

    # --- validation -------------------------------------------------------------------------

    def validate(self, records: Sequence[Any], *, reject_unseen: bool, root: str) -> Validated:
        """Check every record; raise RecordErrors listing each bad field, or return columns."""
        columns: dict[str, list[Any]] = {name: [] for name in self.signature.feature_names}
        errors: list[FieldError] = []
        unseen: dict[str, int] = {}
        extra: set[str] = set()
        for index, record in enumerate(records):
            loc_base: list[str | int] = (
                ["body", root, index] if root == "records" else ["body", root]
            )
            if not isinstance(record, dict):
                errors.append(
                    FieldError(
                        loc=loc_base, msg="Expected an object of column values.", type="object_type"
                    )
                )
                if len(errors) >= MAX_ERRORS:
                    break
                continue
            if len(record) > len(self.known):
                extra.update(key for key in record if key not in self.known)
            for column in self.columns:
                if column.name not in record:
                    errors.append(
                        FieldError(
                            loc=[*loc_base, column.name],
                            msg=f"Missing column; expected {_expected(column)}.",
                            type="missing",
                        )
                    )
                    continue
                problem = self._convert(column, record[column.name], columns, unseen, reject_unseen)
                if problem is not None:
                    errors.append(
                        FieldError(loc=[*loc_base, column.name], msg=problem[0], type=problem[1])
                    )
            if len(errors) >= MAX_ERRORS:
                break
            if not extra and len(record) != len(self.known):
                extra.update(key for key in record if key not in self.known)
        if errors:
            raise RecordErrors(errors[:MAX_ERRORS])
        warnings = []
        if extra:
            shown = sorted(str(name)[:100] for name in extra)[:20]
            warnings.append(f"Ignored columns the model does not use: {', '.join(shown)}.")
        for name, count in unseen.items():
            warnings.append(
                f"Column {name!r}: {count} value(s) never seen in training, scored as unknown."
            )
        return Validated(columns=columns, rows=len(records), warnings=warnings)

    def _convert(
        self,
        column: _Column,
        value: Any,
        columns: dict[str, list[Any]],
        unseen: dict[str, int],
        reject_unseen: bool,
    ) -> tuple[str, str] | None:
        kind = column.kind
        if kind is ColumnKind.NUMERIC:
            if value is None:
                columns[column.name].append(math.nan)
                return None
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"Expected {_expected(column)}, got {type(value).__name__}.", "number_type"
            try:
                number = float(value)
            except OverflowError:
                return "The number is too large.", "number_range"
            if math.isinf(number):
                return "Expected a finite number; infinity cannot be scored.", "finite_number"
            if abs(number) > FLOAT32_MAX:
                # Models take float32: a larger number would become infinity.
                return f"The number is out of range (at most {FLOAT32_MAX:.4g}).", "number_range"
            columns[column.name].append(number)
            return None
        if kind is ColumnKind.CATEGORICAL:
            if value is None:
                columns[column.name].append(MISSING_CATEGORY)
                return None
            if isinstance(value, str):
                text = value
            elif isinstance(value, bool | int) or (
                isinstance(value, float) and math.isfinite(value)
            ):
                text = str(value)
            else:
                return f"Expected {_expected(column)}, got {type(value).__name__}.", "string_type"
            if column.check_unseen and text not in column.categories and text != MISSING_CATEGORY:
                if reject_unseen:
                    shown = ", ".join(sorted(column.categories)[:10])
                    return (
                        f"Value never seen in training; expected one of: {shown}"
                        + ("…" if len(column.categories) > 10 else "")
                        + ".",
                        "unseen_category",
                    )
                unseen[column.name] = unseen.get(column.name, 0) + 1
            columns[column.name].append(text)
            return None
        if kind is ColumnKind.BOOLEAN:
            if value is None:
                columns[column.name].append(math.nan)
            elif isinstance(value, bool):
                columns[column.name].append(1.0 if value else 0.0)
            elif isinstance(value, int | float) and value in (0, 1):
                columns[column.name].append(float(value))
            else:
                return f"Expected {_expected(column)}.", "boolean_type"
            return None
        # datetime
        if value is None:
            for name in column.features:
                columns[name].append(math.nan)
            return None
        if not isinstance(value, str):
            return f"Expected {_expected(column)}, got {type(value).__name__}.", "datetime_type"
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return f"Expected {_expected(column)}.", "datetime_format"
        parts = {
            "year": moment.year,
            "month": moment.month,
            "day": moment.day,
            "day_of_week": moment.weekday(),
            "hour": moment.hour,
        }
        for part, name in zip(DATETIME_PARTS, column.features, strict=True):
            columns[name].append(float(parts[part]))
        return None

    # --- scoring ----------------------------------------------------------------------------

    def score(self, validated: Validated) -> Scored:
        if self.session is not None:
            output = self._run_onnx(validated.columns)
        else:
            output = self._run_python(validated.columns)
        if self.task.is_classification:
            probabilities = np.asarray(output, dtype=np.float64).reshape(validated.rows, -1)
            best = probabilities.argmax(axis=1).tolist()
            classes = self.classes or [str(i) for i in range(probabilities.shape[1])]
            rows = probabilities.tolist()
            return Scored(
                predictions=[classes[i] if i < len(classes) else str(i) for i in best],
                probabilities=[dict(zip(classes, row, strict=False)) for row in rows],
            )
        values = np.asarray(output, dtype=np.float64).reshape(-1).tolist()
        return Scored(predictions=values, probabilities=None)

    def _run_onnx(self, columns: dict[str, list[Any]]) -> Any:
        assert self.session is not None
        feeds: dict[str, np.ndarray] = {}
        for name in self.input_names:
            values = columns[name]
            if name in self.text_features:
                feeds[name] = np.array(values, dtype=object).reshape(-1, 1)
            else:
                feeds[name] = np.array(values, dtype=np.float32).reshape(-1, 1)
        return self.session.run(self.output_names, feeds)[0]

    def _prepared_frame(self, columns: dict[str, list[Any]]) -> Any:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        # As engine.prepare_features: numbers hold float32 values (what ONNX inputs carry).
        return pd.DataFrame(
            {
                name: np.array(values, dtype=object)
                if name in self.text_features
                else np.array(values, dtype=np.float32).astype(np.float64)
                for name, values in columns.items()
            }
        )

    def _model(self) -> Any:
        if self._python_model is None:
            if self._store is None or "model" not in self._artifacts:
                return None
            self._python_model = engine.load_model(self._store.read_bytes(self._artifacts["model"]))
        return self._python_model

    def _run_python(self, columns: dict[str, list[Any]]) -> Any:
        model = self._model()
        frame = self._prepared_frame(columns)
        if self.task.is_classification:
            return model.predict_proba(frame)
        return model.predict(frame)

    # --- explanations (off the default path) ------------------------------------------------

    def explain(
        self, validated: Validated, top: int = TOP_CONTRIBUTIONS
    ) -> list[dict[str, float]] | None:
        """Top feature contributions per record, from the fitted Python model; None if unknown."""
        from sklearn.pipeline import Pipeline

        from modelyard.engine.explain import (
            BASELINE_COLUMN,
            boosted_tree_contributions,
            substitution_contributions,
            typical_row,
        )

        with self._explain_lock:
            model = self._model()
            if model is None:
                return None
            frame = self._prepared_frame(validated.columns)
            contributions = None
            if isinstance(model, Pipeline):
                contributions = boosted_tree_contributions(model, frame, self.signature, self.task)
            if contributions is None:
                baseline = self._typical_row(typical_row)
                if baseline is None:
                    return None
                contributions = substitution_contributions(
                    model, frame, baseline, self.signature, self.task
                )
        contributions = contributions.drop(columns=[BASELINE_COLUMN], errors="ignore")
        result = []
        for _, row in contributions.iterrows():
            ranked = sorted(row.items(), key=lambda item: abs(float(item[1])), reverse=True)
            result.append({str(name): round(float(value), 6) for name, value in ranked[:top]})
        return result

    def _typical_row(self, typical_row: Any) -> Any:
        if self._baseline is None and self._store is not None and "holdout" in self._artifacts:
            import polars as pl

            data = pl.read_parquet(io.BytesIO(self._store.read_bytes(self._artifacts["holdout"])))
            prepared = engine.prepare_features(data.to_pandas(), self.signature)
            self._baseline = typical_row(prepared, self.signature)
        return self._baseline


def _session_options() -> ort.SessionOptions:
    options = ort.SessionOptions()
    # One request is tiny: threads would only contend with the server's event loop.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


def build_scorer(
    *,
    version_id: str,
    task: str,
    signature: Mapping[str, Any],
    classes: Sequence[str],
    artifacts: Mapping[str, str],
    store: ArtifactStore,
) -> Scorer:
    """Load a version's artifacts (blocking I/O: call from a thread)."""
    parsed = InputSignature.from_dict(signature)
    session = None
    python_model = None
    if ONNX in artifacts:
        session = ort.InferenceSession(
            store.read_bytes(artifacts[ONNX]),
            sess_options=_session_options(),
            providers=["CPUExecutionProvider"],
        )
    elif "model" in artifacts:
        python_model = engine.load_model(store.read_bytes(artifacts["model"]))
    else:
        raise LookupError("no onnx or model artifact")
    return Scorer(
        version_id=version_id,
        task=task,
        signature=parsed,
        classes=classes,
        session=session,
        python_model=python_model,
        store=store,
        artifacts=artifacts,
    )


class ScorerCache:
    """Scorers by model version id, least recently used evicted first; built once each."""

    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self._items: OrderedDict[str, Scorer] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self.builds = 0

    def peek(self, version_id: str) -> Scorer | None:
        scorer = self._items.get(version_id)
        if scorer is not None:
            self._items.move_to_end(version_id)
        return scorer

    async def get(self, version_id: str, build: Any) -> Scorer:
        cached = self.peek(version_id)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(version_id, asyncio.Lock())
        async with lock:
            cached = self.peek(version_id)
            if cached is None:
                built: Scorer = await asyncio.to_thread(build)
                # A scorer lives as long as its version serves: keep its objects out of
                # the collector's passes (see kit/heap.py).
                freeze_heap(collect=False)
                self.builds += 1
                self._items[version_id] = built
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
                cached = built
        self._locks.pop(version_id, None)
        return cached

    def evict(self, version_id: str) -> None:
        self._items.pop(version_id, None)

    def __contains__(self, version_id: str) -> bool:
        return version_id in self._items

    def __len__(self) -> int:
        return len(self._items)
