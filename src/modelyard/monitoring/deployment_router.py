"""HTTP for watching a deployment: traffic and latency, drift reports, performance, alerts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, status

from modelyard.authz.guard import WorkspaceAccess, require
from modelyard.authz.permissions import Permission
from modelyard.kit.dependencies import AppSettings, DbSession, Paging, Store
from modelyard.kit.errors import NotAuthenticated, PermissionDenied, problem_responses
from modelyard.kit.pagination import split_page
from modelyard.kit.schemas import Page
from modelyard.monitoring import alerts, drift, service
from modelyard.monitoring.problems import (
    AlertRuleNotFound,
    DriftReferenceUnavailable,
    DriftReportNotFound,
    InvalidAlertRule,
)
from modelyard.monitoring.schemas import (
    AlertEventOut,
    AlertRuleCreate,
    AlertRuleOut,
    AlertRuleUpdate,
    AlertSignal,
    DriftReportFigures,
    DriftReportOut,
    DriftReportSummary,
    DriftRules,
    DriftRun,
    EvaluationOut,
    PerformanceOut,
    TrafficStep,
    TrafficSummary,
)
from modelyard.predictions.problems import DeploymentNotFound
from modelyard.settings import Settings
from modelyard.workspaces.errors import WorkspaceNotFound

if TYPE_CHECKING:
    from modelyard.models import AlertEvent

COMMON = problem_responses(NotAuthenticated, PermissionDenied, WorkspaceNotFound)
DEPLOYMENT = "/workspaces/{workspace_id}/deployments/{deployment_id}"
router = APIRouter(tags=["monitoring"], responses=COMMON)
drift_router = APIRouter(
    prefix=f"{DEPLOYMENT}/drift-reports",
    tags=["drift_reports"],
    responses={**COMMON, **problem_responses(DeploymentNotFound)},
)
alerts_router = APIRouter(
    prefix=f"{DEPLOYMENT}/alert-rules",
    tags=["alert_rules"],
    responses={**COMMON, **problem_responses(DeploymentNotFound)},
)
events_router = APIRouter(tags=["alert_events"], responses=COMMON)

DeploymentId = Annotated[str, Path(max_length=40)]
ItemId = Annotated[str, Path(max_length=40)]
ReadAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_READ))]
ChangeAccess = Annotated[WorkspaceAccess, Depends(require(Permission.MODELS_DEPLOY))]


@router.get(
    f"{DEPLOYMENT}/monitoring/traffic",
    name="traffic",
    responses=problem_responses(DeploymentNotFound),
)
async def deployment_traffic(
    deployment_id: DeploymentId,
    access: ReadAccess,
    db: DbSession,
    window_minutes: Annotated[int, Query(ge=1, le=60 * 24 * 30)] = 60,
    step_minutes: Annotated[
        TrafficStep | None,
        Query(description="width of each point; default: the finest giving at most 360 points"),
    ] = None,
) -> TrafficSummary:
    """Requests, request rate, error rate and latency percentiles (server side) over a window,
    with a series of steps that saw requests, each with its own percentiles. From the counters
    every server process flushes each few seconds."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    return await service.traffic(db, deployment, window_minutes, step_minutes)


@router.get(
    f"{DEPLOYMENT}/monitoring/performance",
    name="performance",
    responses=problem_responses(DeploymentNotFound),
)
async def deployment_performance(
    deployment_id: DeploymentId,
    access: ReadAccess,
    db: DbSession,
    days: Annotated[float, Query(gt=0, le=365)] = 30,
    bucket: Literal["hour", "day"] = "day",
) -> PerformanceOut:
    """Model quality on the predictions that received a late label (POST …/actuals), overall
    and per hour or day of prediction: accuracy, ROC AUC and log loss for classifiers; RMSE
    and MAE for regressors."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    return await service.model_performance(db, deployment, days=days, bucket=bucket)


def _summary(report: object) -> DriftReportSummary:
    return DriftReportSummary.model_validate(report)


def _report(report: object, settings: Settings) -> DriftReportOut:
    rules = DriftRules(
        psi_moderate=drift.PSI_MODERATE,
        psi_significant=drift.PSI_SIGNIFICANT,
        p_value=drift.DEFAULT_P_VALUE,
        min_rows=settings.drift_min_rows,
        schedule_interval_s=settings.drift_interval_s,
        window_hours=settings.drift_window_hours,
    )
    figures = DriftReportFigures.model_validate(report)
    return DriftReportOut(**dict(figures), rules=rules)


@drift_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(DriftReferenceUnavailable),
)
async def run_drift_report(
    deployment_id: DeploymentId,
    access: ChangeAccess,
    db: DbSession,
    store: Store,
    settings: AppSettings,
    body: DriftRun | None = None,
) -> DriftReportOut:
    """Compute drift now: the window's logged inputs against the training data, per feature
    (PSI, with KS for numbers and chi-square for categories). Drift alert rules are evaluated."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    report = await service.compute_drift(
        db,
        store,
        settings,
        deployment,
        trigger="manual",
        window_hours=(body or DriftRun()).window_hours,
    )
    await alerts.evaluate_deployment(db, deployment, signals=[AlertSignal.DRIFT_PSI])
    return _report(report, settings)


