"""Fitted models survive a skops round trip; files with foreign types are refused."""

from __future__ import annotations

import io
import zipfile
from fractions import Fraction

import numpy as np
import pytest
import skops.io as sio

from modelyard.engine import EnsembleClassifier, UntrustedModelError, load_model, save_model
from modelyard.engine.learners import LEARNERS
from modelyard.engine.metrics import Task
from modelyard.engine.signature import prepare_features
from tests.engine.conftest import mixed_frame
from tests.engine.test_export import _default_params, _fit, _training


@pytest.mark.parametrize("task", list(Task))
def test_every_family_and_the_ensemble_round_trip(task: Task) -> None:
    data, held_out = _training(mixed_frame(task))
    members = [_fit(data, name, _default_params(task, name)) for name in LEARNERS]
    if task.is_classification:
        members.append(EnsembleClassifier(members[:2], [0.5, 0.5], 0.8).fit(None))
    prepared = prepare_features(held_out, data.signature)

    for model in members:
        restored = load_model(save_model(model))
        if task.is_classification:
            np.testing.assert_array_equal(
                restored.predict_proba(prepared), model.predict_proba(prepared)
            )
        else:
            np.testing.assert_array_equal(restored.predict(prepared), model.predict(prepared))


def test_a_file_holding_a_foreign_type_is_refused() -> None:
    data = sio.dumps({"weight": Fraction(1, 3)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "schema.json" in archive.namelist()

    with pytest.raises(UntrustedModelError, match=r"fractions\.Fraction"):
        load_model(data)
