"""The exporter contract: what every format (a "flavor") gets, writes and proves.

A flavor turns a model version's stored artifacts into files in a directory and proves, on raw
held-out rows, that those files predict what the registry model predicts. Flavors know nothing of
HTTP or the database: the platform builds ``ModelArtifacts`` from storage and calls

    flavor = FLAVORS["onnx"]
    if flavor.availability(artifacts).available:
        manifest = flavor.export(artifacts, destination)      # writes manifest.json too
        report = flavor.verify(artifacts, destination, rows)  # ParityReport(passed=...)
        archive(destination, zip_path)                        # one file to download
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from modelyard import engine

MANIFEST_FILE = "manifest.json"
TASKS = ("binary", "multiclass", "regression")


class ExporterError(Exception):
    """An export that cannot be made or proven; ``code`` is stable, ``hint`` says what to do."""

    code: str = "export_failed"
    default_hint: str = "Retrain the model version or choose another format."

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint


class FormatUnavailableError(ExporterError):
    """The format cannot express this model (``Availability.reason`` says why)."""

    code = "export_format_unavailable"
    default_hint = "Choose one of the formats the model version lists as available."


@dataclass(frozen=True)
class ModelArtifacts:
    """Everything an exporter gets about one model version: no DB, no HTTP."""

    model_version_id: str
    model_name: str
    task: str  # "binary" | "multiclass" | "regression"
    target: str
    classes: list[str]  # labels in the order of the probability columns ([] for regression)
    signature: dict[str, Any]  # engine InputSignature.to_dict()
    onnx: bytes  # the ONNX model the training job wrote (engine.to_onnx)
    model: bytes  # the fitted sklearn model as skops bytes (engine.save_model)
    engine_version: str
    library_versions: dict[str, str] = field(default_factory=dict)

    @property
    def is_classifier(self) -> bool:
        return self.task != "regression"

    @cached_property
    def input_signature(self) -> engine.InputSignature:
        return engine.InputSignature.from_dict(self.signature)

    @cached_property
    def estimator(self) -> Any:
        """The fitted registry model (pipeline or ensemble); skops refuses untrusted types."""
        return engine.load_model(self.model)


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str | None = None


@dataclass(frozen=True)
class ParityReport:
    """How far the exported artifact's predictions are from the registry model's on raw rows."""

    format: str
    rows: int
    max_abs_diff: float
    labels_equal: bool
    tolerance: float
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Manifest:
    """What an export wrote (paths relative to the destination) and what it describes."""

    format: str
    files: list[str]
    metadata: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "files": list(self.files), "metadata": self.metadata}

    def write(self, destination: Path) -> Path:
        path = destination / MANIFEST_FILE
        path.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n")
        return path

    @classmethod
    def read(cls, destination: Path) -> Manifest:
        data = json.loads((destination / MANIFEST_FILE).read_text())
        return cls(format=data["format"], files=list(data["files"]), metadata=data["metadata"])


class Flavor(Protocol):
    name: str

    def availability(self, artifacts: ModelArtifacts) -> Availability: ...

    def export(self, artifacts: ModelArtifacts, destination: Path) -> Manifest: ...

    def verify(
        self, artifacts: ModelArtifacts, destination: Path, rows: pd.DataFrame
    ) -> ParityReport: ...


# --- Shared by the flavors ----------------------------------------------------------------


def common_metadata(artifacts: ModelArtifacts) -> dict[str, Any]:
    """What every manifest records about the model it came from."""
    return {
        "model_version_id": artifacts.model_version_id,
        "model_name": artifacts.model_name,
        "task": artifacts.task,
        "target": artifacts.target,
        "classes": list(artifacts.classes),
        "engine_version": artifacts.engine_version,
        "library_versions": dict(artifacts.library_versions),
    }


@dataclass(frozen=True)
class Predictions:
    """Labels (class label text, or None for regression) and probabilities / values (n, k)."""

    labels: list[str] | None
    values: np.ndarray


def reference_predictions(artifacts: ModelArtifacts, rows: pd.DataFrame) -> Predictions:
    """What the registry model predicts for raw rows: the side every parity check compares to."""
    model = artifacts.estimator
    prepared = engine.prepare_features(rows, artifacts.input_signature)
    if not artifacts.is_classifier:
        values = np.asarray(model.predict(prepared), dtype=np.float64).reshape(-1, 1)
        return Predictions(labels=None, values=values)
    proba = np.asarray(model.predict_proba(prepared), dtype=np.float64)
    indices = np.asarray(model.predict(prepared)).astype(np.int64)
    return Predictions(labels=[artifacts.classes[i] for i in indices], values=proba)


def compare(
    format_name: str, expected: Predictions, actual: Predictions, tolerance: float
) -> ParityReport:
    """Parity: values within ``tolerance`` absolutely and, for classifiers, the same labels."""
    if expected.values.shape != actual.values.shape:
        raise ExporterError(
            f"The {format_name} export returned shape {actual.values.shape}, "
            f"expected {expected.values.shape}."
        )
    rows = int(expected.values.shape[0])
    diff = float(np.max(np.abs(expected.values - actual.values))) if rows else 0.0
    labels_equal = _labels_agree(expected, actual, tolerance)
    return ParityReport(
        format=format_name,
        rows=rows,
        max_abs_diff=diff,
        labels_equal=labels_equal,
        tolerance=tolerance,
        passed=bool(diff <= tolerance and labels_equal),  # NaN never passes
    )


def _labels_agree(expected: Predictions, actual: Predictions, tolerance: float) -> bool:
    """Labels must be equal, except on a tie: when the reference's two best probabilities are
    within ``tolerance``, either label is right (runtimes break ties their own way)."""
    if expected.labels is None or actual.labels is None:
        return expected.labels == actual.labels
    if len(expected.labels) != len(actual.labels):
        return False
    ordered = np.sort(expected.values, axis=1)
    tied = (ordered[:, -1] - ordered[:, -2] <= tolerance) if ordered.shape[1] > 1 else None
    return all(
        want == got or (tied is not None and bool(tied[row]))
        for row, (want, got) in enumerate(zip(expected.labels, actual.labels, strict=True))
    )


def archive(destination: Path, zip_path: Path) -> Path:
    """Zip an export directory (paths inside relative to it), deterministic order."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(destination.rglob("*")):
            if path.is_file():
                bundle.write(path, path.relative_to(destination).as_posix())
    return zip_path
