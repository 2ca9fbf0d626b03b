"""The profiling job, as a worker runs it: read the version's Parquet, profile it, store it.

Safe to run twice: a version whose profile is ready is left alone, and the profile is written
with the job's success in one transaction.
"""

from __future__ import annotations

import asyncio

from modelyard.datasets import service
from modelyard.datasets.profiling import profile_parquet
from modelyard.storage import ArtifactStore
from modelyard.worker.execution import JobFailed, JobRun, job_handler


@job_handler(service.PROFILE_JOB)
async def profile_version(run: JobRun) -> None:
    version_id = run.payload["version_id"]
    async with run.open_session() as db:
        version = await service.version_for_profiling(db, version_id)
        if version is None or version.profile_status == "ready":
            await run.complete(db, {"version_id": version_id, "skipped": True})
            return
        parquet_key = version.parquet_key
        await service.mark_profile(db, version_id, profile_status="running", profile_progress=0.1)
    run.set_progress(progress=0.1, progress_message="Profiling the columns")
    try:
        profile = await asyncio.to_thread(_profile, run.store, parquet_key)
    except Exception as error:
        async with run.open_session() as db:
            await service.mark_profile(
                db,
                version_id,
                profile_status="failed",
                profile_error=str(error)[:2000],
                profile_progress=1.0,
            )
        raise JobFailed("profile_failed", f"The profile could not be computed: {error}") from error
    async with run.open_session() as db:
        await service.mark_profile(
            db,
            version_id,
            profile=profile,
            profile_status="ready",
            profile_progress=1.0,
            profile_error=None,
        )
        await run.complete(db, {"version_id": version_id})


def _profile(store: ArtifactStore, key: str) -> dict[str, object]:
    with store.local_path(key) as path:
        return profile_parquet(path).model_dump(mode="json")
