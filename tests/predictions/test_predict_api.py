"""Real-time predictions: scoring, bad input, the prediction log and late actuals."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard import engine
from modelyard.models import DeploymentStat, PredictionActual, PredictionRecord
from tests.factories import Team
from tests.predictions.conftest import MAX_ROWS, Trained, deploy, register, runtime_of


async def _deployed(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    trained: Trained,
    **extra: Any,
) -> dict[str, Any]:
    version = await register(db, app, team, dataset_version_id, trained, **extra)
    return await deploy(client, team, headers, version.id)


async def test_scores_like_the_engine(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    deployment = await _deployed(client, db, app, team, headers, dataset_version_id, binary_model)
    response = await client.post(
        deployment["predict_url"], json={"records": binary_model.sample}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["engine"] == "onnx" and body["warnings"] == []
    assert len(body["prediction_ids"]) == len(set(body["prediction_ids"])) == 5
    assert body["contributions"] is None
    # The same rows through the fitted Python model give the same probabilities.
    model = engine.load_model(binary_model.skops)
    signature = engine.InputSignature.from_dict(binary_model.signature)
    raw = pd.DataFrame(binary_model.sample).assign(signup=lambda f: pd.to_datetime(f.signup))
    expected = model.predict_proba(engine.prepare_features(raw, signature))
    got = np.array([[row[c] for c in binary_model.classes] for row in body["probabilities"]])
    assert np.allclose(got, expected, atol=1e-4)
    assert body["predictions"] == [binary_model.classes[i] for i in expected.argmax(axis=1)]


async def test_python_fallback_and_explanations(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    with_onnx = await _deployed(client, db, app, team, headers, dataset_version_id, binary_model)
    version = await register(db, app, team, dataset_version_id, binary_model, onnx=False)
    python = await deploy(client, team, headers, version.id, name="python-only")
    body = {"records": binary_model.sample[:3]}
    onnx_body = (await client.post(with_onnx["predict_url"], json=body, headers=headers)).json()
    fallback = await client.post(python["predict_url"], json=body, headers=headers)
    assert fallback.status_code == 200, fallback.text
    assert fallback.json()["engine"] == "python"
    assert fallback.json()["predictions"] == onnx_body["predictions"]

    explained = await client.post(
        with_onnx["predict_url"], json={**body, "explain": True}, headers=headers
    )
    assert explained.status_code == 200, explained.text
    contributions = explained.json()["contributions"]
    assert len(contributions) == 3
    assert set(contributions[0]) <= {"age", "color", "member", "signup"} and contributions[0]


async def test_regression(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    regression_model: Trained,
) -> None:
    deployment = await _deployed(
        client, db, app, team, headers, dataset_version_id, regression_model, name="Spend"
    )
    response = await client.post(
        deployment["predict_url"], json={"record": regression_model.sample[0]}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body["predictions"][0], float) and body["probabilities"] is None
    model = engine.load_model(regression_model.skops)
    signature = engine.InputSignature.from_dict(regression_model.signature)
    raw = pd.DataFrame(regression_model.sample[:1]).assign(
        signup=lambda f: pd.to_datetime(f.signup)
    )
    expected = float(model.predict(engine.prepare_features(raw, signature))[0])
    assert abs(body["predictions"][0] - expected) <= 1e-4 * max(1.0, abs(expected))


async def test_bad_input_is_a_4xx_naming_each_field(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    deployment = await _deployed(client, db, app, team, headers, dataset_version_id, binary_model)
    url = deployment["predict_url"]
    good = binary_model.sample[0]

    async def post(body: Any) -> Any:
        return await client.post(url, json=body, headers=headers)

    missing = await post({"records": [good, {k: v for k, v in good.items() if k != "age"}]})
    assert missing.status_code == 422
    assert missing.json()["code"] == "invalid_records"
    assert missing.json()["errors"] == [
        {
            "loc": ["body", "records", 1, "age"],
            "msg": "Missing column; expected a number (or null).",
            "type": "missing",
        }
    ]
    wrong = await post(
        {"record": {**good, "age": "old", "member": "maybe", "signup": "yesterday", "color": [1]}}
    )
    assert wrong.status_code == 422
    assert {tuple(e["loc"]) for e in wrong.json()["errors"]} == {
        ("body", "record", "age"),
        ("body", "record", "member"),
        ("body", "record", "signup"),
        ("body", "record", "color"),
    }
    infinite = await client.post(
        url,
        content=b'{"record": {"age": Infinity, "color": "red", "member": true, "signup": null}}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert infinite.status_code == 422 and infinite.json()["errors"][0]["type"] == "finite_number"
    # null (or NaN) is a missing number, which every model imputes.
    nan = await client.post(
        url,
        content=b'{"record": {"age": NaN, "color": null, "member": null, "signup": null}}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert nan.status_code == 200, nan.text

    extra = await post({"record": {**good, "shoe_size": 44, "color": "purple"}})
    assert extra.status_code == 200, extra.text
    assert extra.json()["warnings"] == [
        "Ignored columns the model does not use: shoe_size.",
        "Column 'color': 1 value(s) never seen in training, scored as unknown.",
    ]
    await client.patch(
        f"/api/v1/workspaces/{team.workspace.id}/deployments/{deployment['id']}",
        json={"unseen_categories": "reject"},
        headers=headers,
    )
    unseen = await post({"record": {**good, "color": "purple"}})
    assert unseen.status_code == 422
    assert unseen.json()["errors"][0]["type"] == "unseen_category"
    assert "blue, green, red" in unseen.json()["errors"][0]["msg"]

    shapes: list[Any] = [
        {},
        [],
        {"record": good, "records": [good]},
        {"records": {}},
        {"records": []},
    ]
    for body in shapes:
        shape = await post(body)
        assert shape.status_code == 422, (body, shape.text)
    assert (await post({"records": ["not an object"]})).status_code == 422
    assert (await post({"record": good, "explain": "yes"})).status_code == 422
    malformed = await client.post(
        url, content=b'{"record": ', headers={**headers, "Content-Type": "application/json"}
    )
    assert malformed.status_code == 400 and malformed.json()["code"] == "malformed_json"
    too_many = await post({"records": [good] * (MAX_ROWS + 1)})
    assert too_many.status_code == 413
    assert too_many.json()["code"] == "too_many_rows" and "batch" in too_many.json()["hint"]
    assert (await post({"records": [good] * MAX_ROWS})).status_code == 200

    unknown = await client.post(
        "/api/v1/deployments/dep_unknown/predict", json={"record": good}, headers=headers
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "deployment_not_found"

    # Rejected requests are counted as errors of the deployment.
    await runtime_of(app).log.flush()
    stats = (
        await db.execute(
            select(DeploymentStat).where(DeploymentStat.deployment_id == deployment["id"])
        )
    ).scalars()
    totals = [sum(values) for values in zip(*((s.requests, s.errors) for s in stats), strict=True)]
    assert totals[0] >= 14 and totals[1] >= 10


async def test_prediction_log_records_and_actuals(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    deployment = await _deployed(client, db, app, team, headers, dataset_version_id, binary_model)
    response = await client.post(
        deployment["predict_url"], json={"records": binary_model.sample[:3]}, headers=headers
    )
    ids = response.json()["prediction_ids"]
    store = app.state.store
    prefix = f"predictions/{team.workspace.id}/{deployment['id']}/"
    # Nothing is written on the request's path...
    assert store.list(prefix) == []
    assert (await db.execute(select(PredictionRecord))).scalars().all() == []
    # ...but by the background flush.
    await runtime_of(app).log.flush()
    parts = store.list(prefix)
    assert len(parts) == 1 and parts[0].key.endswith(".parquet")
    table = pq.read_table(io.BytesIO(store.read_bytes(parts[0].key))).to_pydict()
    assert table["prediction_id"] == ids
    assert table["prediction_label"] == response.json()["predictions"]
    assert table["input__color"] == [r["color"] for r in binary_model.sample[:3]]
    assert "input__signup__year" in table
    records = (
        (await db.execute(select(PredictionRecord).order_by(PredictionRecord.id))).scalars().all()
    )
    assert [r.id for r in records] == ids
    assert records[0].prediction == response.json()["predictions"][0]
    assert records[0].model_version_id == deployment["model_version_id"]

    url = f"/api/v1/deployments/{deployment['id']}/actuals"
    unknown_id = "prd_" + "0" * 26
    sent = await client.post(
        url,
        json={
            "actuals": [
                {"prediction_id": ids[0], "actual": "yes"},
                {"prediction_id": ids[1], "actual": "no", "observed_at": "2026-01-02T00:00:00Z"},
                {"prediction_id": unknown_id, "actual": "no"},
            ]
        },
        headers=headers,
    )
    assert sent.status_code == 200, sent.text
    assert sent.json() == {"accepted": 3, "replaced": 0, "unmatched": [unknown_id]}
    again = await client.post(
        url, json={"actuals": [{"prediction_id": ids[0], "actual": "no"}]}, headers=headers
    )
    assert again.json() == {"accepted": 1, "replaced": 1, "unmatched": []}
    joined = (
        await db.execute(
            select(PredictionRecord.id, PredictionRecord.prediction, PredictionActual.actual)
            .join(PredictionActual, PredictionActual.prediction_id == PredictionRecord.id)
            .order_by(PredictionRecord.id)
        )
    ).all()
    assert [(row[0], row[2]) for row in joined] == [(ids[0], "no"), (ids[1], "no")]
    bad = await client.post(
        url, json={"actuals": [{"prediction_id": "nope", "actual": "no"}]}, headers=headers
    )
    assert bad.status_code == 422
    assert (
        await client.post(
            "/api/v1/deployments/dep_unknown/actuals",
            json={"actuals": [{"prediction_id": ids[0], "actual": "no"}]},
            headers=headers,
        )
    ).status_code == 404


async def test_regression_actuals_must_be_numbers(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    regression_model: Trained,
) -> None:
    deployment = await _deployed(
        client, db, app, team, headers, dataset_version_id, regression_model, name="Spend"
    )
    url = f"/api/v1/deployments/{deployment['id']}/actuals"
    prediction_id = "prd_" + "1" * 26
    words = await client.post(
        url,
        json={"actuals": [{"prediction_id": prediction_id, "actual": "a lot"}]},
        headers=headers,
    )
    assert words.status_code == 422
    assert words.json()["errors"][0]["loc"] == ["body", "actuals", 0, "actual"]
    number = await client.post(
        url, json={"actuals": [{"prediction_id": prediction_id, "actual": 12.5}]}, headers=headers
    )
    assert number.status_code == 200


async def test_sampling_keeps_records_but_not_inputs(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    version = await register(db, app, team, dataset_version_id, binary_model)
    deployment = await deploy(client, team, headers, version.id, log_sample_rate=0.0)
    for _ in range(3):
        await client.post(
            deployment["predict_url"], json={"record": binary_model.sample[0]}, headers=headers
        )
    await runtime_of(app).log.flush()
    assert app.state.store.list(f"predictions/{team.workspace.id}/") == []
    records = (await db.execute(select(PredictionRecord))).scalars().all()
    assert len(records) == 3
    metrics = (await client.get("/metrics")).text
    assert f'modelyard_predicted_rows_total{{deployment="{deployment["id"]}"}} 3.0' in metrics
