"""create_app(): routers, middleware, error handlers, API docs and the web app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from modelyard import __version__
from modelyard.auth.router import api_keys_router, auth_router, users_router
from modelyard.authz.guard import public
from modelyard.datasets.errors import DatasetError
from modelyard.datasets.router import router as datasets_router
from modelyard.datasets.router import samples_router
from modelyard.exports.router import downloads_router as export_downloads_router
from modelyard.exports.router import router as exports_router
from modelyard.integrations.router import router as storage_connections_router
from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.kit.errors import (
    PROBLEM_CONTENT_TYPE,
    BadRequest,
    FieldError,
    LibraryProblem,
    MalformedJSON,
    MethodNotAllowed,
    ModelyardError,
    NotFound,
    Problem,
    ValidationFailed,
)
from modelyard.kit.heap import freeze_heap
from modelyard.kit.live import JobEventListener
from modelyard.kit.logging import configure_logging
from modelyard.kit.middleware import HttpMetrics, RequestContextMiddleware, RequestGuardMiddleware
from modelyard.kit.ratelimit import RateLimiter
from modelyard.kit.tasks import TaskContext, TaskRunner
from modelyard.monitoring.deployment_metrics import DeploymentGauges
from modelyard.monitoring.deployment_router import alerts_router as alert_rules_router
from modelyard.monitoring.deployment_router import drift_router as drift_reports_router
from modelyard.monitoring.deployment_router import events_router as alert_events_router
from modelyard.monitoring.deployment_router import router as deployment_monitoring_router
from modelyard.monitoring.metrics import JobGauges
from modelyard.monitoring.router import router as health_router
from modelyard.predictions.batch.router import router as batch_predictions_router
from modelyard.predictions.router import predict_router
from modelyard.predictions.router import router as deployments_router
from modelyard.predictions.runtime import PredictionRuntime, preload_request_modules
from modelyard.registry.router import router as registry_router
from modelyard.settings import Settings
from modelyard.storage import StorageError, open_store
from modelyard.training.router import router as training_router
from modelyard.web import mount_web_app
from modelyard.worker import tasks as _worker_tasks  # noqa: F401 - registers tasks
from modelyard.worker.execution import execute_job_with
from modelyard.worker.process import load_job_handlers
from modelyard.worker.queue import JobQueue, create_queue
from modelyard.workspaces.router import invitations_router, members_router
from modelyard.workspaces.router import router as workspaces_router

API_PREFIX = "/api/v1"
DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"


def operation_id(route: APIRoute) -> str:
    """Stable operation ids: `<tag>-<route name>`, e.g. `workspaces-list`."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What the first requests would build or import, done now (FastAPI builds each
        # route's state on first use: ~0.3 s), then everything alive frozen (kit/heap.py).
        for _ in iter_route_contexts(app.routes):
            pass
        preload_request_modules()
        freeze_heap()
        yield
        await shutdown(app)

    app = FastAPI(
        title="Modelyard API",
        version=__version__,
        description="Self-hostable no-code AutoML for tabular data.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = create_engine(settings.resolved_database_url)
    app.state.sessionmaker = create_sessionmaker(app.state.engine)
    app.state.rate_limiter = RateLimiter(settings.redis_url)
    app.state.store = open_store(settings.resolved_storage_url, **settings.storage_options)
    app.state.open_session = lambda: session_scope(app.state.sessionmaker)
    app.state.queue = create_queue(settings)
    app.state.tasks = TaskRunner(
        TaskContext(
            open_session=lambda: app.state.open_session(),
            store=app.state.store,
            settings=settings,
            enqueue_job=_job_dispatcher(app, settings),
        ),
        immediate=settings.task_mode == "immediate",
    )
    app.state.job_events = JobEventListener(settings.redis_url)
    app.state.metrics_registry = CollectorRegistry()
    app.state.job_gauges = JobGauges(app.state.metrics_registry)
    app.state.deployment_gauges = DeploymentGauges(app.state.metrics_registry)
    app.state.predictions = PredictionRuntime(
        settings,
        app.state.store,
        lambda: app.state.open_session(),
        app.state.metrics_registry,
    )

    _add_middleware(app, settings)
    _add_error_handlers(app)
    _add_routes(app)
    _add_docs(app)
    mount_web_app(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _job_dispatcher(app: FastAPI, settings: Settings) -> Callable[[str], Awaitable[None]]:
    """Jobs go to the queue; in `immediate` mode (tests, scripts) they run here, to the end."""
    if settings.task_mode != "immediate":
        queue: JobQueue = app.state.queue
        return queue.enqueue
    load_job_handlers()

    async def run_here(job_id: str) -> None:
        await execute_job_with(settings, job_id, app.state.open_session, app.state.store)

    return run_here


async def shutdown(app: FastAPI) -> None:
    """Release what create_app() opened: tasks, database pool and rate-limit connections."""
    await app.state.tasks.drain()
    await app.state.predictions.aclose()
    await app.state.job_events.aclose()
    await app.state.engine.dispose()
    await app.state.rate_limiter.aclose()


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    # Added innermost first: the last one added is the outermost.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(
        RequestGuardMiddleware,
        allowed_origins=[settings.public_url, *settings.cors_origins],
        max_json_body=settings.max_json_body_bytes,
    )
    app.add_middleware(
        RequestContextMiddleware,
        metrics=HttpMetrics(app.state.metrics_registry),
        hsts=settings.cookie_secure,
    )


def _add_routes(app: FastAPI) -> None:
    app.include_router(health_router)
    # Matched first: routes are tried in order, and predict is the latency-critical one.
    app.include_router(predict_router, prefix=API_PREFIX)
    for router in (
        auth_router,
        users_router,
        api_keys_router,
        workspaces_router,
        members_router,
        invitations_router,
        datasets_router,
        samples_router,
        storage_connections_router,
        training_router,
        registry_router,
        batch_predictions_router,
        deployment_monitoring_router,
        drift_reports_router,
        alert_rules_router,
        alert_events_router,
        deployments_router,
        exports_router,
        export_downloads_router,
    ):
        app.include_router(router, prefix=API_PREFIX)


def _request_id(request: Request) -> str | None:
    request_id: str | None = getattr(request.state, "request_id", None)
    return request_id


def problem_response(request: Request, error: ModelyardError) -> JSONResponse:
    problem = error.to_problem(_request_id(request))
    return JSONResponse(
        problem,
        status_code=int(problem["status"]),
        media_type=PROBLEM_CONTENT_TYPE,
        headers=error.headers,
    )


def _add_error_handlers(app: FastAPI) -> None:
    async def on_modelyard_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ModelyardError)
        return problem_response(request, error)

    async def on_validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return problem_response(request, _validation_problem(error))

    async def on_http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 405:
            return problem_response(request, MethodNotAllowed())
        if error.status_code == 404:
            return problem_response(request, NotFound())
        return problem_response(request, BadRequest(str(error.detail)))

    async def on_library_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StorageError | DatasetError)
        return problem_response(request, LibraryProblem.of(error))

    app.add_exception_handler(ModelyardError, on_modelyard_error)
    app.add_exception_handler(StorageError, on_library_error)
    app.add_exception_handler(DatasetError, on_library_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)


