"""Score rows with an exported Modelyard model: ONNX Runtime and numpy, nothing else.

This file is copied as is into the Python package and the Docker build context; it must never
import modelyard. It holds its own copy of the input preparation the model's signature needs:

- numbers (and booleans as 1/0) become float32, missing or unreadable values NaN;
- text categories stay text, missing values become "";
- dates become year, month, day, day_of_week (Monday = 0) and hour parts, missing ones NaN.

    python predict.py rows.csv -o predictions.csv      # CSV in, CSV out
    python server.py                                    # GET /health, POST /predict
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

HERE = Path(__file__).resolve().parent
MODEL_FILE = "model.onnx"
SIGNATURE_FILE = "signature.json"
METADATA_FILE = "metadata.json"
DATETIME_PARTS = ("year", "month", "day", "day_of_week", "hour")
MISSING_TEXT = ("", "nan", "NaN", "None", "null", "NaT")
TRUE_TEXT = ("true", "yes", "y", "t")
FALSE_TEXT = ("false", "no", "n", "f")
MAX_BODY_BYTES = 10 * 1024 * 1024


class InputError(ValueError):
    """Rows that do not fit the model's input schema."""


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and value.strip() in MISSING_TEXT


def to_number(value: Any) -> float:
    """A raw cell as the model's float input: NaN when missing or not a number."""
    if _is_missing(value):
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text.lower() in TRUE_TEXT:
        return 1.0
    if text.lower() in FALSE_TEXT:
        return 0.0
    try:
        return float(text)
    except ValueError:
        return math.nan


