"""Dataset rules: uploads become immutable versions, converted once to Parquet, then profiled."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import Principal
from modelyard.datasets import repository
from modelyard.datasets.ingest import IngestLimits, IngestResult, ingest_to_parquet
from modelyard.datasets.problems import (
    ColumnNotFound,
    DatasetInUse,
    DatasetNotFound,
    DatasetVersionNotFound,
    ProfileNotReady,
)
from modelyard.datasets.profile_models import ColumnProfile, DatasetProfile
from modelyard.datasets.samples import get_sample, open_sample
from modelyard.datasets.upload import UploadedFile
from modelyard.integrations import service as connections
from modelyard.integrations.object_source import ObjectLocation, SourceConfig, open_object
from modelyard.kit.clock import utcnow
from modelyard.kit.errors import PayloadTooLarge
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import Dataset, DatasetVersion, Job
from modelyard.registry import service as registry
from modelyard.settings import Settings
from modelyard.storage import ArtifactRef, ArtifactStore, ArtifactTooLarge
from modelyard.worker import service as job_service

PROFILE_JOB = "profiling"


@dataclass(frozen=True)
class Converted:
    """An upload that passed validation and has a Parquet copy in the store."""

    upload: UploadedFile
    ingest: IngestResult
    parquet: ArtifactRef


async def convert_upload(
    store: ArtifactStore, upload: UploadedFile, *, max_columns: int
) -> Converted:
    """Validate the original and convert it to Parquet (in a thread: polars does the work).

    A file that fails validation leaves nothing behind: its blob is deleted unless another
    version already holds the same content.
    """
    try:
        return await asyncio.to_thread(_convert, store, upload, max_columns)
    except BaseException:
        # Content that fails to parse cannot be shared with any version (versions only hold
        # content that parsed), so its blob can go.
        await asyncio.to_thread(store.delete, upload.ref.key)
        raise


def _convert(store: ArtifactStore, upload: UploadedFile, max_columns: int) -> Converted:
    with (
        tempfile.TemporaryDirectory(prefix="modelyard-ingest-") as work,
        store.local_path(upload.ref.key) as source,
    ):
        target = Path(work) / "data.parquet"
        ingest = ingest_to_parquet(
            source,
            target,
            filename=upload.filename,
            limits=IngestLimits(max_columns=max_columns),
            work_dir=Path(work),
        )
        parquet = store.put_file(target)
    return Converted(upload=upload, ingest=ingest, parquet=parquet)


async def create_dataset(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    converted: Converted,
    *,
    name: str | None,
    description: str = "",
    tags: Sequence[str] = (),
) -> tuple[Dataset, DatasetVersion]:
    dataset = Dataset(
        id=new_id("ds"),
        workspace_id=workspace_id,
        name=_one_line(name or _name_from_filename(converted.upload.filename))[:200]
        or "Untitled dataset",
        description=_printable(description)[:2000],
        tags=_clean_tags(tags),
        created_by=principal.user_id,
    )
    session.add(dataset)
    await session.flush()
    version = await _add_version(session, dataset, principal, converted, number=1)
    return dataset, version


async def add_version(
    session: AsyncSession,
    workspace_id: str,
    dataset_id: str,
    principal: Principal,
    converted: Converted,
) -> tuple[Dataset, DatasetVersion, bool]:
    """A new immutable version, or the existing one when the content is identical."""
    dataset = await get_dataset(session, workspace_id, dataset_id)
    existing = await repository.find_version_by_hash(
        session, dataset.id, converted.upload.ref.sha256
    )
    if existing is not None:
        return dataset, existing, False
    number = await repository.next_version_number(session, dataset.id)
    version = await _add_version(session, dataset, principal, converted, number=number)
    dataset.updated_at = utcnow()
    await session.flush()
    return dataset, version, True


async def _add_version(
    session: AsyncSession,
    dataset: Dataset,
    principal: Principal,
    converted: Converted,
    *,
    number: int,
) -> DatasetVersion:
    ingest = converted.ingest
    version = DatasetVersion(
        id=new_id("dsv"),
        dataset_id=dataset.id,
        workspace_id=dataset.workspace_id,
        number=number,
        original_filename=_safe_filename(converted.upload.filename),
        original_key=converted.upload.ref.key,
        original_sha256=converted.upload.ref.sha256,
        original_size=converted.upload.ref.size,
        format=str(ingest.format),
        parquet_key=converted.parquet.key,
        parquet_size=converted.parquet.size,
        rows=ingest.rows,
        column_count=ingest.columns,
        column_names=ingest.column_names,
        ingest_details={
            k: v
            for k, v in ingest.model_dump(include={"encoding", "delimiter", "has_header"}).items()
            if v is not None
        },
        profile_status="pending",
        created_by=principal.user_id,
    )
    session.add(version)
    await session.flush()
    return version


async def store_sample(store: ArtifactStore, name: str) -> UploadedFile:
    """Put a shipped sample's file into the store as if it had been uploaded."""
    sample = get_sample(name)

    def put() -> ArtifactRef:
        with open_sample(name) as source:
            return store.put_stream(iter(lambda: source.read(1024 * 1024), b""))

    ref = await asyncio.to_thread(put)
    return UploadedFile(ref=ref, filename=sample.file)


