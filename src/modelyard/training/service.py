"""Training rules: validate a request against the dataset and the engine, record the job."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard import engine
from modelyard.auth.principal import Principal
from modelyard.datasets import service as datasets
from modelyard.kit.clock import utcnow
from modelyard.kit.pagination import PageRequest
from modelyard.models import Job, JobEvent
from modelyard.training.problems import (
    InvalidTrainingOption,
    JobAlreadyFinished,
    TargetNotInDataset,
    TrainingJobNotFound,
)
from modelyard.training.schemas import TrainingJobCreate
from modelyard.worker import repository as jobs
from modelyard.worker import service as job_service

KIND = "training"
TERMINAL = jobs.TERMINAL
ENQUEUE_TASK = job_service.ENQUEUE_TASK
TASKS = ("auto", "binary", "multiclass", "regression")


async def start_training(
    session: AsyncSession,
    workspace_id: str,
    principal: Principal,
    request: TrainingJobCreate,
    *,
    max_attempts: int,
) -> Job:
    version = await datasets.get_version(session, workspace_id, request.dataset_version_id)
    _validate(request, version.column_names)
    return await job_service.create_job(
        session,
        workspace_id=workspace_id,
        kind=KIND,
        payload=request.model_dump(),
        created_by=principal.user_id,
        max_attempts=max_attempts,
    )


def _validate(request: TrainingJobCreate, columns: Sequence[str]) -> None:
    if request.target not in columns:
        raise TargetNotInDataset(f"The dataset version has no column {request.target!r}.")
    unknown = sorted(set(request.excluded_columns) - set(columns))
    if unknown:
        raise InvalidTrainingOption(f"Excluded columns not in the dataset: {', '.join(unknown)}.")
    if request.task not in TASKS:
        raise InvalidTrainingOption(
            f"Unknown task {request.task!r}; use one of {', '.join(TASKS)}."
        )
    if request.metric != "auto" and request.metric not in engine.METRICS:
        raise InvalidTrainingOption(
            f"Unknown metric {request.metric!r}.",
            hint=f"Use one of: auto, {', '.join(sorted(engine.METRICS))}.",
        )
    bad = sorted(set(request.algorithms or ()) - set(engine.ALGORITHMS))
    if bad:
        raise InvalidTrainingOption(
            f"Unknown algorithms: {', '.join(bad)}.",
            hint=f"Use any of: {', '.join(engine.ALGORITHMS)}.",
        )


async def get_job(session: AsyncSession, workspace_id: str, job_id: str) -> Job:
    job = await jobs.get_job(session, workspace_id, job_id)
    if job is None or job.kind != KIND:
        raise TrainingJobNotFound()
    return job


async def list_jobs(session: AsyncSession, workspace_id: str, page: PageRequest) -> Sequence[Job]:
    return await jobs.list_jobs(session, workspace_id, KIND, page)


async def request_cancel(session: AsyncSession, workspace_id: str, job_id: str) -> Job:
    """Queued jobs end at once; running ones stop at their worker's next heartbeat."""
    job = await get_job(session, workspace_id, job_id)
    if job.status in jobs.TERMINAL:
        raise JobAlreadyFinished()
    now = utcnow()
    job.cancel_requested_at = now
    if job.status == "queued":
        job.status = "cancelled"
        job.finished_at = now
        await jobs.add_event(session, job.id, job.attempt, "state", {"status": "cancelled"})
    await session.flush()
    return job


async def events_after(
    session: AsyncSession, workspace_id: str, job_id: str, after_id: int
) -> tuple[Job, Sequence[JobEvent]]:
    job = await get_job(session, workspace_id, job_id)
    return job, await jobs.events_after(session, job.id, after_id)
