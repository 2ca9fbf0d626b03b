"""The training job, as a worker runs it: load the data, search, export, register.

Everything the job writes goes under `jobs/{job_id}/attempt-{n}/`; the model version and
the job's success are written in one transaction that is refused for a stale attempt.
"""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from sklearn.metrics import confusion_matrix, roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split

from modelyard import __version__, engine
from modelyard.datasets import service as datasets
from modelyard.engine.errors import EngineError, SearchStoppedError
from modelyard.registry import service as registry
from modelyard.storage import ArtifactStore
from modelyard.worker.execution import JobCancelled, JobFailed, JobRun, LeaseLost, job_handler

HOLDOUT_FRACTION = 0.2
MIN_ROWS_FOR_HOLDOUT = 100
# Held-out rows kept with the model, to prove that exports score as the model does.
HOLDOUT_SAMPLE_ROWS = 2_000


@job_handler("training")
async def train(run: JobRun) -> None:
    request = run.payload
    async with run.open_session() as db:
        version = await datasets.get_version(db, run.workspace_id, request["dataset_version_id"])
        dataset = await datasets.get_dataset(db, run.workspace_id, version.dataset_id)
        dataset_info: dict[str, Any] = {
            "dataset_id": dataset.id,
            "dataset_name": dataset.name,
            "dataset_version_id": version.id,
            "dataset_version_number": version.number,
            "dataset_sha256": version.original_sha256,
            "parquet_key": version.parquet_key,
        }
    run.set_progress(progress=0.02, progress_message="Loading the dataset")
    frame = await asyncio.to_thread(_load, run.store, dataset_info["parquet_key"])
    train_frame, holdout = _split(frame, request["target"], request.get("seed", 0))
    run.emit(
        "log", {"message": f"Training on {len(train_frame)} rows, holding out {len(holdout)}."}
    )
    result = await asyncio.to_thread(_search, run, train_frame, request)
    run.set_progress(progress=0.95, progress_message="Exporting and registering the model")
    artifacts = await asyncio.to_thread(_export, run, result, holdout)
    holdout_metrics = _holdout_metrics(result, holdout, request["target"]) if len(holdout) else {}
    holdout_diagnostics = (
        _holdout_diagnostics(result, holdout, request["target"]) if len(holdout) else {}
    )
    async with run.open_session() as db:
        model_version = await registry.register_version(
            db,
            workspace_id=run.workspace_id,
            model_name=request.get("model_name")
            or f"{dataset_info['dataset_name']}: {request['target']}",
            job_id=run.job_id,
            dataset_version_id=dataset_info["dataset_version_id"],
            created_by=run.created_by,
            task=result.task.value,
            target=request["target"],
            metric=result.metric,
            algorithm=_algorithm(result),
            metrics={
                "validation": {
                    result.metric: result.ensemble_score,
                    "best_single": result.best.score,
                },
                "holdout": holdout_metrics,
                "holdout_diagnostics": holdout_diagnostics,
            },
            leaderboard=[entry.as_dict() for entry in result.leaderboard],
            feature_importance=result.to_dict()["importance"],
            signature=result.signature.to_dict(),
            lineage={
                **{k: v for k, v in dataset_info.items() if k != "parquet_key"},
                "job_id": run.job_id,
                "attempt": run.attempt,
                "seed": request.get("seed", 0),
                "engine_version": __version__,
                "library_versions": dict(result.versions),
                "classes": [str(c) for c in result.classes],
                "validation": result.validation,
                "stop_reason": result.stop_reason,
            },
            artifacts=artifacts,
        )
        await run.complete(
            db, {"model_version_id": model_version.id, "model_id": model_version.model_id}
        )


def _load(store: ArtifactStore, key: str) -> pd.DataFrame:
    with store.local_path(key) as path:
        return pl.read_parquet(path).to_pandas()


