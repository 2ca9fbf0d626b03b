"""The in-process task every domain defers after commit: hand a job's id to the queue."""

from __future__ import annotations

from modelyard.kit.tasks import TaskContext, task
from modelyard.worker.service import ENQUEUE_TASK


@task(ENQUEUE_TASK)
async def enqueue_job(context: TaskContext, job_id: str) -> None:
    if context.enqueue_job is not None:
        await context.enqueue_job(job_id)
