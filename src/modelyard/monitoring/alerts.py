"""Alert rules of a deployment, their evaluation, and the events their state changes raise.

A rule is evaluated after each drift report of its deployment and on the worker's schedule.
Each change of state (ok -> firing, firing -> ok) appends an `alert_events` row; those rows,
with `delivered_at` NULL, are the outbox a notifier (webhooks, Slack, email) will drain. A
rule with no data (no traffic, no labels, no drift report) keeps its state rather than flap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth.principal import Principal
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.kit.pagination import PageRequest
from modelyard.models import AlertEvent, AlertRule, Deployment
from modelyard.monitoring import performance, repository, service
from modelyard.monitoring.problems import AlertRuleNotFound, InvalidAlertRule
from modelyard.monitoring.schemas import (
    AlertComparison,
    AlertRuleCreate,
    AlertRuleUpdate,
    AlertSignal,
)
from modelyard.registry import service as registry

FIRING, OK, NO_DATA, RESOLVED = "firing", "ok", "no_data", "resolved"


async def create_rule(
    session: AsyncSession, deployment: Deployment, principal: Principal, body: AlertRuleCreate
) -> AlertRule:
    await _check(session, deployment, body.signal, body.metric)
    rule = AlertRule(
        id=new_id("alr"),
        workspace_id=deployment.workspace_id,
        deployment_id=deployment.id,
        name=body.name,
        signal=body.signal,
        metric=body.metric if body.signal is AlertSignal.PERFORMANCE else None,
        comparison=body.comparison,
        threshold=body.threshold,
        window_minutes=body.window_minutes,
        enabled=body.enabled,
        state=OK,
        created_by=principal.user_id,
    )
    session.add(rule)
    await session.flush()
    return rule


async def _check(
    session: AsyncSession, deployment: Deployment, signal: AlertSignal, metric: str | None
) -> None:
    if signal is not AlertSignal.PERFORMANCE:
        return
    version = await registry.get_version(
        session, deployment.workspace_id, deployment.model_version_id
    )
    allowed = performance.metric_names(version.task)
    if metric not in allowed:
        raise InvalidAlertRule(
            f"A performance rule of a {version.task} model needs metric one of: "
            f"{', '.join(allowed)}."
        )


async def get_rule(session: AsyncSession, deployment: Deployment, rule_id: str) -> AlertRule:
    rule = await repository.get_rule(session, deployment.workspace_id, deployment.id, rule_id)
    if rule is None:
        raise AlertRuleNotFound()
    return rule


async def list_rules(
    session: AsyncSession, deployment: Deployment, page: PageRequest
) -> Sequence[AlertRule]:
    return await repository.list_rules(session, deployment.id, page)


async def update_rule(
    session: AsyncSession, deployment: Deployment, rule_id: str, body: AlertRuleUpdate
) -> AlertRule:
    rule = await get_rule(session, deployment, rule_id)
    for name in ("name", "comparison", "threshold", "window_minutes", "enabled"):
        value = getattr(body, name)
        if value is not None:
            setattr(rule, name, value)
    rule.updated_at = utcnow()
    await session.flush()
    return rule


async def delete_rule(session: AsyncSession, deployment: Deployment, rule_id: str) -> None:
    rule = await get_rule(session, deployment, rule_id)
    await session.delete(rule)
    await session.flush()


async def list_events(
    session: AsyncSession, workspace_id: str, deployment_id: str | None, page: PageRequest
) -> Sequence[AlertEvent]:
    return await repository.list_events(session, workspace_id, deployment_id, page)


async def names_of_events(
    session: AsyncSession, workspace_id: str, events: Sequence[AlertEvent]
) -> dict[str, tuple[str, str]]:
    """Rule id -> (rule name, deployment name) for these events' rules."""
    rule_ids = sorted({event.rule_id for event in events})
    return await repository.rule_and_deployment_names(session, workspace_id, rule_ids)


# -- evaluation ---------------------------------------------------------------------------------


async def current_value(
    session: AsyncSession, deployment: Deployment, rule: AlertRule
) -> float | None:
    signal = AlertSignal(rule.signal)
    if signal is AlertSignal.DRIFT_PSI:
        report = await repository.latest_drift_report(session, deployment.id)
        return None if report is None else report.max_psi
    if signal is AlertSignal.PERFORMANCE:
        scores = await service.model_performance(
            session, deployment, days=rule.window_minutes / (60 * 24), bucket="day"
        )
        return scores.metrics.get(rule.metric or "")
    summary = await service.traffic(session, deployment, rule.window_minutes)
    values: dict[AlertSignal, Any] = {
        AlertSignal.ERROR_RATE: summary.error_rate,
        AlertSignal.LATENCY_P99_MS: summary.latency_p99_ms,
        AlertSignal.REQUEST_RATE: summary.request_rate_per_minute,
    }
    value = values[signal]
    return None if value is None else float(value)


def breached(rule: AlertRule, value: float) -> bool:
    if AlertComparison(rule.comparison) is AlertComparison.ABOVE:
        return value > rule.threshold
    return value < rule.threshold


async def evaluate_rule(
    session: AsyncSession, deployment: Deployment, rule: AlertRule
) -> AlertEvent | None:
    """Update the rule's state from the current value; the event its change raised, if any."""
    value = await current_value(session, deployment, rule)
    now = utcnow()
    rule.last_value, rule.last_evaluated_at = value, now
    previous = rule.state
    if value is None:
        rule.state = FIRING if previous == FIRING else NO_DATA
        await session.flush()
        return None
    rule.state = FIRING if breached(rule, value) else OK
    event = None
    if rule.state == FIRING and previous != FIRING:
        event = _event(rule, FIRING, value)
    elif rule.state != FIRING and previous == FIRING:
        event = _event(rule, RESOLVED, value)
    if event is not None:
        session.add(event)
    await session.flush()
    return event


def _event(rule: AlertRule, state: str, value: float) -> AlertEvent:
    subject = (
        rule.signal if rule.signal != AlertSignal.PERFORMANCE else f"performance {rule.metric}"
    )
    verb = "is" if state == FIRING else "is back: no longer"
    message = (
        f"{rule.name}: {subject} {verb} {rule.comparison} {rule.threshold:g} (value {value:.6g})."
    )
    return AlertEvent(
        id=new_id("ale"),
        workspace_id=rule.workspace_id,
        deployment_id=rule.deployment_id,
        rule_id=rule.id,
        state=state,
        signal=rule.signal,
        value=value,
        threshold=rule.threshold,
        message=message[:1000],
    )


async def evaluate_deployment(
    session: AsyncSession, deployment: Deployment, *, signals: Sequence[AlertSignal] | None = None
) -> tuple[list[AlertRule], list[AlertEvent]]:
    """Evaluate the deployment's enabled rules (only those of `signals` when given)."""
    rules = [
        rule
        for rule in await repository.list_rules(session, deployment.id)
        if rule.enabled and (signals is None or AlertSignal(rule.signal) in signals)
    ]
    events = [event for rule in rules if (event := await evaluate_rule(session, deployment, rule))]
    return rules, events