def to_text(value: Any) -> str:
    """A raw cell as a category: "" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def to_timestamp(value: Any) -> datetime | None:
    if _is_missing(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def date_parts(value: Any) -> dict[str, float]:
    stamp = to_timestamp(value)
    if stamp is None:
        return dict.fromkeys(DATETIME_PARTS, math.nan)
    return {
        "year": float(stamp.year),
        "month": float(stamp.month),
        "day": float(stamp.day),
        "day_of_week": float(stamp.weekday()),
        "hour": float(stamp.hour),
    }


class Scorer:
    """The model, its signature and its classes, loaded from an export directory."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or HERE
        self.signature: dict[str, Any] = json.loads((directory / SIGNATURE_FILE).read_text())
        self.metadata: dict[str, Any] = json.loads((directory / METADATA_FILE).read_text())
        self.classes: list[str] = list(self.metadata.get("classes", []))
        self.session = ort.InferenceSession(
            str(directory / MODEL_FILE), providers=["CPUExecutionProvider"]
        )
        self.inputs = {node.name for node in self.session.get_inputs()}
        self.columns: list[dict[str, Any]] = list(self.signature["columns"])
        self.text = {c["name"] for c in self.columns if c["kind"] == "categorical"}

    @property
    def is_classifier(self) -> bool:
        return bool(self.classes)

    def feeds(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
        """ONNX inputs for raw rows: one (n, 1) float32 or text array per prepared column."""
        missing = sorted({c["name"] for c in self.columns for row in rows if c["name"] not in row})
        if missing:
            raise InputError(f"Missing input columns: {', '.join(missing)}.")
        columns: dict[str, list[Any]] = {}
        for column in self.columns:
            name, kind = column["name"], column["kind"]
            values = [row[name] for row in rows]
            if kind == "datetime":
                parts = [date_parts(value) for value in values]
                for part in DATETIME_PARTS:
                    columns[f"{name}__{part}"] = [p[part] for p in parts]
            elif kind == "categorical":
                columns[name] = [to_text(value) for value in values]
            else:
                columns[name] = [to_number(value) for value in values]
        feeds: dict[str, np.ndarray] = {}
        for name, values in columns.items():
            if name not in self.inputs:
                continue
            dtype: Any = object if name in self.text else np.float32
            feeds[name] = np.array(values, dtype=dtype).reshape(-1, 1)
        return feeds

    def predict(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One result per row: ``prediction`` and, for classifiers, ``probabilities``."""
        if not rows:
            return []
        outputs = self.session.run(None, self.feeds(rows))
        names = [node.name for node in self.session.get_outputs()]
        result = dict(zip(names, outputs, strict=True))
        if not self.is_classifier:
            values = np.asarray(result["variable"], dtype=np.float64).reshape(-1)
            return [{"prediction": float(value)} for value in values]
        labels = np.asarray(result["label"]).reshape(-1)
        proba = np.asarray(result["probabilities"], dtype=np.float64)
        return [
            {
                "prediction": self.classes[int(label)],
                "probabilities": dict(zip(self.classes, map(float, row), strict=True)),
            }
            for label, row in zip(labels, proba, strict=True)
        ]


# --- CSV in, CSV out --------------------------------------------------------------------


def output_columns(scorer: Scorer) -> list[str]:
    return ["prediction", *(f"probability_{label}" for label in scorer.classes)]


def flatten(result: Mapping[str, Any]) -> dict[str, str]:
    row = {"prediction": _cell(result["prediction"])}
    for label, value in result.get("probabilities", {}).items():
        row[f"probability_{label}"] = _cell(value)
    return row


def _cell(value: Any) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def predict_csv(scorer: Scorer, source: Iterable[str], target: Any, batch: int = 10_000) -> int:
    reader = csv.DictReader(source)
    writer = csv.DictWriter(target, fieldnames=output_columns(scorer), lineterminator="\n")
    writer.writeheader()
    count = 0
    rows: list[dict[str, Any]] = []
    for row in reader:
        rows.append(row)
        if len(rows) == batch:
            writer.writerows(flatten(result) for result in scorer.predict(rows))
            count += len(rows)
            rows = []
    writer.writerows(flatten(result) for result in scorer.predict(rows))
    return count + len(rows)


def main_predict(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score a CSV file with the exported model.")
    parser.add_argument("input", help="CSV file with the model's input columns ('-' = stdin)")
    parser.add_argument("-o", "--output", help="CSV file to write (default: stdout)")
    args = parser.parse_args(argv)
    scorer = Scorer()
    source = sys.stdin if args.input == "-" else open(args.input, newline="")  # noqa: SIM115
    target = sys.stdout if args.output is None else open(args.output, "w", newline="")  # noqa: SIM115
    try:
        count = predict_csv(scorer, source, target)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        for stream in (source, target):
            if stream not in (sys.stdin, sys.stdout):
                stream.close()
    print(f"scored {count} rows", file=sys.stderr)
    return 0


# --- A minimal HTTP scoring app ---------------------------------------------------------


class ScoringHandler(BaseHTTPRequestHandler):
    scorer: Scorer
    server_version = "modelyard-scorer"

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/health":
            self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        meta = self.scorer.metadata
        body = {"status": "ok", "model_version_id": meta.get("model_version_id")}
        self._send(HTTPStatus.OK, body)

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/predict":
            self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "body too large"})
            return
        try:
            payload = json.loads(self.rfile.read(length) or b"null")
            rows = payload["rows"] if isinstance(payload, dict) else payload
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise InputError('Send {"rows": [{"column": value, ...}, ...]}.')
            predictions = self.scorer.predict(rows)
        except (InputError, ValueError, KeyError) as error:
            self._send(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(error)})
            return
        self._send(HTTPStatus.OK, {"predictions": predictions})

    def _send(self, status: HTTPStatus, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("SCORER_ACCESS_LOG") == "1":
            super().log_message(format, *args)


def make_server(host: str, port: int, scorer: Scorer | None = None) -> ThreadingHTTPServer:
    handler = type("Handler", (ScoringHandler,), {"scorer": scorer or Scorer()})
    return ThreadingHTTPServer((host, port), handler)


def check_health(port: int) -> int:
    """The container's HEALTHCHECK: 0 when the local server answers /health with ok."""
    url = f"http://127.0.0.1:{port}/health"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            healthy = json.loads(response.read()).get("status") == "ok"
    except (OSError, ValueError):
        healthy = False
    return 0 if healthy else 1


def main_serve(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the exported model over HTTP.")
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--check", action="store_true", help="exit 0 if /health answers ok")
    args = parser.parse_args(argv)
    if args.check:
        return check_health(args.port)
    server = make_server(args.host, args.port)
    host, port = server.server_address[:2]
    print(f"serving on http://{host!s}:{port} (GET /health, POST /predict)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main_predict())
