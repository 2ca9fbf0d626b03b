"""Batch prediction: a 1M-row CSV scored to CSV by the batch job's own code path.

    uv run --group bench python benchmarks/batch.py [--rows 1000000] [--dataset default]

Trains LightGBM with the engine on a dataset from ../shared/datasets (a fixed number of trials,
so the model and its cost are the same every run),
exports its ONNX graph, writes a CSV of `--rows` rows (the dataset's features repeated), then
times what a batch prediction of an uploaded CSV does: validation and conversion to Parquet
(`ingest_to_parquet`, as the upload route does) and chunked scoring through ONNX Runtime to a
CSV (`score_parquet`, as the `batch_prediction` job does, with the default chunk size). Prints
each step's seconds, rows per second and the peak RSS. Target (issue 7): <= 15 s for 1M rows.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import polars as pl

from modelyard import engine
from modelyard.datasets.ingest import ingest_to_parquet
from modelyard.predictions.batch.scoring import BatchOutputFormat, load_batch_model, score_parquet
from modelyard.settings import Settings
from modelyard.storage import open_store

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
TARGETS = {"default": "default", "nass_cds": "dead", "diamonds": "price", "cps1988": "wage"}


def trees(onnx: bytes) -> int:
    """Trees in the graph: the cost of scoring one row."""
    import onnx as onnx_lib

    graph = onnx_lib.load_from_string(onnx).graph
    count = 0
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.name == "nodes_treeids":
                count += len(set(attribute.ints))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dataset", default="default", choices=sorted(TARGETS))
    parser.add_argument("--budget", type=float, default=120.0)
    parser.add_argument("--trials", type=int, default=6, help="candidates tried (fixes the model)")
    args = parser.parse_args()
    target = TARGETS[args.dataset]
    frame = pl.read_csv(DATASETS / f"{args.dataset}.csv")
    result = engine.search(
        frame.to_pandas(),
        target,
        time_budget_s=args.budget,
        max_trials=args.trials,
        algorithms=["lightgbm"],
        seed=0,
    )
    onnx = engine.to_onnx(result.model, result.signature).SerializeToString()
    features = frame.drop(target)
    repeats = -(-args.rows // features.height)
    with tempfile.TemporaryDirectory(prefix="modelyard-batch-bench-") as work:
        root = Path(work)
        csv = root / "input.csv"
        pl.concat([features] * repeats).head(args.rows).write_csv(csv)
        store = open_store(str(root / "store"))
        key = store.put_bytes(onnx, key="bench/model.onnx").key
        model = load_batch_model(
            store,
            task=result.task.value,
            signature=result.signature.to_dict(),
            classes=[str(c) for c in result.classes],
            artifacts={"onnx": key},
        )
        started = time.perf_counter()
        ingest_to_parquet(csv, root / "input.parquet", filename="input.csv", work_dir=root)
        converted = time.perf_counter()
        scored = score_parquet(
            model,
            root / "input.parquet",
            root / "predictions.csv",
            output_format=BatchOutputFormat.CSV,
            chunk_rows=Settings().batch_chunk_rows,
        )
        finished = time.perf_counter()
        out_mb = (root / "predictions.csv").stat().st_size / 1024**2
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = finished - started
    print(f"dataset {args.dataset}: {scored.rows:,} rows, {len(result.signature.columns)} features")
    members = sum(1 for weight in result.ensemble_weights.values() if weight > 0)
    print(
        f"model: {members} LightGBM model(s), {trees(onnx):,} trees, ONNX {len(onnx) / 1e6:.1f} MB"
    )
    print(f"validate + convert CSV to Parquet: {converted - started:.1f} s")
    print(f"score in chunks to CSV ({out_mb:,.0f} MB): {finished - converted:.1f} s")
    print(f"total: {total:.1f} s ({scored.rows / total:,.0f} rows/s), peak RSS {peak_mb:,.0f} MB")
    print(f"target <= 15 s: {'met' if total <= 15 else 'NOT met'}")


if __name__ == "__main__":
    main()
