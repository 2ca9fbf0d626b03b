"""Batch prediction rules: check the input against the served version, record the job."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import Principal
from modelyard.datasets import service as datasets
from modelyard.datasets.service import Converted
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import BatchPrediction, Deployment, Job, ModelVersion
from modelyard.predictions.batch import repository
from modelyard.predictions.batch.problems import (
    BatchAlreadyFinished,
    BatchInputColumnsMissing,
    BatchOutputNotReady,
    BatchPredictionNotFound,
)
from modelyard.predictions.batch.scoring import BatchOutputFormat, missing_columns
from modelyard.predictions.problems import DeploymentNotFound
from modelyard.registry import service as registry
from modelyard.storage import ArtifactStore
from modelyard.worker import repository as jobs

KIND = "batch_prediction"
# The in-process task that hands a committed job to the queue (registered by the worker domain).
ENQUEUE_TASK = "jobs.enqueue"
MEDIA_TYPES = {
    BatchOutputFormat.CSV: "text/csv",
    BatchOutputFormat.PARQUET: "application/vnd.apache.parquet",
}


@dataclass(frozen=True)
class BatchInput:
    source: str
    key: str
    filename: str
    rows: int
    columns: Sequence[str]
    dataset_version_id: str | None = None


async def get_deployment(
    session: AsyncSession, workspace_id: str, deployment_id: str
) -> Deployment:
    deployment = await repository.get_deployment(session, workspace_id, deployment_id)
    if deployment is None:
        raise DeploymentNotFound()
    return deployment


async def input_from_dataset_version(
    session: AsyncSession, workspace_id: str, dataset_version_id: str
) -> BatchInput:
    version = await datasets.get_version(session, workspace_id, dataset_version_id)
    return BatchInput(
        source="dataset_version",
        key=version.parquet_key,
        filename=version.original_filename,
        rows=version.rows,
        columns=version.column_names,
        dataset_version_id=version.id,
    )


def input_from_upload(converted: Converted) -> BatchInput:
    return BatchInput(
        source="upload",
        key=converted.parquet.key,
        filename=converted.upload.filename,
        rows=converted.ingest.rows,
        columns=converted.ingest.column_names,
    )


async def start(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    deployment_id: str,
    data: BatchInput,
    *,
    output_format: BatchOutputFormat,
    include_inputs: bool,
    max_attempts: int,
) -> tuple[BatchPrediction, Job]:
    """Record the batch and its job (dispatch it after commit) through the version served now."""
    deployment = await get_deployment(session, workspace_id, deployment_id)
    version = await registry.get_version(session, workspace_id, deployment.model_version_id)
    check_columns(version, data.columns)
    job = Job(
        id=new_id("job"),
        workspace_id=workspace_id,
        kind=KIND,
        status="queued",
        payload={"deployment_id": deployment.id, "model_version_id": version.id},
        max_attempts=max_attempts,
        created_by=principal.user_id,
    )
    session.add(job)
    await session.flush()
    batch = BatchPrediction(
        id=new_id("bp"),
        workspace_id=workspace_id,
        deployment_id=deployment.id,
        job_id=job.id,
        model_version_id=version.id,
        source=data.source,
        dataset_version_id=data.dataset_version_id,
        input_key=data.key,
        input_filename=data.filename[:255],
        input_rows=data.rows,
        output_format=output_format,
        include_inputs=include_inputs,
        created_by=principal.user_id,
    )
    session.add(batch)
    job.payload = {**job.payload, "batch_prediction_id": batch.id}
    await session.flush()
    await jobs.add_event(session, job.id, 0, "state", {"status": "queued"})
    return batch, job


def check_columns(version: ModelVersion, columns: Sequence[str]) -> None:
    missing = missing_columns(version.signature, columns)
    if missing:
        shown = ", ".join(missing[:20]) + ("…" if len(missing) > 20 else "")
        raise BatchInputColumnsMissing(
            f"The input lacks {len(missing)} column(s) the model needs: {shown}.",
            extra={"missing_columns": missing},
        )


async def discard_upload(store: ArtifactStore, converted: Converted) -> None:
    """A refused upload leaves no Parquet copy behind (the original may be a dataset's too)."""
    await asyncio.to_thread(store.delete, converted.parquet.key)


async def get(
    session: AsyncSession, workspace_id: str, deployment_id: str, batch_id: str
) -> tuple[BatchPrediction, Job]:
    found = await repository.get(session, workspace_id, deployment_id, batch_id)
    if found is None:
        raise BatchPredictionNotFound()
    return found


async def list_batches(
    session: AsyncSession, workspace_id: str, deployment_id: str, page: PageRequest
) -> Sequence[tuple[BatchPrediction, Job]]:
    deployment = await get_deployment(session, workspace_id, deployment_id)
    return await repository.list_for_deployment(session, workspace_id, deployment.id, page)


async def request_cancel(
    session: AsyncSession, workspace_id: str, deployment_id: str, batch_id: str
) -> tuple[BatchPrediction, Job]:
    batch, job = await get(session, workspace_id, deployment_id, batch_id)
    if job.status in jobs.TERMINAL:
        raise BatchAlreadyFinished()
    now = utcnow()
    job.cancel_requested_at = now
    if job.status == "queued":
        job.status = "cancelled"
        job.finished_at = now
        await jobs.add_event(session, job.id, job.attempt, "state", {"status": "cancelled"})
    await session.flush()
    return batch, job


@dataclass(frozen=True)
class Download:
    key: str
    size: int
    filename: str
    media_type: str


async def download(
    session: AsyncSession, workspace_id: str, deployment_id: str, batch_id: str
) -> Download:
    batch, job = await get(session, workspace_id, deployment_id, batch_id)
    result = job.result or {}
    if job.status != "succeeded" or "output_key" not in result:
        raise BatchOutputNotReady(extra={"status": job.status})
    fmt = BatchOutputFormat(batch.output_format)
    stem = batch.input_filename.rsplit(".", 1)[0] or "input"
    return Download(
        key=str(result["output_key"]),
        size=int(result["output_bytes"]),
        filename=f"{stem}-predictions.{fmt.value}",
        media_type=MEDIA_TYPES[fmt],
    )
