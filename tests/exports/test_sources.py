"""Format availability: computed once per version, even for callers asking at the same time."""

from __future__ import annotations

import threading
from pathlib import Path

from modelyard import engine
from modelyard.exports.sources import ModelSource, availability
from modelyard.storage import open_store
from tests.exports.conftest import Trained


def test_concurrent_askers_share_one_computation(tmp_path: Path, forest_model: Trained) -> None:
    result = forest_model.result
    store = open_store(str(tmp_path / "store"))
    model_key = store.put_bytes(engine.save_model(result.model), key="v/model.skops").key
    onnx = engine.to_onnx(result.model, result.signature).SerializeToString()
    onnx_key = store.put_bytes(onnx, key="v/model.onnx").key
    source = ModelSource(
        model_version_id="mv_concurrent",
        model_name="Titanic",
        version_number=1,
        task=result.task.value,
        target="survived",
        signature=result.signature.to_dict(),
        lineage={"classes": [str(c) for c in result.classes]},
        artifacts={"model": model_key, "onnx": onnx_key},
    )
    start = threading.Barrier(4)
    answers: list[object] = []

    def ask() -> None:
        start.wait()
        answers.append(availability(store, source))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == 4
    assert all(answer is answers[0] for answer in answers)  # one list, computed once
    formats = {f.format: f.available for f in answers[0]}  # type: ignore[attr-defined]
    assert formats == {"docker": True, "onnx": True, "pmml": True, "python": True}
