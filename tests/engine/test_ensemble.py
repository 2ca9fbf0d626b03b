from __future__ import annotations

import numpy as np

from modelyard.engine.ensemble import apply_temperature, fit_temperature, select_ensemble
from modelyard.engine.metrics import METRICS

RNG = np.random.default_rng(0)


def _noisy_probabilities(y: np.ndarray, noise: float) -> np.ndarray:
    logits = np.eye(3)[y] * 2 + RNG.normal(scale=noise, size=(len(y), 3))
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def test_caruana_blend_is_not_worse_than_the_best_member() -> None:
    y = RNG.integers(0, 3, 300)
    members = [_noisy_probabilities(y, noise) for noise in (1.0, 1.2, 1.5, 3.0)]
    metric = METRICS["log_loss"]

    weights = select_ensemble(members, lambda p: metric.utility(y, p))
    blended = sum(w * p for w, p in zip(weights, members, strict=True))

    assert sum(weights) == 1.0 or np.isclose(sum(weights), 1.0)
    assert metric.score(y, blended) <= min(metric.score(y, p) for p in members)


def test_temperature_softens_over_confident_probabilities() -> None:
    y = RNG.integers(0, 3, 400)
    confident = apply_temperature(_noisy_probabilities(y, 2.0), 0.3)
    metric = METRICS["log_loss"]

    temperature = fit_temperature(confident, y, metric)

    assert temperature > 1.5
    assert metric.score(y, apply_temperature(confident, temperature)) < metric.score(y, confident)


def test_temperature_stays_at_one_when_it_cannot_help() -> None:
    y = np.array([0, 1] * 50)
    exact = np.eye(2)[y] * 0.98 + 0.01

    assert fit_temperature(exact, y, METRICS["log_loss"]) <= 1.0