async def import_sample(
    session: AsyncSession,
    store: ArtifactStore,
    workspace_id: str,
    principal: Principal,
    name: str,
    *,
    max_columns: int,
) -> tuple[Dataset, DatasetVersion]:
    sample = get_sample(name)
    converted = await convert_upload(
        store, await store_sample(store, name), max_columns=max_columns
    )
    return await create_dataset(
        session,
        workspace_id,
        principal,
        converted,
        name=sample.title,
        description=sample.description,
        tags=["sample", str(sample.task)],
    )


async def resolve_import(
    session: AsyncSession, workspace_id: str, *, connection_id: str, url: str, settings: Settings
) -> tuple[SourceConfig, ObjectLocation]:
    """Check that `url` lies in the connection's bucket and prefix; its decrypted source."""
    return await connections.import_source(session, workspace_id, connection_id, url, settings)


async def import_object(
    session: AsyncSession,
    store: ArtifactStore,
    workspace_id: str,
    principal: Principal,
    source: tuple[SourceConfig, ObjectLocation],
    *,
    url: str,
    settings: Settings,
    name: str | None = None,
    description: str = "",
    tags: Sequence[str] = (),
) -> tuple[Dataset, DatasetVersion]:
    """Copy one object (from `resolve_import`) into a new dataset.

    The object streams into the store under the same size limit as uploads, then takes the
    upload path: validation, Parquet conversion, a version, profiling.
    """
    config, location = source
    upload = await asyncio.to_thread(
        _copy_object, store, config, location, settings.max_upload_bytes
    )
    converted = await convert_upload(store, upload, max_columns=settings.max_dataset_columns)
    dataset, version = await create_dataset(
        session, workspace_id, principal, converted, name=name, description=description, tags=tags
    )
    version.ingest_details = {**version.ingest_details, "source_url": url}
    await session.flush()
    return dataset, version


def _copy_object(
    store: ArtifactStore, source: SourceConfig, location: ObjectLocation, max_bytes: int
) -> UploadedFile:
    remote = open_object(source, location)
    too_large = PayloadTooLarge(
        f"The object is larger than the limit of {max_bytes} bytes.",
        hint="Import a smaller object, or ask the operator to raise MODELYARD_MAX_UPLOAD_BYTES.",
    )
    if remote.size > max_bytes:
        raise too_large
    try:
        # The size is checked again while streaming: the object may change under us.
        ref = store.put_stream(remote.chunks(), max_bytes=max_bytes)
    except ArtifactTooLarge as error:
        raise too_large from error
    return UploadedFile(ref=ref, filename=location.filename)


def _printable(text: str) -> str:
    """Without NUL and other control characters (PostgreSQL refuses NUL); keeps line breaks."""
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def _one_line(text: str) -> str:
    return " ".join(_printable(text).split())


def _clean_tags(tags: Sequence[str]) -> list[str]:
    return sorted({cleaned for tag in tags if (cleaned := _one_line(tag)[:50])})


def _name_from_filename(filename: str) -> str:
    stem = Path(filename.replace("\\", "/")).stem
    return stem.replace("_", " ").replace("-", " ").strip() or "Untitled dataset"


