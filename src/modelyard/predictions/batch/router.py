"""HTTP for batch predictions of a deployment: start (dataset or upload), watch, download."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request, status
from fastapi.responses import StreamingResponse

from modelyard.authz.guard import WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.datasets import service as datasets
from modelyard.datasets.problems import DatasetVersionNotFound, UploadMissingFile
from modelyard.datasets.upload import receive_upload
from modelyard.kit.dependencies import AppSettings, DbSession, Paging, Store, end_transaction
from modelyard.kit.errors import (
    NotAuthenticated,
    PayloadTooLarge,
    PermissionDenied,
    ServiceUnavailable,
    UnsupportedMediaType,
    problem_responses,
)
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.kit.tasks import defer
from modelyard.predictions.batch import service
from modelyard.predictions.batch.problems import (
    BatchAlreadyFinished,
    BatchInputColumnsMissing,
    BatchOutputNotReady,
    BatchPredictionNotFound,
    InvalidBatchOption,
)
from modelyard.predictions.batch.schemas import BatchPredictionCreate, BatchPredictionOut
from modelyard.predictions.batch.scoring import BatchOutputFormat
from modelyard.predictions.problems import DeploymentNotFound
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from modelyard.models import BatchPrediction, Job

router = APIRouter(
    prefix="/workspaces/{workspace_id}/deployments/{deployment_id}/batch-predictions",
    tags=["batch_predictions"],
    responses=problem_responses(
        NotAuthenticated, PermissionDenied, WorkspaceNotFound, DeploymentNotFound
    ),
)
DeploymentId = Annotated[str, Path(max_length=40)]
BatchId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_READ))]
PredictAccess = Annotated[WorkspaceAccess, Depends(require(Permission.PREDICT))]
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "output_format": {"type": "string", "enum": ["csv", "parquet"]},
                        "include_inputs": {"type": "string", "enum": ["true", "false"]},
                    },
                }
            }
        },
    }
}


def batch_out(batch: BatchPrediction, job: Job) -> BatchPredictionOut:
    result = job.result or {}
    download = None
    if job.status == "succeeded":
        download = (
            f"/api/v1/workspaces/{batch.workspace_id}/deployments/{batch.deployment_id}"
            f"/batch-predictions/{batch.id}/download"
        )
    return BatchPredictionOut(
        id=batch.id,
        deployment_id=batch.deployment_id,
        model_version_id=batch.model_version_id,
        job_id=job.id,
        status=job.status,
        source=batch.source,
        dataset_version_id=batch.dataset_version_id,
        input_filename=batch.input_filename,
        output_format=BatchOutputFormat(batch.output_format),
        include_inputs=batch.include_inputs,
        rows_total=batch.input_rows,
        rows_done=int(result.get("rows_done", 0)),
        progress=job.progress,
        progress_message=job.progress_message,
        output_bytes=result.get("output_bytes"),
        download_url=download,
        error_code=job.error_code,
        error_message=job.error_message,
        created_at=batch.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(DatasetVersionNotFound, BatchInputColumnsMissing),
)
async def create_batch_prediction(
    deployment_id: DeploymentId,
    body: BatchPredictionCreate,
    request: Request,
    access: PredictAccess,
    db: DbSession,
    settings: AppSettings,
) -> BatchPredictionOut:
    """Score every row of a dataset version through the version the deployment serves now."""
    data = await service.input_from_dataset_version(
        db, access.workspace_id, body.dataset_version_id
    )
    batch, job = await service.start(
        db,
        access.workspace_id,
        access.principal,
        deployment_id,
        data,
        output_format=body.output_format,
        include_inputs=body.include_inputs,
        max_attempts=settings.job_max_attempts,
    )
    defer(request, service.ENQUEUE_TASK, job_id=job.id)
    return batch_out(batch, job)


@router.post(
    "/upload",
    status_code=status.HTTP_201_CREATED,
    name="upload",
    openapi_extra=UPLOAD_BODY,
    responses=problem_responses(
        PayloadTooLarge,
        UnsupportedMediaType,
        UploadMissingFile,
        ServiceUnavailable,
        BatchInputColumnsMissing,
        InvalidBatchOption,
    ),
)
async def upload_batch_prediction(
    deployment_id: DeploymentId,
    request: Request,
    access: PredictAccess,
    db: DbSession,
    store: Store,
    settings: AppSettings,
) -> BatchPredictionOut:
    """Upload a CSV, TSV, Parquet, Excel or JSON Lines file and score every row of it.

    The file streams to storage and is validated and converted like a dataset upload; a file
    that lacks a column the model needs is refused before any scoring.
    """
    await service.get_deployment(db, access.workspace_id, deployment_id)
    await end_transaction(db)
    upload = await receive_upload(
        request.stream(),
        request.headers.get("content-type", ""),
        store,
        max_bytes=settings.max_upload_bytes,
    )
    converted = await datasets.convert_upload(
        store, upload, max_columns=settings.max_dataset_columns
    )
    try:
        batch, job = await service.start(
            db,
            access.workspace_id,
            access.principal,
            deployment_id,
            service.input_from_upload(converted),
            output_format=_output_format(upload.fields.get("output_format")),
            include_inputs=upload.fields.get("include_inputs", "true").lower() != "false",
            max_attempts=settings.job_max_attempts,
        )
    except BatchInputColumnsMissing:
        await service.discard_upload(store, converted)
        raise
    defer(request, service.ENQUEUE_TASK, job_id=job.id)
    return batch_out(batch, job)


def _output_format(raw: str | None) -> BatchOutputFormat:
    try:
        return BatchOutputFormat((raw or "csv").strip().lower())
    except ValueError:
        raise InvalidBatchOption(f"Unknown output_format {raw!r}.") from None


@router.get("", name="list")
async def list_batch_predictions(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[BatchPredictionOut]:
    rows = await service.list_batches(db, access.workspace_id, deployment_id, page)
    items, cursor = split_page(rows, page, lambda row: row[0].id)
    return Page(items=[batch_out(*row) for row in items], next_cursor=cursor)


@router.get("/{batch_id}", name="get", responses=problem_responses(BatchPredictionNotFound))
async def get_batch_prediction(
    deployment_id: DeploymentId,
    batch_id: BatchId,
    access: ReadAccess,
    db: DbSession,
) -> BatchPredictionOut:
    """Status and progress (`rows_done` of `rows_total`); `download_url` once it succeeded."""
    return batch_out(*await service.get(db, access.workspace_id, deployment_id, batch_id))


@router.post(
    "/{batch_id}/cancel",
    name="cancel",
    responses=problem_responses(BatchPredictionNotFound, BatchAlreadyFinished),
)
async def cancel_batch_prediction(
    deployment_id: DeploymentId,
    batch_id: BatchId,
    access: PredictAccess,
    db: DbSession,
) -> BatchPredictionOut:
    """Stop the batch: a queued one ends now, a running one after its current chunk."""
    batch, job = await service.request_cancel(db, access.workspace_id, deployment_id, batch_id)
    return batch_out(batch, job)


@router.get(
    "/{batch_id}/download",
    name="download",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}}},
        **problem_responses(BatchPredictionNotFound, BatchOutputNotReady),
    },
)
async def download_batch_prediction(
    deployment_id: DeploymentId,
    batch_id: BatchId,
    access: ReadAccess,
    db: DbSession,
    store: Store,
) -> StreamingResponse:
    """The scored file (CSV or Parquet), streamed."""
    found = await service.download(db, access.workspace_id, deployment_id, batch_id)
    await end_transaction(db)
    return StreamingResponse(
        store.iter_chunks(found.key),
        media_type=found.media_type,
        headers={
            "Content-Disposition": _attachment(found.filename),
            "Content-Length": str(found.size),
        },
    )


def _attachment(filename: str) -> str:
    """RFC 6266: an ASCII fallback name, and the exact name percent-encoded as UTF-8."""
    fallback = "".join(ch if " " <= ch < "\x7f" and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
