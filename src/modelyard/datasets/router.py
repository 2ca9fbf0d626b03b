"""HTTP for datasets: streaming upload, versions, preview, profile, download, samples."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import StreamingResponse

from modelyard.authz.guard import Authenticated, WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.datasets import service
from modelyard.datasets.problems import (
    ColumnNotFound,
    DatasetInUse,
    DatasetNotFound,
    DatasetVersionNotFound,
    ProfileNotReady,
    UploadMissingFile,
)
from modelyard.datasets.samples import SampleDataset, list_samples
from modelyard.datasets.schemas import (
    ColumnOut,
    DatasetCreated,
    DatasetImport,
    DatasetOut,
    DatasetUpdate,
    DatasetVersionOut,
    ProfileOut,
    RowsPage,
)
from modelyard.datasets.upload import receive_upload
from modelyard.integrations.errors import (
    ConnectionNotFound,
    ConnectorBackendMissing,
    CredentialsUnreadable,
    EndpointRefused,
    ImportAccessDenied,
    ImportObjectNotFound,
    ImportSourceUnavailable,
    InvalidObjectUrl,
    UrlOutsideConnection,
)
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
from modelyard.worker.service import ENQUEUE_TASK
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from modelyard.auth.principal import Principal
    from modelyard.models import Dataset, DatasetVersion

COMMON_ERRORS = problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound)
UPLOAD_ERRORS = problem_responses(
    PayloadTooLarge, UnsupportedMediaType, UploadMissingFile, ServiceUnavailable
)
router = APIRouter(prefix="/workspaces/{workspace_id}", tags=["datasets"], responses=COMMON_ERRORS)
samples_router = APIRouter(tags=["sample_datasets"], responses=COMMON_ERRORS)

DatasetId = Annotated[str, Path(max_length=40)]
VersionId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.DATASETS_READ))]
WriteAccess = Annotated[WorkspaceAccess, Depends(require(Permission.DATASETS_WRITE))]
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
                        "name": {"type": "string", "maxLength": 200},
                        "description": {"type": "string", "maxLength": 2000},
                        "tags": {"type": "string", "description": "Comma-separated tags"},
                    },
                }
            }
        },
    }
}


async def _start_profiling(
    request: Request, db: AsyncSession, version: DatasetVersion, principal: Principal
) -> None:
    """Every new version gets a profiling job, sent to the workers once the request commits."""
    job = await service.start_profiling(db, version, principal)
    defer(request, ENQUEUE_TASK, job_id=job.id)


def dataset_out(dataset: Dataset, latest: DatasetVersion | None) -> DatasetOut:
    return DatasetOut(
        id=dataset.id,
        name=dataset.name,
        description=dataset.description,
        tags=dataset.tags,
        created_at=dataset.created_at,
        updated_at=dataset.updated_at,
        latest_version=DatasetVersionOut.model_validate(latest) if latest is not None else None,
    )


def _attachment(filename: str) -> str:
    """RFC 6266: an ASCII fallback name, and the exact name percent-encoded as UTF-8."""
    fallback = "".join(ch if " " <= ch < "\x7f" and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _tags(raw: str | None) -> list[str]:
    return [tag.strip()[:50] for tag in (raw or "").split(",") if tag.strip()][:20]


@router.post(
    "/datasets",
    status_code=status.HTTP_201_CREATED,
    name="create",
    openapi_extra=UPLOAD_BODY,
    responses=UPLOAD_ERRORS,
)
async def upload_dataset(
    request: Request, access: WriteAccess, db: DbSession, store: Store, settings: AppSettings
) -> DatasetCreated:
    """Upload a CSV, TSV, Parquet, Excel (.xlsx) or JSON Lines file as a new dataset.

    The file is streamed to storage, validated, converted once to Parquet and profiled in
    the background (watch `latest_version.profile_status`).
    """
    await end_transaction(db)
    upload = await receive_upload(
        request.stream(),
        request.headers.get("content-type", ""),
        store,
        max_bytes=settings.max_upload_bytes,
    )
    converted = await service.convert_upload(
        store, upload, max_columns=settings.max_dataset_columns
    )
    dataset, version = await service.create_dataset(
        db,
        access.workspace_id,
        access.principal,
        converted,
        name=upload.fields.get("name"),
        description=upload.fields.get("description", ""),
        tags=_tags(upload.fields.get("tags")),
    )
    await _start_profiling(request, db, version, access.principal)
    return DatasetCreated(**dataset_out(dataset, version).model_dump(), version_created=True)


@router.post(
    "/datasets/import",
    status_code=status.HTTP_201_CREATED,
    name="import",
    responses=problem_responses(
        ConnectionNotFound,
        InvalidObjectUrl,
        UrlOutsideConnection,
        EndpointRefused,
        ImportObjectNotFound,
        ImportAccessDenied,
        PayloadTooLarge,
        ImportSourceUnavailable,
        ConnectorBackendMissing,
        CredentialsUnreadable,
        ServiceUnavailable,
    ),
)
async def import_dataset(
    body: DatasetImport,
    request: Request,
    access: WriteAccess,
    db: DbSession,
    store: Store,
    settings: AppSettings,
) -> DatasetCreated:
    """Import one object from a storage connection's bucket as a new dataset.

    The object is copied into Modelyard's store, validated like an upload, converted to
    Parquet and profiled in the background. Only objects inside the connection's bucket and
    prefix can be read.
    """
    source = await service.resolve_import(
        db, access.workspace_id, connection_id=body.connection_id, url=body.url, settings=settings
    )
    await end_transaction(db)  # no database lock while the object downloads
    dataset, version = await service.import_object(
        db,
        store,
        access.workspace_id,
        access.principal,
        source,
        url=body.url,
        settings=settings,
        name=body.name,
        description=body.description,
        tags=body.tags,
    )
    await _start_profiling(request, db, version, access.principal)
    return DatasetCreated(**dataset_out(dataset, version).model_dump(), version_created=True)


@router.get("/datasets", name="list")
async def list_datasets(
    access: ReadAccess,
    db: DbSession,
    page: Paging,
    q: Annotated[
        str | None, Query(max_length=200, description="Search in name and description")
    ] = None,
    tag: Annotated[str | None, Query(max_length=50)] = None,
) -> Page[DatasetOut]:
    datasets, latest = await service.list_datasets(db, access.workspace_id, page, search=q, tag=tag)
    items, cursor = split_page(datasets, page, lambda dataset: dataset.id)
    return Page(items=[dataset_out(d, latest.get(d.id)) for d in items], next_cursor=cursor)


@router.get("/datasets/{dataset_id}", name="get", responses=problem_responses(DatasetNotFound))
async def get_dataset(dataset_id: DatasetId, access: ReadAccess, db: DbSession) -> DatasetOut:
    dataset, latest = await service.get_dataset_with_latest(db, access.workspace_id, dataset_id)
    return dataset_out(dataset, latest)


@router.patch("/datasets/{dataset_id}", name="update", responses=problem_responses(DatasetNotFound))
async def update_dataset(
    dataset_id: DatasetId, body: DatasetUpdate, access: WriteAccess, db: DbSession
) -> DatasetOut:
    """Rename, describe or tag a dataset. Versions never change."""
    await service.update_dataset(
        db,
        access.workspace_id,
        dataset_id,
        name=body.name,
        description=body.description,
        tags=body.tags,
    )
    dataset, latest = await service.get_dataset_with_latest(db, access.workspace_id, dataset_id)
    return dataset_out(dataset, latest)


@router.delete(
    "/datasets/{dataset_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete",
    responses=problem_responses(DatasetNotFound, DatasetInUse),
)
async def delete_dataset(
    dataset_id: DatasetId,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.DATASETS_DELETE))],
    db: DbSession,
    store: Store,
) -> None:
    """Delete a dataset with its versions. Refused (409) while models depend on it."""
    await service.delete_dataset(db, store, access.workspace_id, dataset_id)


@router.post(
    "/datasets/{dataset_id}/versions",
    status_code=status.HTTP_201_CREATED,
    name="create_version",
    openapi_extra=UPLOAD_BODY,
    responses={**UPLOAD_ERRORS, **problem_responses(DatasetNotFound)},
)
async def upload_version(
    dataset_id: DatasetId,
    request: Request,
    access: WriteAccess,
    db: DbSession,
    store: Store,
    settings: AppSettings,
) -> DatasetCreated:
    """Upload new content for a dataset. Identical content returns the existing version."""
    await service.get_dataset(db, access.workspace_id, dataset_id)
    await end_transaction(db)
    upload = await receive_upload(
        request.stream(),
        request.headers.get("content-type", ""),
        store,
        max_bytes=settings.max_upload_bytes,
    )
    converted = await service.convert_upload(
        store, upload, max_columns=settings.max_dataset_columns
    )
    dataset, version, created = await service.add_version(
        db, access.workspace_id, dataset_id, access.principal, converted
    )
    if created:
        await _start_profiling(request, db, version, access.principal)
    return DatasetCreated(**dataset_out(dataset, version).model_dump(), version_created=created)


@router.get(
    "/datasets/{dataset_id}/versions",
    name="list_versions",
    responses=problem_responses(DatasetNotFound),
)
async def list_versions(
    dataset_id: DatasetId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[DatasetVersionOut]:
    versions = await service.list_versions(db, access.workspace_id, dataset_id, page)
    items, cursor = split_page(versions, page, lambda version: version.id)
    return Page(items=[DatasetVersionOut.model_validate(v) for v in items], next_cursor=cursor)


@router.get(
    "/dataset-versions/{version_id}",
    name="get_version",
    responses=problem_responses(DatasetVersionNotFound),
)
async def get_version(
    version_id: VersionId, access: ReadAccess, db: DbSession
) -> DatasetVersionOut:
    """A version with its profiling status and progress."""
    return DatasetVersionOut.model_validate(
        await service.get_version(db, access.workspace_id, version_id)
    )


@router.get(
    "/dataset-versions/{version_id}/profile",
    name="get_profile",
    responses=problem_responses(DatasetVersionNotFound, ProfileNotReady),
)
async def get_profile(version_id: VersionId, access: ReadAccess, db: DbSession) -> ProfileOut:
    """Column types, statistics, histograms, target suggestions and warnings."""
    profile = await service.get_profile(db, access.workspace_id, version_id)
    return ProfileOut(status="ready", profile=profile)


@router.get(
    "/dataset-versions/{version_id}/columns/{column}",
    name="get_column",
    responses=problem_responses(DatasetVersionNotFound, ProfileNotReady, ColumnNotFound),
)
async def get_column(
    version_id: VersionId,
    column: Annotated[str, Path(max_length=500)],
    access: ReadAccess,
    db: DbSession,
) -> ColumnOut:
    return ColumnOut(column=await service.get_column(db, access.workspace_id, version_id, column))


@router.get(
    "/dataset-versions/{version_id}/rows",
    name="preview_rows",
    responses=problem_responses(DatasetVersionNotFound),
)
async def preview_rows(
    version_id: VersionId,
    access: ReadAccess,
    db: DbSession,
    store: Store,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RowsPage:
    """A page of rows from the version's Parquet copy."""
    version, rows = await service.preview_rows(
        db, store, access.workspace_id, version_id, offset=offset, limit=limit
    )
    return RowsPage(
        columns=version.column_names, rows=rows, offset=offset, limit=limit, total_rows=version.rows
    )


