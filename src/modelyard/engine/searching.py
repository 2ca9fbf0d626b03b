"""The search: portfolio first, then Optuna around the best families, then a calibrated ensemble.

Every candidate is a Pipeline(preprocessing, float32 cast, learner) validated on the same folds;
the out-of-fold predictions feed a Caruana ensemble whose members are refitted on all rows when
the budget allows (otherwise the fold models are averaged), so the result always exports to ONNX.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import optuna

from modelyard.engine.budget import Budget, CostModel
from modelyard.engine.data import prepare_training_data
from modelyard.engine.ensemble import (
    EnsembleClassifier,
    EnsembleRegressor,
    apply_temperature,
    blend,
    fit_temperature,
    select_ensemble,
)
from modelyard.engine.errors import (
    BudgetTooSmallError,
    InvalidArgumentError,
    NoModelTrainedError,
    SearchStoppedError,
)
from modelyard.engine.explain import (
    boosted_tree_contributions,
    permutation_importance,
    typical_row,
)
from modelyard.engine.learners import LEARNERS, Learner
from modelyard.engine.portfolio import portfolio_for
from modelyard.engine.result import (
    Explanations,
    LeaderboardEntry,
    SearchProgress,
    SearchResult,
)
from modelyard.engine.validation import (
    FoldScorer,
    TrainingData,
    TrialInterrupted,
    TrialOutcome,
    ValidationPlan,
    evaluate,
    fit_pipeline,
    plan_validation,
)

logger = logging.getLogger(__name__)

MIN_BUDGET_SECONDS = 1.0
ENSEMBLE_POOL = 12
PATIENCE = 25
TUNED_FAMILIES = 2
IMPORTANCE_ROWS = 1000
SHAP_ROWS = 200
MIN_IMPROVEMENT = 1e-6
# Configurations that cannot finish in the time left, in a row, before the search gives up.
MAX_SKIPPED_IN_ROW = 8
MAX_TRIAL_SHARE = 0.3
TRIAL_OVERRUN_SHARE = 0.05
EXPLAIN_SHARE = 0.04
BOOSTED = frozenset({"lightgbm", "xgboost"})
FOREST_TREES = 300
FORESTS = frozenset({"random_forest", "extra_trees"})


@dataclass
class Candidate:
    candidate_id: int
    learner: Learner
    params: dict[str, Any]
    outcome: TrialOutcome
    utility: float
    phase: str


def search(
    frame: Any,
    target: str,
    *,
    task: str = "auto",
    metric: str = "auto",
    time_budget_s: float,
    seed: int = 0,
    n_jobs: int = -1,
    excluded_columns: Sequence[str] = (),
    algorithms: Sequence[str] | None = None,
    on_progress: Callable[[SearchProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    max_trials: int | None = None,
) -> SearchResult:
    """Find the best model for ``target`` within ``time_budget_s`` seconds (plus at most 10%).

    Raises an :class:`~modelyard.engine.errors.EngineError` subclass for unusable input.
    """
    if time_budget_s < MIN_BUDGET_SECONDS:
        raise BudgetTooSmallError(f"A time budget of {time_budget_s} s is too small.")
    budget = Budget(time_budget_s)
    data = prepare_training_data(frame, target, task=task, metric=metric, excluded=excluded_columns)
    runner = _Search(
        data=data,
        learners=_resolve_learners(algorithms),
        budget=budget,
        seed=seed,
        n_jobs=_resolve_jobs(n_jobs),
        on_progress=on_progress,
        should_stop=should_stop or (lambda: False),
        max_trials=max_trials,
    )
    return runner.run()


def _resolve_learners(algorithms: Sequence[str] | None) -> list[Learner]:
    if algorithms is None:
        return list(LEARNERS.values())
    unknown = sorted(set(algorithms) - set(LEARNERS))
    if unknown or not algorithms:
        raise InvalidArgumentError(
            f"Unknown algorithms: {', '.join(unknown) or '(none given)'}.",
            hint=f"Choose from: {', '.join(LEARNERS)}.",
        )
    return [LEARNERS[name] for name in LEARNERS if name in set(algorithms)]


def _resolve_jobs(n_jobs: int) -> int:
    if n_jobs == 0:
        raise InvalidArgumentError("n_jobs must not be 0.", hint="Use -1 for all cores, or >= 1.")
    cores = os.cpu_count() or 1
    return cores if n_jobs < 0 else min(n_jobs, cores)


class _Search:
    def __init__(
        self,
        *,
        data: TrainingData,
        learners: list[Learner],
        budget: Budget,
        seed: int,
        n_jobs: int,
        on_progress: Callable[[SearchProgress], None] | None,
        should_stop: Callable[[], bool],
        max_trials: int | None,
    ) -> None:
        self.data = data
        self.learners = learners
        self.budget = budget
        self.seed = seed
        self.n_jobs = n_jobs
        self.on_progress = on_progress
        self.should_stop = should_stop
        self.max_trials = max_trials
        self.plan: ValidationPlan = plan_validation(data.target, data.task, seed)
        self.validated_target = data.target[self.plan.validated_rows]
        self.scorer = FoldScorer(self.validated_target, self.plan.fold_positions, data.metric)
        n_features = len(data.signature.feature_names)
        self.costs = CostModel(data.n_rows, n_features, len(self.plan.splits))
        self.candidates: list[Candidate] = []
        self.attempts = 0
        self.failures: list[str] = []
        self.stop_reason = "budget"
        self.stopped = False
        self.since_improvement = 0
        self.skipped_in_row = 0
        self.refits: dict[int, Any] = {}

    # --- driving the phases ----------------------------------------------------------------

    def run(self) -> SearchResult:
        self._run_portfolio()
        self._run_tuning()
        if not self.candidates:
            if self.stopped and self.stop_reason == "stopped":
                raise SearchStoppedError("The search was stopped before any model finished.")
            detail = f" First failure: {self.failures[0]}" if self.failures else ""
            raise NoModelTrainedError("No candidate finished within the budget." + detail)
        return self._finish()

    def _run_portfolio(self) -> None:
        names = [learner.name for learner in self.learners]
        for config in portfolio_for(self.data.task, names):
            if self._must_stop():
                return
            self._try(LEARNERS[config.learner], config.params, "portfolio")

    def _run_tuning(self) -> None:
        studies = self._tuning_studies()
        if not studies:
            return
        turn = 0
        while not self._must_stop():
            # The best family gets two trials for each one of the runner-up.
            learner, study = studies[0] if turn % 3 != 2 or len(studies) == 1 else studies[1]
            turn += 1
            trial = study.ask(learner.space(self.data.task))
            params = _complete_params(learner, dict(trial.params))
            candidate = self._try(learner, params, "tuning")
            if candidate is None:
                study.tell(trial, state=optuna.trial.TrialState.FAIL)
            else:
                study.tell(trial, candidate.utility)

    def _tuning_studies(self) -> list[tuple[Learner, optuna.Study]]:
        best_by_family: dict[str, float] = {}
        for candidate in self.candidates:
            name = candidate.learner.name
            best_by_family[name] = max(best_by_family.get(name, -np.inf), candidate.utility)
        ranked = sorted(best_by_family, key=lambda name: -best_by_family[name])
        tunable = [name for name in ranked if LEARNERS[name].space(self.data.task)]
        return [
            (LEARNERS[name], self._study_for(LEARNERS[name], offset))
            for offset, name in enumerate(tunable[:TUNED_FAMILIES])
        ]

    def _study_for(self, learner: Learner, offset: int) -> optuna.Study:
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        sampler = optuna.samplers.TPESampler(seed=self.seed + offset, n_startup_trials=4)
        study = optuna.create_study(direction="maximize", sampler=sampler)
        space = learner.space(self.data.task)
        for candidate in self.candidates:
            if candidate.learner is not learner:
                continue
            known = {name: candidate.params[name] for name in space if name in candidate.params}
            try:
                study.add_trial(
                    optuna.trial.create_trial(
                        params=known, distributions=space, value=candidate.utility
                    )
                )
            except ValueError:
                continue  # a portfolio value outside the search space (e.g. "sqrt")
        return study

    # --- one trial -------------------------------------------------------------------------

    def _must_stop(self) -> bool:
        if self.stopped:
            return True
        if self.should_stop():
            self.stop_reason = "stopped"
        elif self.max_trials is not None and self.attempts >= self.max_trials:
            self.stop_reason = "max_trials"
        elif self.since_improvement >= PATIENCE:
            self.stop_reason = "converged"
        elif (
            time.monotonic() >= self._search_deadline() or self.skipped_in_row >= MAX_SKIPPED_IN_ROW
        ):
            self.stop_reason = "budget"
        else:
            return False
        self.stopped = True
        return True

    def _search_deadline(self) -> float:
        """Leave time to refit the likely ensemble members and explain the result."""
        top = sorted(self.candidates, key=lambda c: -c.utility)[:3]
        refit = sum(self._refit_estimate(candidate) for candidate in top)
        reserve = min(
            max(0.1 * self.budget.seconds, refit + 0.05 * self.budget.seconds),
            0.4 * self.budget.seconds,
        )
        return self.budget.end - reserve

    def _refit_estimate(self, candidate: Candidate) -> float:
        folds = len(self.plan.splits)
        train_rows = self.data.n_rows - len(self.plan.validated_rows) / folds
        return candidate.outcome.fit_seconds / folds * self.data.n_rows / train_rows

    def _trial_deadline(self, started: float, search_deadline: float) -> float:
        """A trial may overrun the search phase a little, and never take most of the budget."""
        seconds = self.budget.seconds
        latest = max(search_deadline, self.budget.at(0.5)) + TRIAL_OVERRUN_SHARE * seconds
        return min(latest, started + MAX_TRIAL_SHARE * seconds)

    def _try(self, learner: Learner, params: dict[str, Any], phase: str) -> Candidate | None:
        deadline = self._search_deadline()
        estimate = self.costs.estimate(learner, params)
        if time.monotonic() + estimate > deadline and self.candidates:
            logger.debug("skipping %s: needs %.1fs", learner.name, estimate)
            self.skipped_in_row += 1
            return None
        self.skipped_in_row = 0
        self.attempts += 1
        started = time.monotonic()
        try:
            outcome = evaluate(
                self.data,
                self.plan,
                learner,
                params,
                seed=self.seed,
                n_jobs=self.n_jobs,
                deadline=self._trial_deadline(started, deadline),
                should_stop=self.should_stop,
                must_finish=not self.candidates,
            )
        except TrialInterrupted:
            return None
        except Exception as error:  # one failing candidate must not end the search
            logger.warning("candidate %s failed: %s", learner.name, error, exc_info=True)
            self.failures.append(f"{learner.name}: {error}")
            return None
        self.costs.observe(learner, params, time.monotonic() - started)
        return self._record(learner, params, outcome, phase)

    def _record(
        self, learner: Learner, params: dict[str, Any], outcome: TrialOutcome, phase: str
    ) -> Candidate:
        utility = self.scorer.utility(outcome.predictions)
        best_before = max((c.utility for c in self.candidates), default=-np.inf)
        candidate = Candidate(len(self.candidates), learner, params, outcome, utility, phase)
        self.candidates.append(candidate)
        improved = utility > best_before + MIN_IMPROVEMENT
        self.since_improvement = 0 if improved else self.since_improvement + 1
        self._release_fold_models()
        self._report(candidate)
        return candidate

    def _release_fold_models(self) -> None:
        ranked = sorted(self.candidates, key=lambda c: (-c.utility, c.candidate_id))
        for candidate in ranked[ENSEMBLE_POOL:]:
            candidate.outcome.fold_models = []

    def _report(self, candidate: Candidate) -> None:
        if self.on_progress is None:
            return
        best = max(self.candidates, key=lambda c: c.utility)
        self.on_progress(
            SearchProgress(
                trials=len(self.candidates),
                best_score=self.data.metric.to_utility(best.utility),
                elapsed_seconds=self.budget.elapsed,
                last=self._entry(candidate),
            )
        )

    def _entry(self, candidate: Candidate) -> LeaderboardEntry:
        scores = candidate.outcome.fold_scores
        return LeaderboardEntry(
            candidate_id=candidate.candidate_id,
            algorithm=candidate.learner.name,
            params=dict(candidate.params),
            score=self.data.metric.to_utility(candidate.utility),
            score_std=float(np.std(scores)) if len(scores) > 1 else 0.0,
            fit_seconds=candidate.outcome.fit_seconds,
            predict_seconds=candidate.outcome.predict_seconds,
            iterations=candidate.outcome.mean_iterations,
            phase=candidate.phase,
        )

    # --- the result ------------------------------------------------------------------------

    def _finish(self) -> SearchResult:
        ranked = sorted(self.candidates, key=lambda c: (-c.utility, c.candidate_id))
        pool = [c for c in ranked[:ENSEMBLE_POOL] if c.outcome.fold_models]
        predictions = [c.outcome.predictions for c in pool]
        weights = select_ensemble(predictions, self.scorer.utility)
        blended = blend(predictions, weights)
        temperature = 1.0
        if self.data.metric.name == "log_loss":
            temperature = fit_temperature(blended, self.validated_target, self.data.metric)
        chosen = [(c, w) for c, w in zip(pool, weights, strict=True) if w > 0]
        model = self._ensemble(
            [self._final_model(c) for c, _ in chosen], [w for _, w in chosen], temperature
        )
        ensemble_score = self._ensemble_score(blended, temperature)
        return SearchResult(
            task=self.data.task,
            metric=self.data.metric.name,
            greater_is_better=self.data.metric.greater_is_better,
            classes=self.data.classes,
            signature=self.data.signature,
            leaderboard=[self._entry(c) for c in ranked],
            best_pipeline=self._final_model(ranked[0]),
            model=model,
            ensemble_weights={c.candidate_id: w for c, w in chosen},
            ensemble_score=ensemble_score,
            temperature=temperature,
            explanations=self._explain(ranked[0]),
            validation=self.plan.description,
            elapsed_seconds=self.budget.elapsed,
            stop_reason=self.stop_reason,
            baseline_row=typical_row(self.data.features, self.data.signature),
        )

    def _ensemble_score(self, blended: Any, temperature: float) -> float:
        calibrated = (
            apply_temperature(blended, temperature) if self.data.task.is_classification else blended
        )
        return self.scorer.score(calibrated)

    def _ensemble(self, members: list[Any], weights: list[float], temperature: float) -> Any:
        if self.data.task.is_classification:
            return EnsembleClassifier(members, weights, temperature).fit(None)
        return EnsembleRegressor(members, weights).fit(None)

    def _final_model(self, candidate: Candidate) -> Any:
        """The candidate refitted on all rows if that fits in the budget, else its fold models."""
        if candidate.candidate_id in self.refits:
            return self.refits[candidate.candidate_id]
        model = self._refit(candidate)
        if model is None:
            folds = candidate.outcome.fold_models
            model = (
                folds[0]
                if len(folds) == 1
                else self._ensemble(folds, [1 / len(folds)] * len(folds), 1.0)
            )
        self.refits[candidate.candidate_id] = model
        return model

    def _refit(self, candidate: Candidate) -> Any:
        if self.stop_reason == "stopped" or self.should_stop():
            return None
        if time.monotonic() + self._refit_estimate(candidate) * 1.2 > self.budget.end:
            return None
        params = dict(candidate.params)
        if candidate.learner.name in BOOSTED | FORESTS:
            params["n_estimators"] = _refit_rounds(candidate)
        rows = np.arange(self.data.n_rows)
        pipeline, report = fit_pipeline(
            self.data,
            candidate.learner,
            params,
            rows,
            seed=self.seed,
            n_jobs=self.n_jobs,
            deadline=self.budget.end,
        )
        return None if report.truncated else pipeline

    def _explain_deadline(self) -> float:
        now = time.monotonic()
        share = self.budget.seconds * EXPLAIN_SHARE
        return max(min(self.budget.end, now + share), now + share / 4)

    def _explain(self, best: Candidate) -> Explanations:
        _, held_out = self.plan.splits[0]
        rows = held_out[:IMPORTANCE_ROWS]
        model = best.outcome.fold_models[0]
        features = self.data.features.iloc[rows]
        permutation = permutation_importance(
            model,
            features,
            self.data.target[rows],
            self.data.signature,
            self.data.metric,
            self.data.task,
            seed=self.seed,
            deadline=self._explain_deadline(),
        )
        # Tree SHAP costs trees x leaves x depth^2 per row: a few hundred rows are enough.
        contributions = boosted_tree_contributions(
            model, features.iloc[:SHAP_ROWS], self.data.signature, self.data.task
        )
        shap = None
        if contributions is not None:
            shap = {name: float(np.mean(np.abs(contributions[name]))) for name in permutation}
        return Explanations(
            permutation=permutation,
            mean_abs_shap=shap,
            source=f"candidate {best.candidate_id} ({best.learner.name}), first validation fold",
        )


def _refit_rounds(candidate: Candidate) -> int:
    rounds = candidate.outcome.mean_iterations
    if candidate.learner.name in BOOSTED:
        return max(1, round(rounds * 1.1))
    return rounds


def _complete_params(learner: Learner, params: dict[str, Any]) -> dict[str, Any]:
    """Tuned forests keep the portfolio's tree count; only their shape is searched."""
    if learner.name in FORESTS:
        params["n_estimators"] = FOREST_TREES
    return params