def _split(frame: pd.DataFrame, target: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An honest holdout the search never sees: stratified when every class can be split."""
    labelled = frame[frame[target].notna()]
    if len(labelled) < MIN_ROWS_FOR_HOLDOUT:
        return frame, frame.iloc[0:0]
    y = labelled[target]
    stratify = y if y.nunique() <= 50 and y.value_counts().min() >= 2 else None
    train, holdout = train_test_split(
        labelled, test_size=HOLDOUT_FRACTION, random_state=seed, stratify=stratify
    )
    return train, holdout


def _search(run: JobRun, frame: pd.DataFrame, request: dict[str, Any]) -> engine.SearchResult:
    budget = float(request["time_budget_s"])

    def on_progress(progress: engine.SearchProgress) -> None:
        run.set_progress(
            progress=min(0.9, 0.05 + 0.85 * progress.elapsed_seconds / budget),
            progress_message=f"{progress.trials} models tried",
            trials=progress.trials,
            best_score=_finite(progress.best_score),
        )
        run.emit("trial", _jsonable(progress.last.as_dict()))
        run.emit(
            "progress",
            {
                "trials": progress.trials,
                "best_score": _finite(progress.best_score),
                "elapsed_s": round(progress.elapsed_seconds, 2),
            },
        )

    try:
        result = engine.search(
            frame,
            request["target"],
            task=request.get("task", "auto"),
            metric=request.get("metric", "auto"),
            time_budget_s=budget,
            seed=request.get("seed", 0),
            excluded_columns=request.get("excluded_columns", []),
            algorithms=request.get("algorithms"),
            on_progress=on_progress,
            should_stop=run.should_stop,
        )
    except SearchStoppedError as stopped:
        if run.cancel_requested.is_set():
            raise JobCancelled() from stopped
        raise
    except EngineError as error:
        raise JobFailed(error.code, f"{error} {error.hint}".strip()) from error
    # The engine returns what it has when told to stop; a stopped job must not register it.
    if run.cancel_requested.is_set():
        raise JobCancelled()
    if run.should_stop():
        raise LeaseLost()
    return result


def _export(run: JobRun, result: engine.SearchResult, holdout: pd.DataFrame) -> dict[str, str]:
    """The ONNX graph, the fitted model, the summary, and held-out rows to prove exports on."""
    prefix = run.artifact_prefix
    proto = engine.to_onnx(result.model, result.signature)
    onnx_ref = run.store.put_bytes(proto.SerializeToString(), key=f"{prefix}model.onnx")
    summary = json.dumps(result.to_dict(), default=str).encode()
    summary_ref = run.store.put_bytes(summary, key=f"{prefix}result.json")
    model_ref = run.store.put_bytes(engine.save_model(result.model), key=f"{prefix}model.skops")
    artifacts = {"onnx": onnx_ref.key, "result": summary_ref.key, "model": model_ref.key}
    if len(holdout):
        buffer = io.BytesIO()
        pl.from_pandas(holdout.head(HOLDOUT_SAMPLE_ROWS).reset_index(drop=True)).write_parquet(
            buffer
        )
        holdout_ref = run.store.put_bytes(buffer.getvalue(), key=f"{prefix}holdout.parquet")
        artifacts["holdout"] = holdout_ref.key
    return artifacts


def _holdout_predictions(
    result: engine.SearchResult, holdout: pd.DataFrame, target: str
) -> tuple[Any, Any]:
    """Truth and predictions on the held-out rows: class indexes and probabilities, or values."""
    y = holdout[target]
    features = holdout.drop(columns=[target])
    if result.task == engine.Task.REGRESSION:
        return y.to_numpy(dtype=float), np.asarray(result.predict(features), dtype=float)
    values = result.predict_proba(features)
    index = {str(label): i for i, label in enumerate(result.classes)}
    truth = np.array([index.get(str(label), -1) for label in y])
    keep = truth >= 0
    return truth[keep], values[keep]


def _holdout_metrics(
    result: engine.SearchResult, holdout: pd.DataFrame, target: str
) -> dict[str, float | None]:
    truth, values = _holdout_predictions(result, holdout, target)
    scores: dict[str, float | None] = {}
    for name, metric in engine.METRICS.items():
        if result.task in metric.tasks:
            try:
                scores[name] = _finite(float(metric.compute(truth, values)))
            except ValueError:
                scores[name] = None
    return scores


# Held-out diagnostics for the web app's charts, kept small enough to live in the registry row.
DIAGNOSTIC_CURVE_POINTS = 100
DIAGNOSTIC_MAX_CLASSES = 20
DIAGNOSTIC_RESIDUAL_POINTS = 500
DIAGNOSTIC_HISTOGRAM_BINS = 20


def _holdout_diagnostics(
    result: engine.SearchResult, holdout: pd.DataFrame, target: str
) -> dict[str, Any]:
    """Confusion matrix and ROC curves (classification) or residuals (regression) on the holdout.

    Classification: ``labels``, ``confusion_matrix`` (rows = actual, columns = predicted, in
    ``labels`` order; omitted beyond 20 classes), ``roc_curves`` (binary: one curve for the
    positive class ``labels[1]``; multiclass: one-vs-rest per class), each at most 100 points.
    Regression: ``residuals`` (at most 500 sampled rows of actual and predicted values) and
    ``residual_histogram`` (bin ``edges`` and ``counts`` of actual - predicted over every row).
    """
    if holdout.empty:
        return {}
    truth, values = _holdout_predictions(result, holdout, target)
    if len(truth) == 0:
        return {}
    if result.task == engine.Task.REGRESSION:
        return {"task": result.task.value, "rows": len(truth), **_residuals(truth, values)}
    labels = [str(label) for label in result.classes]
    diagnostics: dict[str, Any] = {"task": result.task.value, "rows": len(truth), "labels": labels}
    if len(labels) <= DIAGNOSTIC_MAX_CLASSES:
        predicted = np.argmax(values, axis=1)
        matrix = confusion_matrix(truth, predicted, labels=list(range(len(labels))))
        diagnostics["confusion_matrix"] = matrix.astype(int).tolist()
        positives = [1] if len(labels) == 2 else range(len(labels))
        diagnostics["roc_curves"] = [
            curve for i in positives if (curve := _roc_curve(truth == i, values[:, i], labels[i]))
        ]
    return diagnostics


def _roc_curve(positive: Any, score: Any, label: str) -> dict[str, Any] | None:
    if positive.all() or not positive.any():
        return None  # one class only: no curve
    fpr, tpr, _ = roc_curve(positive, score)
    if len(fpr) > DIAGNOSTIC_CURVE_POINTS:
        keep = np.unique(np.linspace(0, len(fpr) - 1, DIAGNOSTIC_CURVE_POINTS).round().astype(int))
        fpr, tpr = fpr[keep], tpr[keep]
    return {
        "label": label,
        "auc": _finite(round(float(roc_auc_score(positive, score)), 6)),
        "fpr": _rounded(fpr),
        "tpr": _rounded(tpr),
    }


def _residuals(truth: Any, predicted: Any) -> dict[str, Any]:
    finite = np.isfinite(truth) & np.isfinite(predicted)
    truth, predicted = truth[finite], predicted[finite]
    if len(truth) == 0:
        return {}
    residual = truth - predicted
    sample = np.arange(len(truth))
    if len(sample) > DIAGNOSTIC_RESIDUAL_POINTS:
        sample = np.random.default_rng(0).choice(sample, DIAGNOSTIC_RESIDUAL_POINTS, replace=False)
        sample.sort()
    counts, edges = np.histogram(residual, bins=DIAGNOSTIC_HISTOGRAM_BINS)
    return {
        "residuals": {"actual": _rounded(truth[sample]), "predicted": _rounded(predicted[sample])},
        "residual_histogram": {"edges": _rounded(edges), "counts": counts.astype(int).tolist()},
    }


def _rounded(values: Any) -> list[float]:
    """Six significant digits: plenty for a chart, a third of the JSON of full floats."""
    return [float(f"{value:.6g}") for value in np.asarray(values, dtype=float)]


def _algorithm(result: engine.SearchResult) -> str:
    members = [k for k, w in result.ensemble_weights.items() if w > 0]
    return "ensemble" if len(members) > 1 else result.best.algorithm


def _finite(value: float | None) -> float | None:
    return value if value is not None and np.isfinite(value) else None


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return converted