def _validation_problem(error: RequestValidationError) -> ModelyardError:
    errors = list(error.errors())
    if any(item.get("type") == "json_invalid" for item in errors):
        return MalformedJSON()
    fields = [
        FieldError(
            loc=[str(p) if not isinstance(p, int) else p for p in item["loc"]],
            msg=item["msg"],
            type=item["type"],
        )
        for item in errors
    ]
    names = ", ".join(
        ".".join(str(p) for p in field.loc[1:]) or str(field.loc[0]) for field in fields
    )
    return ValidationFailed(f"Invalid or missing fields: {names}.", errors=fields)


def _add_docs(app: FastAPI) -> None:
    app.mount("/api/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/api/docs", include_in_schema=False, dependencies=[Depends(public)])
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Modelyard API",
            swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-assets/swagger-ui.css",
            swagger_favicon_url="/api/docs-assets/favicon.png",
        )

    @app.get("/api/redoc", include_in_schema=False, dependencies=[Depends(public)])
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/api/openapi.json",
            title="Modelyard API",
            redoc_js_url="/api/docs-assets/redoc.standalone.js",
            redoc_favicon_url="/api/docs-assets/favicon.png",
            with_google_fonts=False,
        )


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    for name, definition in (
        Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        .get("$defs", {})
        .items()
    ):
        components.setdefault(name, definition)
    components["Problem"].pop("$defs", None)
    schema["components"].setdefault("securitySchemes", {}).update(
        {
            "apiKey": {"type": "http", "scheme": "bearer", "description": "myd_… API key"},
            "session": {"type": "apiKey", "in": "cookie", "name": "modelyard_session"},
        }
    )
    schema["security"] = [{"apiKey": []}, {"session": []}]
    app.openapi_schema = schema
    return schema
