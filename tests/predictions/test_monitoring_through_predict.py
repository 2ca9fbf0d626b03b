"""Monitoring fed by the real predict path: its prediction log, counters and late actuals."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import Team
from tests.predictions.conftest import MAX_ROWS, Trained, _frame, deploy, register, runtime_of


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "age": None if pd.isna(row.age) else float(row.age),
            "color": str(row.color),
            "member": bool(row.member),
            "signup": row.signup.isoformat(),
        }
        for row in frame.itertuples()
    ]


async def test_predictions_feed_traffic_drift_and_performance(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    binary_model: Trained,
) -> None:
    training = _frame(400, 0).drop(columns=["spend"])
    uploaded = await client.post(
        f"/api/v1/workspaces/{team.workspace.id}/datasets",
        files={"file": ("churn.csv", training.to_csv(index=False).encode(), "text/csv")},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    version = await register(db, app, team, uploaded.json()["latest_version"]["id"], binary_model)
    deployment = await deploy(client, team, headers, version.id)
    live = _frame(200, 5)
    ids: list[str] = []
    for start in range(0, len(live), MAX_ROWS):
        records = _records(live.iloc[start : start + MAX_ROWS])
        scored = await client.post(
            deployment["predict_url"], json={"records": records}, headers=headers
        )
        assert scored.status_code == 200, scored.text
        ids.extend(scored.json()["prediction_ids"])
    await runtime_of(app).log.flush()
    base = f"/api/v1/workspaces/{team.workspace.id}/deployments/{deployment['id']}"

    traffic = (await client.get(f"{base}/monitoring/traffic", headers=headers)).json()
    assert traffic["requests"] == 4 and traffic["rows"] == 200 and traffic["errors"] == 0
    assert traffic["latency_p99_ms"] is not None

    report = await client.post(f"{base}/drift-reports", headers=headers)
    assert report.status_code == 201, report.text
    body = report.json()
    assert body["rows"] == 200 and body["reference_source"] == "sample"
    assert {f["name"] for f in body["features"]} >= {"age", "color", "member", "signup__year"}
    assert body["severity"] in {"stable", "moderate"} and body["drifted_features"] == []

    truth = live["churned"].tolist()
    sent = await client.post(
        deployment["predict_url"].replace("/predict", "/actuals"),
        json={
            "actuals": [{"prediction_id": i, "actual": a} for i, a in zip(ids, truth, strict=True)]
        },
        headers=headers,
    )
    assert sent.status_code in (200, 201, 202), sent.text
    scores = (await client.get(f"{base}/monitoring/performance", headers=headers)).json()
    assert scores["labelled"] == 200
    assert scores["metrics"]["accuracy"] > 0.7 and scores["metrics"]["roc_auc"] > 0.8
