"""Saving and loading fitted models with skops: no pickle, only types we trust are rebuilt.

``save_model`` gives bytes to keep in worker-side storage; ``load_model`` refuses any type
outside the libraries the engine builds its pipelines from, so a tampered file cannot run code.
"""

from __future__ import annotations

from typing import Any

import skops.io as sio

from modelyard.engine.errors import UntrustedModelError

TRUSTED_PREFIXES = (
    "builtins.",
    "collections.",
    "numpy.",
    "scipy.",
    "sklearn.",
    "lightgbm.",
    "xgboost.",
    "skl2onnx.sklapi.",
    "modelyard.engine.",
)


def save_model(model: Any) -> bytes:
    """The fitted estimator (pipeline or ensemble) as skops bytes."""
    return bytes(sio.dumps(model))


def load_model(data: bytes) -> Any:
    """Rebuild a model saved by ``save_model``; any type from another library is refused."""
    untrusted = sio.get_untrusted_types(data=data)
    refused = [name for name in untrusted if not name.startswith(TRUSTED_PREFIXES)]
    if refused:
        raise UntrustedModelError(
            f"The model file holds types the engine does not build: {', '.join(sorted(refused))}."
        )
    return sio.loads(data, trusted=untrusted)
