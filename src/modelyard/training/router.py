"""HTTP for training jobs: start, list, inspect, cancel, and live events (SSE)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, status
from fastapi.responses import StreamingResponse

from modelyard.authz.guard import WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.datasets.problems import DatasetVersionNotFound
from modelyard.kit.dependencies import AppSettings, DbSession, Paging, end_transaction
from modelyard.kit.errors import NotAuthenticated, PermissionDenied, problem_responses
from modelyard.kit.live import JobEventListener
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.kit.tasks import defer
from modelyard.training import service
from modelyard.training.problems import (
    InvalidTrainingOption,
    JobAlreadyFinished,
    TargetNotInDataset,
    TrainingJobNotFound,
)
from modelyard.training.schemas import TrainingJobCreate, TrainingJobOut, job_out
from modelyard.workspaces.errors import WorkspaceNotFound

router = APIRouter(
    prefix="/workspaces/{workspace_id}/training-jobs",
    tags=["training_jobs"],
    responses=problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound),
)
JobId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_READ))]
KEEPALIVE_SECONDS = 15.0


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(DatasetVersionNotFound, TargetNotInDataset, InvalidTrainingOption),
)
async def create_training_job(
    body: TrainingJobCreate,
    request: Request,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.TRAINING_RUN))],
    db: DbSession,
    settings: AppSettings,
) -> TrainingJobOut:
    """Start an AutoML search on a dataset version; follow it with GET …/events."""
    job = await service.start_training(
        db, access.workspace_id, access.principal, body, max_attempts=settings.job_max_attempts
    )
    defer(request, service.ENQUEUE_TASK, job_id=job.id)
    return job_out(job)


@router.get("", name="list")
async def list_training_jobs(
    access: ReadAccess, db: DbSession, page: Paging
) -> Page[TrainingJobOut]:
    rows = await service.list_jobs(db, access.workspace_id, page)
    items, cursor = split_page(rows, page, lambda job: job.id)
    return Page(items=[job_out(job) for job in items], next_cursor=cursor)


@router.get("/{job_id}", name="get", responses=problem_responses(TrainingJobNotFound))
async def get_training_job(job_id: JobId, access: ReadAccess, db: DbSession) -> TrainingJobOut:
    return job_out(await service.get_job(db, access.workspace_id, job_id))


@router.post(
    "/{job_id}/cancel",
    name="cancel",
    responses=problem_responses(TrainingJobNotFound, JobAlreadyFinished),
)
async def cancel_training_job(
    job_id: JobId,
    access: Annotated[WorkspaceAccess, Depends(require(Permission.TRAINING_RUN))],
    db: DbSession,
) -> TrainingJobOut:
    """Stop the job: a queued job ends now, a running one within a few seconds."""
    return job_out(await service.request_cancel(db, access.workspace_id, job_id))


@router.get(
    "/{job_id}/events",
    name="events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}},
        **problem_responses(TrainingJobNotFound),
    },
)
async def training_job_events(
    job_id: JobId,
    request: Request,
    access: ReadAccess,
    db: DbSession,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
    after: Annotated[int | None, Query(ge=0, description="Resume after this event id")] = None,
) -> StreamingResponse:
    """Server-Sent Events: state changes, progress, each finished trial, log lines.

    Reconnect with the `Last-Event-ID` header to resume exactly where the stream stopped.
    """
    await service.get_job(db, access.workspace_id, job_id)
    await end_transaction(db)
    start = after if after is not None else _event_id(last_event_id)
    stream = _event_stream(request, access.workspace_id, job_id, start)
    return StreamingResponse(
        stream, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


def _event_id(header: str | None) -> int:
    return int(header) if header and header.isdigit() else 0


async def _event_stream(
    request: Request, workspace_id: str, job_id: str, last: int
) -> AsyncIterator[str]:
    listener: JobEventListener = request.app.state.job_events
    idle = 0.0
    while True:
        async with request.app.state.open_session() as db:
            job, events = await service.events_after(db, workspace_id, job_id, last)
            finished = job.status in service.TERMINAL
        for event in events:
            last = event.id
            yield f"id: {event.id}\nevent: {event.type}\ndata: {json.dumps(event.data)}\n\n"
        if finished and not events:
            return
        if events:
            idle = 0.0
        elif idle >= KEEPALIVE_SECONDS:
            idle = 0.0
            yield ": keep-alive\n\n"
        if await request.is_disconnected():
            return
        waited_from = time.monotonic()
        await listener.wait(job_id)
        idle += time.monotonic() - waited_from
