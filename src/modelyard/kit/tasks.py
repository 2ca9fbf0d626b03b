"""Background task dispatch, in process until the worker queue lands.

Routes never start work directly: they `defer()` a task by name with ids, and the work is
dispatched only after the request's transaction committed. Tasks take ids (never objects),
open their own units of work and must be safe to run twice.

Modes: `background` (default) runs the task on the server's event loop after the response;
`immediate` awaits it before the response, which keeps tests deterministic.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from modelyard.settings import Settings
from modelyard.storage import ArtifactStore

log = structlog.get_logger(__name__)

OpenSession = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass
class TaskContext:
    """What a task may use: its own database sessions, the artifact store, the settings."""

    open_session: OpenSession
    store: ArtifactStore
    settings: Settings
    enqueue_job: Callable[[str], Awaitable[None]] | None = None


TaskFunction = Callable[..., Awaitable[None]]
_REGISTRY: dict[str, TaskFunction] = {}


def task(name: str) -> Callable[[TaskFunction], TaskFunction]:
    def register(function: TaskFunction) -> TaskFunction:
        _REGISTRY[name] = function
        return function

    return register


@dataclass(frozen=True)
class DeferredTask:
    name: str
    kwargs: dict[str, Any]


@dataclass
class TaskRunner:
    context: TaskContext
    immediate: bool = False
    _running: set[asyncio.Task[None]] = field(default_factory=set)

    async def dispatch(self, deferred: DeferredTask) -> None:
        if self.immediate:
            await self._run(deferred)
            return
        running = asyncio.create_task(self._run(deferred), name=deferred.name)
        self._running.add(running)
        running.add_done_callback(self._running.discard)

    async def _run(self, deferred: DeferredTask) -> None:
        function = _REGISTRY[deferred.name]
        try:
            await function(self.context, **deferred.kwargs)
        except Exception:
            log.exception("task_failed", task=deferred.name, **deferred.kwargs)

    async def drain(self) -> None:
        """Wait for running tasks (shutdown, tests)."""
        while self._running:
            await asyncio.gather(*list(self._running), return_exceptions=True)


def defer(request: Request, name: str, **kwargs: Any) -> None:
    """Queue a task to dispatch once the request's transaction has committed."""
    if name not in _REGISTRY:
        raise KeyError(f"unknown task {name!r}")
    request.state.after_commit = [
        *getattr(request.state, "after_commit", []),
        DeferredTask(name, kwargs),
    ]


async def dispatch_after_commit(request: Request) -> None:
    runner: TaskRunner = request.app.state.tasks
    for deferred in getattr(request.state, "after_commit", []):
        await runner.dispatch(deferred)
    request.state.after_commit = []
