"""In-process tasks of the training domain: hand a committed job to the queue."""

from __future__ import annotations

from modelyard.kit.tasks import TaskContext, task
from modelyard.training.service import ENQUEUE_TASK


@task(ENQUEUE_TASK)
async def enqueue_job(context: TaskContext, job_id: str) -> None:
    if context.enqueue_job is not None:
        await context.enqueue_job(job_id)