@router.get(
    "/dataset-versions/{version_id}/download",
    name="download_original",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}},
        **problem_responses(DatasetVersionNotFound),
    },
)
async def download_original(
    version_id: VersionId, access: ReadAccess, db: DbSession, store: Store
) -> StreamingResponse:
    """The file exactly as it was uploaded."""
    version = await service.get_version(db, access.workspace_id, version_id)
    await end_transaction(db)
    return StreamingResponse(
        store.iter_chunks(version.original_key),
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": _attachment(version.original_filename),
            "Content-Length": str(version.original_size),
        },
    )


@samples_router.get("/sample-datasets", name="list")
async def list_sample_datasets(principal: Authenticated) -> list[SampleDataset]:
    """Small public datasets to try Modelyard with; import one into a workspace."""
    return list(list_samples())


@samples_router.post(
    "/workspaces/{workspace_id}/sample-datasets/{name}/import",
    status_code=status.HTTP_201_CREATED,
    name="import",
    responses=problem_responses(ServiceUnavailable),
)
async def import_sample_dataset(
    name: Annotated[str, Path(max_length=50)],
    request: Request,
    access: WriteAccess,
    db: DbSession,
    store: Store,
    settings: AppSettings,
) -> DatasetCreated:
    """Import a sample as a normal dataset of the workspace."""
    await end_transaction(db)
    dataset, version = await service.import_sample(
        db,
        store,
        access.workspace_id,
        access.principal,
        name,
        max_columns=settings.max_dataset_columns,
    )
    await _start_profiling(request, db, version, access.principal)
    return DatasetCreated(**dataset_out(dataset, version).model_dump(), version_created=True)
