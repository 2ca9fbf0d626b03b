"""The batch prediction job, as a worker runs it: score the input in chunks, store the output.

The output goes under the attempt's artifact prefix and the job's result names it, so a job
that ran twice still has one output; a cancelled or failed attempt leaves no output behind.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from modelyard.predictions.batch import repository
from modelyard.predictions.batch.scoring import (
    BatchModel,
    BatchOutputFormat,
    load_batch_model,
    score_parquet,
)
from modelyard.predictions.batch.service import KIND
from modelyard.registry import service as registry
from modelyard.worker.execution import JobCancelled, JobFailed, JobRun, LeaseLost, job_handler


class _Stopped(Exception):
    """Raised between chunks when the worker must stop (cancel or lost lease)."""


@job_handler(KIND)
async def run_batch_prediction(run: JobRun) -> None:
    async with run.open_session() as db:
        batch = await repository.get_for_job(db, run.job_id)
        if batch is None:
            raise JobFailed("batch_prediction_not_found", "The batch prediction was deleted.")
        version = await registry.get_version(db, run.workspace_id, batch.model_version_id)
        spec: dict[str, Any] = {
            "task": version.task,
            "signature": dict(version.signature),
            "classes": [str(c) for c in version.lineage.get("classes", ())],
            "artifacts": dict(version.artifacts),
        }
        total, key = batch.input_rows, batch.input_key
        fmt, include_inputs = BatchOutputFormat(batch.output_format), batch.include_inputs
    run.set_progress(progress=0.01, progress_message="Loading the model")
    model = await asyncio.to_thread(
        load_batch_model, run.store, threads=run.settings.batch_threads, **spec
    )
    try:
        result = await asyncio.to_thread(_score, run, model, key, fmt, include_inputs, total)
    except _Stopped:
        if run.cancel_requested.is_set():
            raise JobCancelled() from None
        raise LeaseLost() from None
    async with run.open_session() as db:
        await run.complete(db, result)


def _score(
    run: JobRun,
    model: BatchModel,
    key: str,
    fmt: BatchOutputFormat,
    include_inputs: bool,
    total: int,
) -> dict[str, Any]:
    def on_chunk(done: int) -> None:
        if run.should_stop():
            raise _Stopped()
        run.set_progress(
            progress=min(0.99, 0.02 + 0.97 * done / max(total, 1)),
            progress_message=f"{done:,} of {total:,} rows scored",
            result={"rows_done": done},
        )
        run.emit("progress", {"rows_done": done, "rows_total": total})

    with (
        tempfile.TemporaryDirectory(prefix="modelyard-batch-") as work,
        run.store.local_path(key) as source,
    ):
        destination = Path(work) / f"predictions.{fmt.value}"
        scored = score_parquet(
            model,
            source,
            destination,
            output_format=fmt,
            chunk_rows=run.settings.batch_chunk_rows,
            include_inputs=include_inputs,
            on_chunk=on_chunk,
        )
        if run.should_stop():
            raise _Stopped()
        ref = run.store.put_file(destination, key=f"{run.artifact_prefix}predictions.{fmt.value}")
    return {
        "rows_done": scored.rows,
        "output_key": ref.key,
        "output_bytes": ref.size,
        "output_sha256": ref.sha256,
        "columns": scored.columns,
    }
