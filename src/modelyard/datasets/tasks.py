"""Background work of the datasets domain: profiling a version. Safe to run twice."""

from __future__ import annotations

import asyncio

import structlog

from modelyard.datasets import service
from modelyard.datasets.profiling import profile_parquet
from modelyard.kit.tasks import TaskContext, task
from modelyard.storage import ArtifactStore

log = structlog.get_logger(__name__)


@task(service.PROFILE_TASK)
async def profile_version(context: TaskContext, version_id: str) -> None:
    async with context.open_session() as db:
        version = await service.mark_profile(db, version_id)
        if version is None or version.profile_status == "ready":
            return
        parquet_key = version.parquet_key
        version.profile_status = "running"
        version.profile_progress = 0.1
    try:
        profile = await asyncio.to_thread(_profile, context.store, parquet_key)
    except Exception as error:
        log.exception("profile_failed", version_id=version_id)
        async with context.open_session() as db:
            await service.mark_profile(
                db,
                version_id,
                profile_status="failed",
                profile_error=str(error)[:2000],
                profile_progress=1.0,
            )
        return
    async with context.open_session() as db:
        await service.mark_profile(
            db,
            version_id,
            profile=profile,
            profile_status="ready",
            profile_progress=1.0,
            profile_error=None,
        )


def _profile(store: ArtifactStore, key: str) -> dict[str, object]:
    with store.local_path(key) as path:
        return profile_parquet(path).model_dump(mode="json")
