"""No predict body may produce a 5xx: fuzz the parsing, validation and scoring with Hypothesis.

The predict route turns every problem into a ModelyardError (a 4xx) before scoring; anything
else raised here would reach the client as a 500. A final HTTP test sends a handful of hostile
bodies through the whole app.
"""

from __future__ import annotations

import json
import math
from typing import Any

import onnxruntime as ort
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.engine.signature import InputSignature
from modelyard.kit.errors import ModelyardError
from modelyard.predictions.router import _parse
from modelyard.predictions.scoring import RecordErrors, Scorer
from tests.factories import Team
from tests.predictions.conftest import Trained, deploy, register

COLUMNS = ("age", "color", "member", "signup")
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["red", "2024-02-30", "2024-05-01T10:00:00+02:00", "", "1e309", "NaN"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
records = st.dictionaries(
    st.sampled_from([*COLUMNS, "extra", ""]) | st.text(max_size=6), json_values, max_size=7
)
bodies = (
    st.fixed_dictionaries({"record": records | json_values})
    | st.fixed_dictionaries(
        {"records": st.lists(records | json_values, max_size=5) | json_values},
        optional={"explain": st.booleans() | json_values},
    )
    | json_values
)


@pytest.fixture(scope="module")
def scorer(binary_model: Trained) -> Scorer:
    session = ort.InferenceSession(binary_model.onnx, providers=["CPUExecutionProvider"])
    return Scorer(
        version_id="mv_fuzz",
        task=binary_model.task,
        signature=InputSignature.from_dict(binary_model.signature),
        classes=binary_model.classes,
        session=session,
        python_model=None,
    )


def _predict_or_refuse(scorer: Scorer, raw: bytes, reject_unseen: bool) -> None:
    try:
        rows, root, _ = _parse(raw, max_rows=20)
        validated = scorer.validate(rows, reject_unseen=reject_unseen, root=root)
    except ModelyardError as refused:
        status = refused.status
    except RecordErrors:
        status = 422  # the route answers InvalidRecords
    else:
        status = 200
    assert status < 500
    if status != 200:
        return
    scored = scorer.score(validated)
    assert len(scored.predictions) == validated.rows
    assert scored.probabilities is not None
    for row in scored.probabilities:
        assert all(math.isfinite(p) for p in row.values())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, reject_unseen=st.booleans())
def test_any_json_body_is_scored_or_refused_with_a_4xx(
    scorer: Scorer, body: Any, reject_unseen: bool
) -> None:
    _predict_or_refuse(scorer, json.dumps(body).encode(), reject_unseen)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_refused_or_scored(scorer: Scorer, raw: bytes) -> None:
    _predict_or_refuse(scorer, raw, reject_unseen=False)


@settings(max_examples=200, deadline=None)
@given(
    row=st.fixed_dictionaries(
        {
            "age": st.none()
            | st.floats(min_value=-3e38, max_value=3e38)
            | st.just(math.nan)
            | st.integers(min_value=-(10**30), max_value=10**30),
            "color": st.none() | st.text(max_size=10) | st.integers(),
            "member": st.none() | st.booleans() | st.sampled_from([0, 1]),
            "signup": st.none() | st.datetimes().map(lambda d: d.isoformat()),
        }
    )
)
def test_well_typed_rows_are_always_scored(scorer: Scorer, row: dict[str, Any]) -> None:
    validated = scorer.validate([row], reject_unseen=False, root="record")
    scored = scorer.score(validated)
    assert scored.predictions[0] in scorer.classes


HOSTILE = [
    b"",
    b"null",
    b"[]",
    b'"record"',
    b'{"record": {}}',
    b'{"records": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
    b'{"record": {"age": 1e999, "color": "red", "member": true, "signup": null}}',
    b'{"record": {"age": 1' + b"0" * 5000 + b', "color": "red", "member": true, "signup": null}}',
    b'{"record": {"age": 1, "color": "\\ud800", "member": true, "signup": "\\u0000"}}',
    b"\xff\xfe\x00garbage",
]


async def test_hostile_bodies_never_give_a_5xx(
    client: AsyncClient,
    db: AsyncSession,
    app: FastAPI,
    team: Team,
    headers: dict[str, str],
    dataset_version_id: str,
    binary_model: Trained,
) -> None:
    version = await register(db, app, team, dataset_version_id, binary_model)
    deployment = await deploy(client, team, headers, version.id)
    for raw in HOSTILE:
        response = await client.post(
            deployment["predict_url"],
            content=raw,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert response.status_code < 500, (raw[:40], response.text)
    text_plain = await client.post(
        deployment["predict_url"],
        content=b"age=1",
        headers={**headers, "Content-Type": "text/plain"},
    )
    assert text_plain.status_code == 415
