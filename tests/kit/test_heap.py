"""A serving process keeps its long-lived heap out of the cyclic collector's passes."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import textwrap
from pathlib import Path

from modelyard.predictions.scoring import ScorerCache


def test_the_app_freezes_its_heap_when_it_starts(tmp_path: Path) -> None:
    # In a process of its own: freezing the test runner's heap would outlive this test.
    code = textwrap.dedent(
        f"""
        import asyncio, gc, sys
        from modelyard.app import create_app
        from modelyard.settings import Settings

        app = create_app(Settings(data_dir={str(tmp_path)!r}))
        before = gc.get_freeze_count()

        async def start():
            async with app.router.lifespan_context(app):
                print(before, gc.get_freeze_count(), "pyarrow.parquet" in sys.modules)

        asyncio.run(start())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    before, after, preloaded = result.stdout.split()[-3:]
    assert int(before) == 0
    # The imported libraries: hundreds of thousands of objects no full collection walks now.
    assert int(after) > 100_000
    assert preloaded == "True"


def test_a_built_scorer_is_frozen_with_the_rest_of_the_heap() -> None:
    cache = ScorerCache(capacity=2)
    made: list[object] = []

    def build() -> object:
        made.append([object() for _ in range(1000)])
        return made[-1]

    try:
        gc.unfreeze()
        asyncio.run(cache.get("mvr_1", build))
        assert gc.get_freeze_count() >= 1000
        # Frozen objects are in no generation the collector walks.
        assert id(made[0]) not in {id(o) for o in gc.get_objects()}
    finally:
        gc.unfreeze()
