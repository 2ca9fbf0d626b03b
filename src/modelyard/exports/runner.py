"""The export job, as a worker runs it: load the version, export, prove parity, store the zip.

The zip goes under the job's `jobs/{job_id}/attempt-{n}/`; the export row is completed in the
same transaction as the job, which is refused for a stale attempt. An export whose parity
check fails records its report and fails the job with `export_parity_failed`.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelyard.engine.errors import EngineError
from modelyard.exporters import FLAVORS, ExporterError, Manifest, ModelArtifacts, ParityReport
from modelyard.exporters import archive as zip_directory
from modelyard.exports import repository, service
from modelyard.exports.sources import MissingModelFile, ModelSource, load_artifacts, load_rows
from modelyard.kit.clock import utcnow
from modelyard.kit.errors import NotFound
from modelyard.storage import ArtifactRef
from modelyard.worker.execution import JobFailed, JobRun, LeaseLost, job_handler


@dataclass(frozen=True)
class Built:
    manifest: Manifest
    parity: ParityReport
    zip: ArtifactRef | None


@job_handler(service.KIND)
async def run_export(run: JobRun) -> None:
    export_id = run.payload["export_id"]
    export_format = run.payload["format"]
    async with run.open_session() as db:
        try:
            source = await service.model_source(
                db, run.workspace_id, run.payload["model_version_id"]
            )
        except NotFound as gone:  # the model was deleted after the export was asked for
            raise JobFailed(gone.code, gone.detail) from gone
    run.set_progress(progress=0.05, progress_message="Loading the model version")
    artifacts, rows, origin = await asyncio.to_thread(_load, run, source)
    run.emit("log", {"message": f"Proving parity on {len(rows)} rows ({origin})."})
    run.set_progress(progress=0.2, progress_message=f"Exporting to {export_format}")
    built = await asyncio.to_thread(_build, run, export_format, artifacts, rows, source)
    if run.should_stop():
        raise LeaseLost()
    async with run.open_session() as db:
        if built.zip is None:
            if await run.flush(db):
                await repository.record(db, export_id, parity=built.parity.to_dict())
        else:
            await repository.record(
                db,
                export_id,
                artifact_key=built.zip.key,
                size=built.zip.size,
                sha256=built.zip.sha256,
                manifest=built.manifest.to_dict(),
                parity=built.parity.to_dict(),
                completed_at=utcnow(),
            )
            await run.complete(db, {"export_id": export_id, "sha256": built.zip.sha256})
    if built.zip is None:
        raise JobFailed("export_parity_failed", _parity_message(built.parity))


def _load(run: JobRun, source: ModelSource) -> tuple[ModelArtifacts, Any, str]:
    try:
        artifacts = load_artifacts(run.store, source)
    except MissingModelFile as missing:
        raise JobFailed("export_format_unavailable", str(missing)) from missing
    sample = load_rows(run.store, source)
    if sample.rows.empty:
        raise JobFailed(
            "export_unverifiable",
            "No rows to prove the export's parity on: the version kept no held-out rows and "
            "its training dataset has none. Retrain the model to export it.",
        )
    return artifacts, sample.rows, sample.origin


def _build(
    run: JobRun, export_format: str, artifacts: ModelArtifacts, rows: Any, source: ModelSource
) -> Built:
    flavor = FLAVORS.get(export_format)
    if flavor is None:
        raise JobFailed("export_format_unavailable", f"Unknown export format {export_format!r}.")
    try:
        verdict = flavor.availability(artifacts)
        if not verdict.available:
            raise JobFailed("export_format_unavailable", verdict.reason or "Not available.")
        with tempfile.TemporaryDirectory(prefix="modelyard-export-") as scratch:
            destination = Path(scratch) / "export"
            destination.mkdir()
            manifest = flavor.export(artifacts, destination)
            run.set_progress(progress=0.6, progress_message="Proving parity")
            report = flavor.verify(artifacts, destination, rows)
            run.emit("parity", report.to_dict())
            if not report.passed:
                return Built(manifest, report, None)
            run.set_progress(progress=0.9, progress_message="Storing the export")
            bundle = zip_directory(destination, Path(scratch) / "export.zip")
            key = f"{run.artifact_prefix}{_filename(source, export_format)}"
            return Built(manifest, report, run.store.put_file(bundle, key=key))
    except (ExporterError, EngineError) as error:
        hint = getattr(error, "hint", "")
        raise JobFailed(error.code, f"{error} {hint}".strip()) from error


def _filename(source: ModelSource, export_format: str) -> str:
    """`{model name}-v{number}-{format}.zip`, reduced to what a store key and a file name allow."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", source.model_name).strip("-._")[:80] or "model"
    return f"{slug}-v{source.version_number}-{export_format}.zip"


def _parity_message(report: ParityReport) -> str:
    labels = "" if report.labels_equal else " and predicted different labels"
    return (
        f"The {report.format} export does not reproduce the model: on {report.rows} rows its "
        f"predictions differ by up to {report.max_abs_diff:.3g} (tolerance {report.tolerance:g})"
        f"{labels}. The parity report is on the export; report this model version."
    )
