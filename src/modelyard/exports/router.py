"""HTTP for exports: formats per version, export jobs, and signed, expiring download links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request, status
from fastapi.responses import StreamingResponse

from modelyard.authz.guard import WorkspaceAccess, public, require
from modelyard.authz.permissions import Permission
from modelyard.exports import service
from modelyard.exports.problems import (
    DownloadLinkExpired,
    DownloadLinkInvalid,
    ExportFormatUnavailable,
    ExportNotFound,
    ExportNotReady,
)
from modelyard.exports.schemas import (
    DownloadLinkCreate,
    DownloadLinkOut,
    ExportCreate,
    ExportFormatOut,
    ExportFormats,
    ExportOut,
)
from modelyard.kit.dependencies import AppSettings, DbSession, Paging, Store, end_transaction
from modelyard.kit.errors import NotAuthenticated, PermissionDenied, problem_responses
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.kit.tasks import defer
from modelyard.registry.problems import ModelVersionNotFound
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from modelyard.models import Export, Job

router = APIRouter(
    prefix="/workspaces/{workspace_id}",
    tags=["exports"],
    responses=problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound),
)
downloads_router = APIRouter(prefix="/export-downloads", tags=["exports"])
VersionId = Annotated[str, Path(max_length=40)]
ExportId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_READ))]
WriteAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_WRITE))]


def export_out(export: Export, job: Job) -> ExportOut:
    return ExportOut(
        id=export.id,
        model_version_id=export.model_version_id,
        format=export.format,
        status=job.status,
        progress=job.progress,
        progress_message=job.progress_message,
        error_code=job.error_code,
        error_message=job.error_message,
        job_id=job.id,
        size=export.size,
        sha256=export.sha256,
        manifest=export.manifest,
        parity=export.parity,
        created_by=export.created_by,
        created_at=export.created_at,
        completed_at=export.completed_at,
    )


@router.get(
    "/model-versions/{version_id}/export-formats",
    name="formats",
    responses=problem_responses(ModelVersionNotFound),
)
async def export_formats(
    version_id: VersionId, access: ReadAccess, db: DbSession, store: Store
) -> ExportFormats:
    """Each export format, whether this version can be exported to it, and why not."""
    source = await service.model_source(db, access.workspace_id, version_id)
    await end_transaction(db)
    formats = await service.export_formats(store, source)
    return ExportFormats(
        model_version_id=source.model_version_id,
        formats=[ExportFormatOut.model_validate(f) for f in formats],
    )


@router.post(
    "/model-versions/{version_id}/exports",
    status_code=status.HTTP_202_ACCEPTED,
    name="create",
    responses=problem_responses(ModelVersionNotFound, ExportFormatUnavailable),
)
async def create_export(
    version_id: VersionId,
    body: ExportCreate,
    request: Request,
    access: WriteAccess,
    db: DbSession,
    store: Store,
    settings: AppSettings,
) -> ExportOut:
    """Start an export job; follow its status with GET …/exports/{export_id}."""
    source = await service.model_source(db, access.workspace_id, version_id)
    # Checking the formats reads the model files: hold no database transaction meanwhile.
    await end_transaction(db)
    formats = await service.export_formats(store, source)
    export, job = await service.start_export(
        db,
        access.workspace_id,
        access.principal,
        source,
        body.format,
        formats,
        max_attempts=settings.job_max_attempts,
    )
    defer(request, service.ENQUEUE_TASK, job_id=job.id)
    return export_out(export, job)


@router.get(
    "/model-versions/{version_id}/exports",
    name="list_for_version",
    responses=problem_responses(ModelVersionNotFound),
)
async def list_version_exports(
    version_id: VersionId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[ExportOut]:
    """The version's exports, newest first: who exported what, when, and with what parity."""
    rows = await service.list_exports(db, access.workspace_id, page, version_id)
    items, cursor = split_page(rows, page, lambda row: row[0].id)
    return Page(items=[export_out(*row) for row in items], next_cursor=cursor)


@router.get("/exports", name="list")
async def list_exports(access: ReadAccess, db: DbSession, page: Paging) -> Page[ExportOut]:
    """Every export of the workspace, newest first (the audit trail of model exports)."""
    rows = await service.list_exports(db, access.workspace_id, page)
    items, cursor = split_page(rows, page, lambda row: row[0].id)
    return Page(items=[export_out(*row) for row in items], next_cursor=cursor)


@router.get("/exports/{export_id}", name="get", responses=problem_responses(ExportNotFound))
async def get_export(export_id: ExportId, access: ReadAccess, db: DbSession) -> ExportOut:
    return export_out(*await service.get_export(db, access.workspace_id, export_id))


@router.post(
    "/exports/{export_id}/download-links",
    status_code=status.HTTP_201_CREATED,
    name="create_download_link",
    responses=problem_responses(ExportNotFound, ExportNotReady),
)
async def create_download_link(
    export_id: ExportId,
    access: ReadAccess,
    db: DbSession,
    settings: AppSettings,
    body: DownloadLinkCreate | None = None,
) -> DownloadLinkOut:
    """A link to the export's zip that needs no session and stops working when it expires.

    Anyone holding the link can download the file until then: share it like a password.
    """
    expires_in_s = (body or DownloadLinkCreate()).expires_in_s
    path, grant = await service.create_download_link(
        db, settings, access.workspace_id, export_id, expires_in_s
    )
    return DownloadLinkOut(
        url=settings.public_url.rstrip("/") + path, path=path, expires_at=grant.expires_at
    )


@downloads_router.get(
    "/{token}",
    name="download",
    dependencies=[Depends(public)],
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/zip": {}}},
        **problem_responses(DownloadLinkInvalid, DownloadLinkExpired, ExportNotFound),
    },
)
async def download_export(
    token: Annotated[str, Path(max_length=300)], db: DbSession, settings: AppSettings, store: Store
) -> StreamingResponse:
    """The export's zip, through a link from POST …/exports/{export_id}/download-links."""
    export = await service.open_download(db, settings, token)
    await end_transaction(db)
    assert export.artifact_key is not None
    assert export.size is not None
    filename = export.artifact_key.rsplit("/", 1)[-1]
    return StreamingResponse(
        store.iter_chunks(export.artifact_key),
        media_type="application/zip",
        headers={
            "Content-Disposition": _attachment(filename),
            "Content-Length": str(export.size),
            "Cache-Control": "private, no-store",
        },
    )


def _attachment(filename: str) -> str:
    """RFC 6266: an ASCII fallback name, and the exact name percent-encoded as UTF-8."""
    fallback = "".join(ch if " " <= ch < "\x7f" and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
