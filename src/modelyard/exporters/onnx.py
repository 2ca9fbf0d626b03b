"""ONNX: the graph the training job wrote, with Modelyard metadata and an example input.

``model.onnx`` takes one input per prepared column (float32 ``[N, 1]`` for numbers with NaN for
missing, string ``[N, 1]`` for text with "" for missing; dates arrive split into ``col__year`` ...
parts). Classifiers output ``label`` (index into the ``modelyard.classes`` metadata) and
``probabilities``; regressors output ``variable`` (double). ``metadata_props`` carries the input
schema, class labels, model version and engine version, so the file describes itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from modelyard import engine
from modelyard.engine.signature import DATETIME_PARTS, ColumnKind, InputSignature
from modelyard.exporters.base import (
    Availability,
    ExporterError,
    Manifest,
    ModelArtifacts,
    ParityReport,
    Predictions,
    common_metadata,
    compare,
    reference_predictions,
)

MODEL_FILE = "model.onnx"
EXAMPLE_FILE = "example_input.json"
TOLERANCE = 1e-4
EXAMPLE_TIMESTAMP = "2024-01-15T12:00:00"


def metadata_props(artifacts: ModelArtifacts) -> dict[str, str]:
    """The key/value metadata written into the ONNX model (values are text; JSON where nested)."""
    return {
        "modelyard.model_version_id": artifacts.model_version_id,
        "modelyard.model_name": artifacts.model_name,
        "modelyard.task": artifacts.task,
        "modelyard.target": artifacts.target,
        "modelyard.classes": json.dumps(list(artifacts.classes)),
        "modelyard.input_schema": json.dumps(artifacts.signature, sort_keys=True),
        "modelyard.engine_version": artifacts.engine_version,
        "modelyard.library_versions": json.dumps(artifacts.library_versions, sort_keys=True),
    }


def example_row(signature: InputSignature) -> dict[str, Any]:
    """One plausible raw row: a seen category for text, 0 for numbers, a fixed timestamp."""
    row: dict[str, Any] = {}
    for column in signature.columns:
        if column.kind is ColumnKind.CATEGORICAL:
            seen = [value for value in column.categories if value]
            row[column.name] = seen[0] if seen else None
        elif column.kind is ColumnKind.BOOLEAN:
            row[column.name] = True
        elif column.kind is ColumnKind.DATETIME:
            row[column.name] = EXAMPLE_TIMESTAMP
        else:
            row[column.name] = 0.0
    return row


def example_input(signature: InputSignature) -> dict[str, Any]:
    """A raw row and the ONNX feeds it becomes, to show a caller both sides of preparation."""
    row = example_row(signature)
    raw = pd.DataFrame([row])
    for column in signature.columns:
        if column.kind is ColumnKind.DATETIME:
            raw[column.name] = pd.to_datetime(raw[column.name])
    feeds = engine.onnx_feeds(engine.prepare_features(raw, signature), signature)
    return {
        "rows": [row],
        "onnx_inputs": {name: values.tolist() for name, values in feeds.items()},
        "datetime_parts": list(DATETIME_PARTS),
        "missing": {"number": "NaN", "text": ""},
    }


class OnnxFlavor:
    name = "onnx"

    def availability(self, artifacts: ModelArtifacts) -> Availability:
        if not artifacts.onnx:
            return Availability(False, "The training job stored no ONNX model for this version.")
        return Availability(True)

    def export(self, artifacts: ModelArtifacts, destination: Path) -> Manifest:
        proto = with_metadata(artifacts)
        destination.mkdir(parents=True, exist_ok=True)
        (destination / MODEL_FILE).write_bytes(proto.SerializeToString())
        example = example_input(artifacts.input_signature)
        (destination / EXAMPLE_FILE).write_text(json.dumps(example, indent=2) + "\n")
        manifest = Manifest(
            format=self.name,
            files=[MODEL_FILE, EXAMPLE_FILE],
            metadata=common_metadata(artifacts)
            | {
                "inputs": [node.name for node in proto.graph.input],
                "outputs": [node.name for node in proto.graph.output],
                "opset": {entry.domain or "ai.onnx": entry.version for entry in proto.opset_import},
            },
        )
        manifest.write(destination)
        return manifest

    def verify(
        self, artifacts: ModelArtifacts, destination: Path, rows: pd.DataFrame
    ) -> ParityReport:
        expected = reference_predictions(artifacts, rows)
        actual = score(artifacts, (destination / MODEL_FILE).read_bytes(), rows)
        return compare(self.name, expected, actual, TOLERANCE)


def with_metadata(artifacts: ModelArtifacts) -> onnx.ModelProto:
    try:
        proto = onnx.load_model_from_string(artifacts.onnx)
    except Exception as error:  # protobuf raises DecodeError and friends
        raise ExporterError(f"The stored ONNX model cannot be read: {error}") from error
    del proto.metadata_props[:]
    onnx.helper.set_model_props(proto, metadata_props(artifacts))
    proto.producer_name = "modelyard"
    proto.doc_string = f"{artifacts.model_name} ({artifacts.model_version_id}): {artifacts.task}"
    return proto


def score(artifacts: ModelArtifacts, model_bytes: bytes, rows: pd.DataFrame) -> Predictions:
    """Run an ONNX model on raw rows under ONNX Runtime."""
    signature = artifacts.input_signature
    feeds = engine.onnx_feeds(engine.prepare_features(rows, signature), signature)
    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    wanted = {node.name for node in session.get_inputs()}
    names = [node.name for node in session.get_outputs()]
    results = session.run(None, {name: feeds[name] for name in wanted})
    outputs = dict(zip(names, results, strict=True))
    if not artifacts.is_classifier:
        values = np.asarray(outputs["variable"], dtype=np.float64).reshape(-1, 1)
        return Predictions(labels=None, values=values)
    indices = np.asarray(outputs["label"]).astype(np.int64).reshape(-1)
    return Predictions(
        labels=[artifacts.classes[i] for i in indices],
        values=np.asarray(outputs["probabilities"], dtype=np.float64),
    )
