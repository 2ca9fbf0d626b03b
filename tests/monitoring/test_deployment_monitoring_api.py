"""Watching a deployment through the API: traffic, drift from the prediction log, performance
from late labels, alert rules that fire and resolve, the schedule and /metrics."""

from __future__ import annotations

import io
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import polars as pl
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard import engine
from modelyard.engine.signature import InputSignature
from modelyard.kit.clock import utcnow
from modelyard.kit.ids import new_id
from modelyard.models import Deployment, DeploymentStat, PredictionActual, PredictionRecord
from modelyard.models.deployment_stat import LATENCY_BUCKETS_MS
from modelyard.monitoring import schedule
from modelyard.settings import Settings
from tests.conftest import make_test_app
from tests.factories import Team, bearer, make_api_key, make_team
from tests.predictions.batch_models import customers, customers_csv, deploy, trained


@dataclass
class Watched:
    app: FastAPI
    client: AsyncClient
    team: Team
    headers: dict[str, str]
    deployment: Deployment

    @property
    def base(self) -> str:
        return f"/api/v1/workspaces/{self.team.workspace.id}/deployments/{self.deployment.id}"


@pytest.fixture
async def watched(db: AsyncSession, settings: Settings) -> AsyncIterator[Watched]:
    app = make_test_app(settings.model_copy(update={"drift_min_rows": 100}), db)
    team = await make_team(db)
    headers = bearer(await make_api_key(db, team.users["member"]))
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        uploaded = await client.post(
            f"/api/v1/workspaces/{team.workspace.id}/datasets",
            files={"file": ("customers.csv", customers_csv(2_000, seed=1), "text/csv")},
            headers=headers,
        )
        assert uploaded.status_code == 201, uploaded.text
        version_id = uploaded.json()["latest_version"]["id"]
        deployment = await deploy(db, app.state.store, team.workspace.id, version_id)
        yield Watched(app, client, team, headers, deployment)


def log_inputs(watched: Watched, rows: int, *, seed: int, shift: float = 0.0) -> None:
    """Write a prediction log part as the predict path does (prepared inputs, `input__` names)."""
    signature = InputSignature.from_dict(trained("churned").signature)
    raw = customers(rows, seed, shift=shift).drop(columns=["churned", "spend"])
    prepared = pl.from_pandas(engine.prepare_features(raw, signature))
    now = utcnow()
    part = prepared.rename({c: f"input__{c}" for c in prepared.columns}).with_columns(
        pl.Series("prediction_id", [new_id("prd") for _ in range(rows)]),
        pl.lit(now).alias("created_at"),
        pl.lit(watched.deployment.model_version_id).alias("model_version_id"),
    )
    buffer = io.BytesIO()
    part.write_parquet(buffer)
    key = (
        f"predictions/{watched.team.workspace.id}/{watched.deployment.id}/"
        f"{now.date().isoformat()}/part-{new_id('x')}.parquet"
    )
    watched.app.state.store.put_bytes(buffer.getvalue(), key=key)


