"""Export rules: which formats a version can go to, the export job, and download links."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import asdict
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import Principal
from modelyard.datasets import service as datasets
from modelyard.exports import links, repository
from modelyard.exports.problems import ExportFormatUnavailable, ExportNotFound, ExportNotReady
from modelyard.exports.sources import FormatAvailability, ModelSource, availability
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import Export, Job
from modelyard.registry import service as registry
from modelyard.settings import Settings
from modelyard.storage import ArtifactStore
from modelyard.worker import service as job_service

KIND = "export"
ENQUEUE_TASK = job_service.ENQUEUE_TASK


async def model_source(session: AsyncSession, workspace_id: str, version_id: str) -> ModelSource:
    """What an export of this version is made from; 404 for a version of another workspace."""
    version = await registry.get_version(session, workspace_id, version_id)
    model, _ = await registry.get_model(session, workspace_id, version.model_id)
    dataset_version = await datasets.get_version(session, workspace_id, version.dataset_version_id)
    return ModelSource(
        model_version_id=version.id,
        model_name=model.name,
        version_number=version.number,
        task=version.task,
        target=version.target,
        signature=dict(version.signature),
        lineage=dict(version.lineage),
        artifacts=dict(version.artifacts),
        dataset_parquet_key=dataset_version.parquet_key,
    )


async def export_formats(store: ArtifactStore, source: ModelSource) -> list[FormatAvailability]:
    """Every format, available or not and why (reads the version's files: no transaction)."""
    return await asyncio.to_thread(availability, store, source)


async def start_export(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    source: ModelSource,
    export_format: str,
    formats: Sequence[FormatAvailability],
    *,
    max_attempts: int,
) -> tuple[Export, Job]:
    """Record the export and its queued job; the caller dispatches the job after commit."""
    check_format(export_format, formats)
    # The version may have gone while the formats were checked outside the transaction.
    version = await registry.get_version(session, workspace_id, source.model_version_id)
    export_id = new_id("exp")
    job = await job_service.create_job(
        session,
        workspace_id=workspace_id,
        kind=KIND,
        payload={"export_id": export_id, "model_version_id": version.id, "format": export_format},
        created_by=principal.user_id,
        max_attempts=max_attempts,
    )
    export = Export(
        id=export_id,
        workspace_id=workspace_id,
        model_version_id=version.id,
        job_id=job.id,
        format=export_format,
        created_by=principal.user_id,
    )
    session.add(export)
    await session.flush()
    return export, job


def check_format(export_format: str, formats: Sequence[FormatAvailability]) -> None:
    """422 naming what the version supports, and why the rest is not, unless `export_format` is."""
    chosen = next((f for f in formats if f.format == export_format), None)
    if chosen is not None and chosen.available:
        return
    available = [f.format for f in formats if f.available]
    why_not = "; ".join(f"{f.format}: {f.reason}" for f in formats if not f.available)
    supported = f"Available for this version: {', '.join(available) or 'none'}."
    if why_not:
        supported += f" Not available: {why_not}"
    if chosen is None:
        detail = f"Unknown export format {export_format!r}. {supported}"
    else:
        detail = (
            f"The model version cannot be exported to {export_format}: {chosen.reason} " + supported
        )
    hint = (
        f"Choose one of: {', '.join(available)}."
        if available
        else "No format is available for this version; retrain it to export it."
    )
    raise ExportFormatUnavailable(
        detail, hint=hint, extra={"formats": [asdict(f) for f in formats]}
    )


async def get_export(
    session: AsyncSession, workspace_id: str, export_id: str
) -> tuple[Export, Job]:
    found = await repository.get_export(session, workspace_id, export_id)
    if found is None:
        raise ExportNotFound()
    return found


async def list_exports(
    session: AsyncSession, workspace_id: str, page: PageRequest, model_version_id: str | None = None
) -> Sequence[tuple[Export, Job]]:
    if model_version_id is not None:
        await registry.get_version(session, workspace_id, model_version_id)
    return await repository.list_exports(session, workspace_id, page, model_version_id)


async def create_download_link(
    session: AsyncSession, settings: Settings, workspace_id: str, export_id: str, expires_in_s: int
) -> tuple[str, links.DownloadGrant]:
    """A signed path to the export's zip that works without a session until it expires."""
    export, job = await get_export(session, workspace_id, export_id)
    _ensure_downloadable(export, job)
    grant = links.DownloadGrant(
        export_id=export.id,
        workspace_id=workspace_id,
        expires_at=utcnow().replace(microsecond=0) + timedelta(seconds=expires_in_s),
    )
    return links.DOWNLOAD_PATH + links.sign(settings.resolved_secret_key, grant), grant


async def open_download(session: AsyncSession, settings: Settings, token: str) -> Export:
    """The export a download token grants, once its signature and expiry check out."""
    grant = links.read(settings.resolved_secret_key, token, utcnow())
    export, job = await get_export(session, grant.workspace_id, grant.export_id)
    _ensure_downloadable(export, job)
    return export


def _ensure_downloadable(export: Export, job: Job) -> None:
    if job.status == "succeeded" and export.artifact_key:
        return
    if job.status == "failed":
        raise ExportNotReady(f"The export failed: {job.error_message}")
    raise ExportNotReady(f"The export is {job.status}; its file is not ready yet.")