def _safe_filename(filename: str) -> str:
    """The base name only, printable, for display and Content-Disposition; never a path."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"\x00')
    return cleaned[:255] or "upload"


async def get_dataset(session: AsyncSession, workspace_id: str, dataset_id: str) -> Dataset:
    dataset = await repository.get_dataset(session, workspace_id, dataset_id)
    if dataset is None:
        raise DatasetNotFound()
    return dataset


async def get_dataset_with_latest(
    session: AsyncSession, workspace_id: str, dataset_id: str
) -> tuple[Dataset, DatasetVersion | None]:
    dataset = await get_dataset(session, workspace_id, dataset_id)
    latest = await repository.latest_versions(session, [dataset.id])
    return dataset, latest.get(dataset.id)


async def list_datasets(
    session: AsyncSession,
    workspace_id: str,
    page: PageRequest,
    *,
    search: str | None,
    tag: str | None,
) -> tuple[Sequence[Dataset], dict[str, DatasetVersion]]:
    datasets = await repository.list_datasets(session, workspace_id, page, search=search, tag=tag)
    latest = await repository.latest_versions(session, [d.id for d in datasets[: page.limit]])
    return datasets, latest


async def update_dataset(
    session: AsyncSession,
    workspace_id: str,
    dataset_id: str,
    *,
    name: str | None,
    description: str | None,
    tags: Sequence[str] | None,
) -> Dataset:
    dataset = await get_dataset(session, workspace_id, dataset_id)
    if name is not None and _one_line(name):
        dataset.name = _one_line(name)[:200]
    if description is not None:
        dataset.description = _printable(description)[:2000]
    if tags is not None:
        dataset.tags = _clean_tags(tags)
    dataset.updated_at = utcnow()
    await session.flush()
    return dataset


async def delete_dataset(
    session: AsyncSession, store: ArtifactStore, workspace_id: str, dataset_id: str
) -> None:
    """Delete the dataset, its versions and the artifacts no other dataset shares.

    Refused while model versions were trained on it: their lineage must stay intact.
    """
    dataset = await get_dataset(session, workspace_id, dataset_id)
    versions = await repository.list_versions(
        session, workspace_id, dataset.id, PageRequest(limit=10_000)
    )
    dependents = await registry.dependents_of_dataset_versions(session, [v.id for v in versions])
    if dependents:
        names = sorted({d["model_name"] for d in dependents})
        raise DatasetInUse(
            f"{len(dependents)} model version(s) were trained on this dataset: {', '.join(names)}.",
            extra={"dependents": dependents},
        )
    keys = {key for version in versions for key in (version.original_key, version.parquet_key)}
    shared = await repository.keys_still_referenced(session, sorted(keys), dataset.id)
    await session.delete(dataset)
    await session.flush()
    for key in sorted(keys - shared):
        await asyncio.to_thread(store.delete, key)


async def list_versions(
    session: AsyncSession, workspace_id: str, dataset_id: str, page: PageRequest
) -> Sequence[DatasetVersion]:
    dataset = await get_dataset(session, workspace_id, dataset_id)
    return await repository.list_versions(session, workspace_id, dataset.id, page)


async def get_version(session: AsyncSession, workspace_id: str, version_id: str) -> DatasetVersion:
    version = await repository.get_version(session, workspace_id, version_id)
    if version is None:
        raise DatasetVersionNotFound()
    return version


async def get_profile(session: AsyncSession, workspace_id: str, version_id: str) -> DatasetProfile:
    version = await get_version(session, workspace_id, version_id)
    if version.profile_status != "ready" or version.profile is None:
        detail = version.profile_error if version.profile_status == "failed" else None
        raise ProfileNotReady(detail, extra={"profile_status": version.profile_status})
    return DatasetProfile.model_validate(version.profile)


async def get_column(
    session: AsyncSession, workspace_id: str, version_id: str, column: str
) -> ColumnProfile:
    profile = await get_profile(session, workspace_id, version_id)
    try:
        return profile.column(column)
    except KeyError:
        raise ColumnNotFound() from None


async def preview_rows(
    session: AsyncSession,
    store: ArtifactStore,
    workspace_id: str,
    version_id: str,
    *,
    offset: int,
    limit: int,
) -> tuple[DatasetVersion, list[list[Any]]]:
    version = await get_version(session, workspace_id, version_id)
    rows = await asyncio.to_thread(_read_rows, store, version.parquet_key, offset, limit)
    return version, rows


def _read_rows(store: ArtifactStore, key: str, offset: int, limit: int) -> list[list[Any]]:
    """Read only the row groups that hold the requested slice."""
    with store.local_path(key) as path:
        parquet = pq.ParquetFile(path)
        collected: list[dict[str, Any]] = []
        start = 0
        for group in range(parquet.num_row_groups):
            size = parquet.metadata.row_group(group).num_rows
            if start + size > offset and len(collected) < limit:
                table = parquet.read_row_group(group)
                first = max(0, offset - start)
                collected.extend(table.slice(first, limit - len(collected)).to_pylist())
            start += size
            if len(collected) >= limit:
                break
    return [[_jsonable(value) for value in row.values()] for row in collected]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    return str(value)


async def start_profiling(
    session: AsyncSession, version: DatasetVersion, principal: Principal
) -> Job:
    """Record the job that profiles a new version; the caller dispatches it after commit."""
    return await job_service.create_job(
        session,
        workspace_id=version.workspace_id,
        kind=PROFILE_JOB,
        payload={"version_id": version.id},
        created_by=principal.user_id,
    )


async def version_for_profiling(session: AsyncSession, version_id: str) -> DatasetVersion | None:
    """The version a profiling job names (any workspace: the job carries its own scope)."""
    return await repository.get_version_for_task(session, version_id)


async def mark_profile(
    session: AsyncSession, version_id: str, **fields: Any
) -> DatasetVersion | None:
    version = await repository.get_version_for_task(session, version_id)
    if version is None:
        return None
    for name, value in fields.items():
        setattr(version, name, value)
    await session.flush()
    return version
