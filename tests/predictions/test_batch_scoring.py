"""Chunked scoring: the same numbers as the engine, any chunk size, CSV or Parquet out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq
import pytest

from modelyard import engine
from modelyard.predictions.batch import scoring
from modelyard.predictions.batch.scoring import BatchOutputFormat
from modelyard.storage import open_store
from tests.predictions.batch_models import customers, trained


def _model(tmp_path: Path, target: str, threads: int = 0) -> scoring.BatchModel:
    model = trained(target)
    store = open_store(str(tmp_path / f"store-{threads}"))
    key = store.put_bytes(model.onnx, key="models/m.onnx").key
    return scoring.load_batch_model(
        store,
        task=model.task,
        signature=model.signature,
        classes=model.classes,
        artifacts={"onnx": key},
        threads=threads,
    )


@pytest.mark.parametrize("target", ["churned", "spend"])
def test_vectorised_preparation_scores_like_the_engine(tmp_path: Path, target: str) -> None:
    model = _model(tmp_path, target)
    frame = customers(300, seed=5).drop(columns=["churned", "spend"])
    frame.loc[3, "colour"] = None
    ours = scoring.score_frame(model, pl.from_pandas(frame))
    result = trained(target).result
    expected = (
        result.predict_proba(frame) if model.is_classifier else np.asarray(result.predict(frame))
    )
    assert np.allclose(ours.reshape(expected.shape), expected, atol=1e-4)


@pytest.mark.parametrize("output_format", list(BatchOutputFormat))
def test_any_chunk_size_gives_the_same_file(
    tmp_path: Path, output_format: BatchOutputFormat
) -> None:
    model = _model(tmp_path, "churned")
    source = tmp_path / "in.parquet"
    pl.from_pandas(customers(1_000, seed=2)).write_parquet(source, row_group_size=1_000)
    outputs = []
    for chunk_rows in (64, 1_000):
        destination = tmp_path / f"out-{chunk_rows}.{output_format}"
        seen: list[int] = []
        result = scoring.score_parquet(
            model,
            source,
            destination,
            output_format=output_format,
            chunk_rows=chunk_rows,
            on_chunk=seen.append,
        )
        assert result.rows == 1_000 and seen[-1] == 1_000
        assert len(seen) == -(-1_000 // chunk_rows)  # one progress report per chunk
        read = pl.read_csv if output_format is BatchOutputFormat.CSV else pl.read_parquet
        outputs.append(read(destination))
    small, whole = outputs
    assert small.columns[-3:] == ["prediction", "probability_no", "probability_yes"]
    assert small.height == 1_000
    assert small.drop("probability_no", "probability_yes").equals(
        whole.drop("probability_no", "probability_yes")
    )
    # ONNX Runtime may sum in another order for another batch size: float32 rounding only.
    assert np.allclose(small["probability_yes"], whole["probability_yes"], atol=1e-6)
    assert set(small["prediction"].unique()) <= {"yes", "no"}
    assert np.allclose(small["probability_no"] + small["probability_yes"], 1.0, atol=1e-5)


def test_chunks_scored_in_parallel_are_written_in_input_order(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    frame = customers(2_000, seed=4).drop(columns=["churned"])
    frame.insert(0, "row", range(len(frame)))
    pl.from_pandas(frame).write_parquet(source)
    files = {}
    for threads in (1, 4):
        model = _model(tmp_path, "spend", threads=threads)
        assert model.threads == threads
        destination = tmp_path / f"out-{threads}.parquet"
        scoring.score_parquet(
            model, source, destination, output_format=BatchOutputFormat.PARQUET, chunk_rows=97
        )
        files[threads] = pl.read_parquet(destination)
    assert files[4]["row"].to_list() == list(range(2_000))
    assert files[4].equals(files[1])


def test_a_stop_between_chunks_writes_nothing_more(tmp_path: Path) -> None:
    model = _model(tmp_path, "churned", threads=2)
    source = tmp_path / "in.parquet"
    pl.from_pandas(customers(3_000, seed=1)).write_parquet(source)
    seen: list[int] = []

    class Stop(Exception):
        pass

    def stop_after_first(done: int) -> None:
        seen.append(done)
        raise Stop()

    with pytest.raises(Stop):
        scoring.score_parquet(
            model,
            source,
            tmp_path / "out.csv",
            output_format=BatchOutputFormat.CSV,
            chunk_rows=100,
            on_chunk=stop_after_first,
        )
    assert seen == [100]
    assert pl.read_csv(tmp_path / "out.csv").height == 100


def test_outputs_only_and_colliding_names(tmp_path: Path) -> None:
    model = _model(tmp_path, "spend")
    source = tmp_path / "in.parquet"
    pl.from_pandas(customers(50, seed=3)).rename({"churned": "prediction"}).write_parquet(source)
    both = tmp_path / "both.parquet"
    scoring.score_parquet(
        model, source, both, output_format=BatchOutputFormat.PARQUET, chunk_rows=16
    )
    names = pq.read_schema(both).names
    assert "prediction" in names and names[-1] == "prediction_1"
    only = tmp_path / "only.csv"
    scoring.score_parquet(
        model,
        source,
        only,
        output_format=BatchOutputFormat.CSV,
        chunk_rows=16,
        include_inputs=False,
    )
    assert pl.read_csv(only).columns == ["prediction"]


def test_missing_columns_are_named() -> None:
    signature = trained("churned").signature
    assert scoring.missing_columns(signature, ["age", "colour"]) == ["member", "joined"]


def test_a_version_without_onnx_is_scored_by_its_fitted_model(tmp_path: Path) -> None:
    model = trained("churned")
    store = open_store(str(tmp_path / "store"))
    key = store.put_bytes(engine.save_model(model.result.model), key="models/m.skops").key
    python = scoring.load_batch_model(
        store,
        task=model.task,
        signature=model.signature,
        classes=model.classes,
        artifacts={"model": key},
    )
    assert python.session is None
    frame = pl.from_pandas(customers(200, seed=8).drop(columns=["churned", "spend"]))
    expected = scoring.score_frame(_model(tmp_path, "churned"), frame)
    assert np.allclose(scoring.score_frame(python, frame), expected, atol=1e-4)