async def test_drift_report_is_stable_then_a_shift_fires_the_rule_and_it_resolves(
    watched: Watched,
) -> None:
    none_yet = await watched.client.get(
        f"{watched.base}/drift-reports/latest", headers=watched.headers
    )
    assert none_yet.status_code == 404 and none_yet.json()["code"] == "drift_report_not_found"
    rule = await watched.client.post(
        f"{watched.base}/alert-rules",
        json={"name": "inputs moved", "signal": "drift_psi", "threshold": 0.25},
        headers=watched.headers,
    )
    assert rule.status_code == 201, rule.text

    log_inputs(watched, 600, seed=11)
    stable = await watched.client.post(f"{watched.base}/drift-reports", headers=watched.headers)
    assert stable.status_code == 201, stable.text
    report = stable.json()
    assert report["status"] == "ready" and report["rows"] == 600
    assert report["reference_source"] == "sample" and report["drifted_features"] == []
    assert report["severity"] == "stable", report["features"]
    names = {f["name"] for f in report["features"]}
    assert {"age", "colour", "member", "joined__year"} <= names
    age = next(f for f in report["features"] if f["name"] == "age")
    assert age["test"] == "ks" and age["p_value"] > 0.001
    assert report["rules"] == {
        "psi_moderate": 0.1,
        "psi_significant": 0.25,
        "p_value": 0.01,
        "min_rows": 100,
        "schedule_interval_s": watched.app.state.settings.drift_interval_s,
        "window_hours": watched.app.state.settings.drift_window_hours,
    }

    log_inputs(watched, 3_000, seed=12, shift=1.0)
    shifted = (
        await watched.client.post(
            f"{watched.base}/drift-reports", json={"window_hours": 1}, headers=watched.headers
        )
    ).json()
    assert {"age", "colour"} <= set(shifted["drifted_features"])
    assert shifted["severity"] == "significant" and shifted["max_psi"] > 0.25
    events = await watched.client.get(f"{watched.base}/alert-events", headers=watched.headers)
    firing = events.json()["items"]
    assert [(e["state"], e["rule_id"]) for e in firing] == [("firing", rule.json()["id"])]
    assert firing[0]["delivered_at"] is None and "inputs moved" in firing[0]["message"]
    assert (firing[0]["rule_name"], firing[0]["deployment_name"]) == (
        "inputs moved",
        watched.deployment.name,
    )

    raised = await watched.client.patch(
        f"{watched.base}/alert-rules/{rule.json()['id']}",
        json={"threshold": 100},
        headers=watched.headers,
    )
    assert raised.json()["state"] == "firing"
    evaluated = (
        await watched.client.post(f"{watched.base}/alert-rules/evaluate", headers=watched.headers)
    ).json()
    assert [e["state"] for e in evaluated["events"]] == ["resolved"]
    assert evaluated["rules"][0]["state"] == "ok"
    workspace_events = await watched.client.get(
        f"/api/v1/workspaces/{watched.team.workspace.id}/alert-events", headers=watched.headers
    )
    assert [e["state"] for e in workspace_events.json()["items"]] == ["resolved", "firing"]
    assert {e["rule_name"] for e in workspace_events.json()["items"]} == {"inputs moved"}
    assert evaluated["events"][0]["deployment_name"] == watched.deployment.name

    listed = await watched.client.get(f"{watched.base}/drift-reports", headers=watched.headers)
    assert [r["id"] for r in listed.json()["items"]] == [shifted["id"], report["id"]]
    latest = await watched.client.get(
        f"{watched.base}/drift-reports/latest", headers=watched.headers
    )
    assert latest.json()["id"] == shifted["id"]
    metrics = (await watched.client.get("/metrics")).text
    assert f'modelyard_deployment_drift_max_psi{{deployment="{watched.deployment.id}"}}' in metrics
    assert f'modelyard_deployment_alerts_firing{{deployment="{watched.deployment.id}"}} 0.0' in (
        metrics
    )


async def test_the_schedule_writes_reports_and_evaluates_rules(
    watched: Watched, settings: Settings
) -> None:
    log_inputs(watched, 300, seed=13)
    app_settings: Settings = watched.app.state.settings
    store = watched.app.state.store
    done = await schedule.run_due(app_settings, watched.app.state.open_session, store)
    assert done >= 1
    latest = (
        await watched.client.get(f"{watched.base}/drift-reports/latest", headers=watched.headers)
    ).json()
    assert latest["trigger"] == "schedule" and latest["rows"] == 300
    # Not due again within the interval.
    assert await schedule.run_due(app_settings, watched.app.state.open_session, store) == 0


