"""The standalone scorer shipped in the Python package and the Docker context, run in-process."""

from __future__ import annotations

import io
import json
import math
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from modelyard import engine
from modelyard.exporters import FLAVORS
from modelyard.exporters.docker import free_port
from modelyard.exporters.standalone import scorer
from tests.exporters.conftest import case_for


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("package")
    FLAVORS["python"].export(case_for("binary", "xgboost").artifacts, destination)
    return destination


def test_cells_become_model_inputs() -> None:
    assert scorer.to_number(None) != scorer.to_number(None)  # NaN
    assert math.isnan(scorer.to_number(""))
    assert math.isnan(scorer.to_number("not a number"))
    assert scorer.to_number(True) == 1.0
    assert scorer.to_number("no") == 0.0
    assert scorer.to_number("Yes") == 1.0
    assert scorer.to_number(" 2.5 ") == 2.5
    assert scorer.to_number(3) == 3.0
    assert scorer.to_text(None) == ""
    assert scorer.to_text(float("nan")) == ""
    assert scorer.to_text(True) == "True"
    assert scorer.to_text("red") == "red"
    assert scorer.date_parts("2024-03-05T17:30:00") == {
        "year": 2024.0,
        "month": 3.0,
        "day": 5.0,
        "day_of_week": 1.0,
        "hour": 17.0,
    }
    assert scorer.date_parts(date(2024, 3, 5))["day_of_week"] == 1.0
    assert scorer.date_parts(datetime(2024, 3, 5, 8))["hour"] == 8.0
    assert all(math.isnan(v) for v in scorer.date_parts("yesterday").values())
    assert all(math.isnan(v) for v in scorer.date_parts(None).values())


def test_scorer_matches_the_engine_preparation(package: Path) -> None:
    case = case_for("binary", "xgboost")
    rows = case.held_out.head(20)
    records = [
        {
            k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v)
            for k, v in row.items()
        }
        for row in rows.to_dict(orient="records")
    ]
    signature = case.artifacts.input_signature

    feeds = scorer.Scorer(package).feeds(records)
    expected = engine.onnx_feeds(engine.prepare_features(rows, signature), signature)

    assert set(feeds) == set(expected)
    for name, values in expected.items():
        if values.dtype == object:
            assert feeds[name].tolist() == values.tolist(), name
        else:
            assert np.array_equal(feeds[name], values, equal_nan=True), name


def test_predict_and_csv(package: Path) -> None:
    model = scorer.Scorer(package)
    rows = [
        {
            "size": 9.5,
            "weight": None,
            "colour": "red",
            "city": "city_3",
            "member": "true",
            "joined": "2021-06-01",
        }
    ]
    target = io.StringIO()

    result = model.predict(rows)
    count = scorer.predict_csv(
        model,
        io.StringIO("size,weight,colour,city,member,joined\n9.5,,red,city_3,true,2021-06-01\n"),
        target,
    )

    assert model.predict([]) == []
    assert result[0]["prediction"] in ("no", "yes")
    assert sum(result[0]["probabilities"].values()) == pytest.approx(1.0)
    assert count == 1
    header, line = target.getvalue().split()
    assert header == "prediction,probability_no,probability_yes"
    assert line.split(",")[0] == result[0]["prediction"]
    with pytest.raises(scorer.InputError, match="Missing input columns: weight"):
        model.predict([{k: v for k, v in rows[0].items() if k != "weight"}])


def test_cli_reads_and_writes_files(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scorer, "HERE", package)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text((package / "example_input.csv").read_text())
    (tmp_path / "bad.csv").write_text("size\n1\n")

    assert scorer.main_predict([str(source), "-o", str(target)]) == 0
    assert scorer.main_predict([str(tmp_path / "bad.csv"), "-o", str(target)]) == 2
    assert target.read_text().startswith("prediction,")


@pytest.fixture
def served(package: Path) -> Iterator[int]:
    server = scorer.make_server("127.0.0.1", free_port(), scorer.Scorer(package))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _post(port: int, body: bytes) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/predict",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_http_app(served: int) -> None:
    row = {
        "size": 1.0,
        "weight": 2.0,
        "colour": "blue",
        "city": None,
        "member": False,
        "joined": None,
    }

    ok = _post(served, json.dumps({"rows": [row, row]}).encode())
    bare_list = _post(served, json.dumps([row]).encode())
    not_rows = _post(served, b'{"rows": 3}')
    not_json = _post(served, b"{")
    missing = _post(served, json.dumps({"rows": [{"size": 1}]}).encode())

    assert ok[0] == 200
    assert len(ok[1]["predictions"]) == 2  # type: ignore[arg-type]
    assert bare_list[0] == 200
    assert not_rows[0] == 422
    assert not_json[0] == 422
    assert missing[0] == 422
    assert scorer.check_health(served) == 0
    with pytest.raises(urllib.error.HTTPError) as unknown:
        urllib.request.urlopen(f"http://127.0.0.1:{served}/predict")
    unknown.value.close()
    assert unknown.value.code == 404


def test_health_check_without_a_server() -> None:
    assert scorer.check_health(free_port()) == 1
    assert scorer.main_serve(["--check", "--port", str(free_port())]) == 1