@drift_router.get("", name="list")
async def list_drift_reports(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[DriftReportSummary]:
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    rows = await service.list_drift_reports(db, deployment, page)
    items, cursor = split_page(rows, page, lambda report: report.id)
    return Page(items=[_summary(r) for r in items], next_cursor=cursor)


@drift_router.get("/latest", name="latest", responses=problem_responses(DriftReportNotFound))
async def latest_drift_report(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession, settings: AppSettings
) -> DriftReportOut:
    """The newest report, scheduled or manual, with every feature's figures."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    return _report(await service.latest_drift(db, deployment), settings)


@drift_router.get("/{report_id}", name="get", responses=problem_responses(DriftReportNotFound))
async def get_drift_report(
    deployment_id: DeploymentId,
    report_id: ItemId,
    access: ReadAccess,
    db: DbSession,
    settings: AppSettings,
) -> DriftReportOut:
    report = await service.get_drift_report(db, access.workspace_id, deployment_id, report_id)
    return _report(report, settings)


@alerts_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    name="create",
    responses=problem_responses(InvalidAlertRule),
)
async def create_alert_rule(
    deployment_id: DeploymentId, body: AlertRuleCreate, access: ChangeAccess, db: DbSession
) -> AlertRuleOut:
    """A threshold on drift (largest PSI), error rate, p99 latency, request rate or a model
    metric; it fires (an alert event) when crossed and resolves when back."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    rule = await alerts.create_rule(db, deployment, access.principal, body)
    return AlertRuleOut.model_validate(rule)


@alerts_router.get("", name="list")
async def list_alert_rules(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[AlertRuleOut]:
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    rows = await alerts.list_rules(db, deployment, page)
    items, cursor = split_page(rows, page, lambda rule: rule.id)
    return Page(items=[AlertRuleOut.model_validate(r) for r in items], next_cursor=cursor)


@alerts_router.post("/evaluate", name="evaluate")
async def evaluate_alert_rules(
    deployment_id: DeploymentId, access: ChangeAccess, db: DbSession
) -> EvaluationOut:
    """Evaluate every enabled rule now (the worker also does, on a schedule)."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    rules, events = await alerts.evaluate_deployment(db, deployment)
    return EvaluationOut(
        rules=[AlertRuleOut.model_validate(r) for r in rules],
        events=await _events_out(db, access.workspace_id, events),
    )


@alerts_router.get("/{rule_id}", name="get", responses=problem_responses(AlertRuleNotFound))
async def get_alert_rule(
    deployment_id: DeploymentId, rule_id: ItemId, access: ReadAccess, db: DbSession
) -> AlertRuleOut:
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    return AlertRuleOut.model_validate(await alerts.get_rule(db, deployment, rule_id))


@alerts_router.patch("/{rule_id}", name="update", responses=problem_responses(AlertRuleNotFound))
async def update_alert_rule(
    deployment_id: DeploymentId,
    rule_id: ItemId,
    body: AlertRuleUpdate,
    access: ChangeAccess,
    db: DbSession,
) -> AlertRuleOut:
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    return AlertRuleOut.model_validate(await alerts.update_rule(db, deployment, rule_id, body))


@alerts_router.delete(
    "/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    name="delete",
    responses=problem_responses(AlertRuleNotFound),
)
async def delete_alert_rule(
    deployment_id: DeploymentId, rule_id: ItemId, access: ChangeAccess, db: DbSession
) -> None:
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    await alerts.delete_rule(db, deployment, rule_id)


@events_router.get(
    f"{DEPLOYMENT}/alert-events",
    name="list_for_deployment",
    responses=problem_responses(DeploymentNotFound),
)
async def list_deployment_alert_events(
    deployment_id: DeploymentId, access: ReadAccess, db: DbSession, page: Paging
) -> Page[AlertEventOut]:
    """Firing and resolved events of the deployment's rules, newest first."""
    deployment = await service.get_deployment(db, access.workspace_id, deployment_id)
    rows = await alerts.list_events(db, access.workspace_id, deployment.id, page)
    items, cursor = split_page(rows, page, lambda event: event.id)
    return Page(items=await _events_out(db, access.workspace_id, items), next_cursor=cursor)


@events_router.get("/workspaces/{workspace_id}/alert-events", name="list")
async def list_alert_events(access: ReadAccess, db: DbSession, page: Paging) -> Page[AlertEventOut]:
    """Every alert event of the workspace's deployments, newest first."""
    rows = await alerts.list_events(db, access.workspace_id, None, page)
    items, cursor = split_page(rows, page, lambda event: event.id)
    return Page(items=await _events_out(db, access.workspace_id, items), next_cursor=cursor)


async def _events_out(
    db: DbSession, workspace_id: str, events: Sequence[AlertEvent]
) -> list[AlertEventOut]:
    """Events named by their rule and deployment (one query for the page)."""
    names = await alerts.names_of_events(db, workspace_id, events)
    out = []
    for event in events:
        rule_name, deployment_name = names.get(event.rule_id, (None, None))
        item = AlertEventOut.model_validate(event)
        out.append(
            item.model_copy(update={"rule_name": rule_name, "deployment_name": deployment_name})
        )
    return out
