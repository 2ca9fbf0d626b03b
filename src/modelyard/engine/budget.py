"""The time budget as a contract: a clock, and trial costs estimated before a trial starts."""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from modelyard.engine.learners import Learner, Params

# Observed costs vary with machine load; plan with a margin over the median.
ESTIMATE_MARGIN = 1.3


class Budget:
    """Monotonic clock for one search; ``end`` is the promised finishing time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()
        self.end = self.start + seconds

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    @property
    def remaining(self) -> float:
        return self.end - time.monotonic()

    def at(self, share: float) -> float:
        return self.start + share * self.seconds


class CostModel:
    """Seconds a trial will take: from earlier trials of the same learner, else from data size."""

    def __init__(self, n_rows: int, n_features: int, n_fits: int) -> None:
        self.cells_millions = n_rows * max(n_features, 1) / 1e6
        self.n_fits = n_fits
        self.seconds_per_unit: dict[str, list[float]] = defaultdict(list)
        # Seconds per cost unit of a learner with relative_cost 1, from all trials so far.
        self.reference: list[float] = []

    def observe(self, learner: Learner, params: Params, seconds: float) -> None:
        self.seconds_per_unit[learner.name].append(seconds / learner.cost_units(params))
        self.reference.append(seconds / (learner.cost_units(params) * learner.relative_cost))

    def estimate(self, learner: Learner, params: Params) -> float:
        """Same learner seen: its median; else scale what other learners cost on this data."""
        observed = self.seconds_per_unit.get(learner.name)
        units = learner.cost_units(params)
        if observed:
            return float(np.median(observed)) * units * ESTIMATE_MARGIN
        if self.reference:
            return float(np.median(self.reference)) * learner.relative_cost * units
        per_fit = learner.prior_seconds_per_cell * self.cells_millions * units
        return 0.05 + per_fit * self.n_fits