async def test_traffic_error_rate_rule_and_latency_percentiles(
    watched: Watched, db: AsyncSession
) -> None:
    minute = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=2)
    buckets = [0] * (len(LATENCY_BUCKETS_MS) + 1)
    buckets[1] = 90  # 0.5-1 ms
    buckets[4] = 10  # 5-10 ms
    for errors in (0, 20):
        db.add(
            DeploymentStat(
                id=new_id("dst"),
                deployment_id=watched.deployment.id,
                minute=minute,
                requests=50,
                errors=errors,
                rows=60,
                latency_ms_sum=100.0,
                latency_buckets=[n // 2 for n in buckets],
            )
        )
    await db.flush()
    traffic = (
        await watched.client.get(
            f"{watched.base}/monitoring/traffic",
            params={"window_minutes": 10},
            headers=watched.headers,
        )
    ).json()
    assert (traffic["requests"], traffic["errors"], traffic["rows"]) == (100, 20, 120)
    assert traffic["error_rate"] == pytest.approx(0.2)
    assert traffic["request_rate_per_minute"] == pytest.approx(10.0)
    assert 0.5 <= traffic["latency_p50_ms"] <= 1.0
    assert 5.0 <= traffic["latency_p99_ms"] <= 10.0
    assert [p["requests"] for p in traffic["series"]] == [100]
    assert traffic["step_minutes"] == 1
    (point,) = traffic["series"]
    assert point["latency_p50_ms"] == traffic["latency_p50_ms"]
    assert point["latency_p99_ms"] == traffic["latency_p99_ms"]

    # A week: the finest listed step giving at most 360 points (an hour).
    week = (
        await watched.client.get(
            f"{watched.base}/monitoring/traffic",
            params={"window_minutes": 7 * 24 * 60},
            headers=watched.headers,
        )
    ).json()
    assert week["step_minutes"] == 60 and week["requests"] == 100
    (hour,) = week["series"]
    assert hour["minute"].endswith(":00:00Z") and hour["requests"] == 100
    assert hour["latency_p99_ms"] == traffic["latency_p99_ms"]
    explicit = await watched.client.get(
        f"{watched.base}/monitoring/traffic",
        params={"window_minutes": 60, "step_minutes": 5},
        headers=watched.headers,
    )
    assert explicit.json()["step_minutes"] == 5
    odd = await watched.client.get(
        f"{watched.base}/monitoring/traffic",
        params={"step_minutes": 7},
        headers=watched.headers,
    )
    assert odd.status_code == 422

    rule = await watched.client.post(
        f"{watched.base}/alert-rules",
        json={"name": "errors", "signal": "error_rate", "threshold": 0.1, "window_minutes": 10},
        headers=watched.headers,
    )
    evaluated = (
        await watched.client.post(f"{watched.base}/alert-rules/evaluate", headers=watched.headers)
    ).json()
    assert [e["state"] for e in evaluated["events"]] == ["firing"]
    assert evaluated["rules"][0]["last_value"] == pytest.approx(0.2)
    again = (
        await watched.client.post(f"{watched.base}/alert-rules/evaluate", headers=watched.headers)
    ).json()
    assert again["events"] == []  # still firing: no new event
    bad = await watched.client.post(
        f"{watched.base}/alert-rules",
        json={"name": "auc", "signal": "performance", "metric": "rmse", "threshold": 1},
        headers=watched.headers,
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_alert_rule"
    deleted = await watched.client.delete(
        f"{watched.base}/alert-rules/{rule.json()['id']}", headers=watched.headers
    )
    assert deleted.status_code == 204


async def test_performance_over_time_from_late_labels(watched: Watched, db: AsyncSession) -> None:
    now = utcnow()
    outcomes = [  # (days ago, predicted, probability of yes, actual)
        (1, "yes", 0.9, "yes"),
        (1, "no", 0.2, "no"),
        (1, "yes", 0.7, "no"),
        (0, "no", 0.1, "no"),
        (0, "yes", 0.8, "yes"),
    ]
    for days, label, yes, actual in outcomes:
        record_id = new_id("prd")
        db.add(
            PredictionRecord(
                id=record_id,
                deployment_id=watched.deployment.id,
                workspace_id=watched.team.workspace.id,
                model_version_id=watched.deployment.model_version_id,
                prediction=label,
                probabilities={"no": 1 - yes, "yes": yes},
                created_at=now - timedelta(days=days, minutes=1),
            )
        )
        db.add(
            PredictionActual(
                id=new_id("act"),
                deployment_id=watched.deployment.id,
                prediction_id=record_id,
                actual=actual,
                observed_at=now,
            )
        )
    await db.flush()
    scores = (
        await watched.client.get(
            f"{watched.base}/monitoring/performance", params={"days": 7}, headers=watched.headers
        )
    ).json()
    assert scores["labelled"] == 5 and scores["task"] == "binary"
    assert scores["metrics"]["accuracy"] == pytest.approx(0.8)
    assert scores["metrics"]["roc_auc"] == pytest.approx(1.0)  # every yes outranks every no
    assert scores["metrics"]["log_loss"] == pytest.approx(
        -sum(map(math.log, [0.9, 0.8, 0.3, 0.9, 0.8])) / 5
    )
    assert [b["labelled"] for b in scores["series"]] == [3, 2]
    assert [b["metrics"]["accuracy"] for b in scores["series"]] == pytest.approx([2 / 3, 1.0])

    rule = await watched.client.post(
        f"{watched.base}/alert-rules",
        json={
            "name": "accuracy",
            "signal": "performance",
            "metric": "accuracy",
            "comparison": "below",
            "threshold": 0.9,
            "window_minutes": 60 * 24 * 7,
        },
        headers=watched.headers,
    )
    assert rule.status_code == 201, rule.text
    evaluated = (
        await watched.client.post(f"{watched.base}/alert-rules/evaluate", headers=watched.headers)
    ).json()
    assert [e["state"] for e in evaluated["events"]] == ["firing"]


async def test_viewers_read_and_cannot_change(watched: Watched, db: AsyncSession) -> None:
    viewer = bearer(await make_api_key(db, watched.team.users["viewer"]))
    assert (
        await watched.client.get(f"{watched.base}/monitoring/traffic", headers=viewer)
    ).status_code == 200
    assert (
        await watched.client.post(f"{watched.base}/drift-reports", headers=viewer)
    ).status_code == 403
    unknown = watched.base.replace(watched.deployment.id, "dep_unknown")
    missing = await watched.client.get(f"{unknown}/monitoring/traffic", headers=watched.headers)
    assert missing.status_code == 404 and missing.json()["code"] == "deployment_not_found"
