"""The engine's names load on first use: the web app imports without the model libraries."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

HEAVY = ("sklearn", "lightgbm", "xgboost", "catboost", "skl2onnx", "skops", "optuna", "scipy")


def _run(code: str) -> dict[str, object]:
    # A process of its own: the test runner has imported everything already.
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return found


def test_importing_the_app_leaves_the_model_libraries_unloaded() -> None:
    found = _run(
        f"""
        import json, sys
        import modelyard.app
        print(json.dumps({{"loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
        """
    )
    assert found["loaded"] == []


def test_every_public_name_resolves_from_its_submodule() -> None:
    found = _run(
        """
        import importlib, json, pkgutil, types
        from modelyard import engine

        # Other code may load any submodule first; no public name may be hidden by one.
        for info in pkgutil.iter_modules(engine.__path__):
            importlib.import_module(f"modelyard.engine.{info.name}")
        modules = [n for n in engine.__all__ if isinstance(getattr(engine, n), types.ModuleType)]
        from modelyard.engine.searching import search
        print(json.dumps({
            "names": sorted(engine.__all__),
            "modules": modules,
            "search_is_the_function": engine.search is search,
            "algorithms": list(engine.ALGORITHMS),
            "dir": dir(engine) == sorted(engine.__all__),
        }))
        """
    )
    assert len(found["names"]) == 37  # type: ignore[arg-type]
    assert found["modules"] == []
    assert found["search_is_the_function"] is True
    assert "lightgbm" in found["algorithms"]  # type: ignore[operator]
    assert found["dir"] is True
