"""In-process state of the predict path: caches, the prediction log and its counters.

Nothing here is on the database on the hot path. A predict request reads:

- the deployment (what it serves, its policy) from a cache refreshed every
  `predict_cache_ttl_s`, and dropped at once in this process on promote/rollback/update/delete;
- the API key's principal and the member's role from caches with the same lifetime;
- the scorer (ONNX session) of the version from an LRU cache, built once per version.

After the response is built, the request appends its outputs (and, for a sample, its inputs) to
an in-memory buffer; a background task flushes it every `prediction_log_flush_s` to Parquet in
the artifact store and to `prediction_records` / `deployment_stats` in the database.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import hashlib
import io
import json
import secrets
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram
from sqlalchemy.ext.asyncio import AsyncSession

from modelyard.auth import service as auth
from modelyard.auth.principal import Principal
from modelyard.authz.permissions import Role
from modelyard.kit.clock import utcnow
from modelyard.models import Deployment, ModelVersion
from modelyard.models.deployment_stat import LATENCY_BUCKETS_MS
from modelyard.predictions import repository
from modelyard.predictions.scoring import Scored, Scorer, ScorerCache, Validated, build_scorer
from modelyard.settings import Settings
from modelyard.storage import ArtifactStore
from modelyard.workspaces import service as workspaces

log = structlog.get_logger("modelyard.predictions")

OpenSession = Callable[[], AbstractAsyncContextManager[AsyncSession]]
LOG_PREFIX = "predictions"
INPUT_PREFIX = "input__"
# Prediction records per INSERT statement of a flush (see PredictionLog._write_rows).
RECORD_CHUNK = 250


@dataclass(frozen=True)
class Serving:
    """What the predict path needs to know about a deployment."""

    deployment_id: str
    workspace_id: str
    active: bool
    model_version_id: str
    reject_unseen: bool
    log_sample_rate: float
    task: str
    signature: dict[str, Any]
    classes: tuple[str, ...]
    artifacts: dict[str, str]


def serving_of(deployment: Deployment, version: ModelVersion) -> Serving:
    return Serving(
        deployment_id=deployment.id,
        workspace_id=deployment.workspace_id,
        active=deployment.status == "active",
        model_version_id=version.id,
        reject_unseen=deployment.unseen_categories == "reject",
        log_sample_rate=deployment.log_sample_rate,
        task=version.task,
        signature=dict(version.signature),
        classes=tuple(str(c) for c in version.lineage.get("classes", ())),
        artifacts=dict(version.artifacts),
    )


class _Expiring:
    """A small dict whose entries expire after `ttl` seconds."""

    def __init__(self, ttl: float, capacity: int = 10_000) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._items: dict[Any, tuple[Any, float]] = {}

    def get(self, key: Any) -> tuple[bool, Any]:
        found = self._items.get(key)
        if found is None or found[1] < time.monotonic():
            return False, None
        return True, found[0]

    def put(self, key: Any, value: Any) -> None:
        if len(self._items) >= self.capacity:
            self._items.clear()
        self._items[key] = (value, time.monotonic() + self.ttl)

    def pop(self, key: Any) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()


class PredictionMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "modelyard_prediction_requests",
            "Predict requests by deployment and outcome (ok, invalid, error)",
            ["deployment", "outcome"],
            registry=registry,
        )
        self.rows = Counter(
            "modelyard_predicted_rows",
            "Rows scored by deployment",
            ["deployment"],
            registry=registry,
        )
        self.latency = Histogram(
            "modelyard_prediction_duration_seconds",
            "Server-side predict latency by deployment (validation, scoring, response)",
            ["deployment"],
            registry=registry,
            buckets=tuple(bound / 1000 for bound in LATENCY_BUCKETS_MS),
        )
        self.dropped = Counter(
            "modelyard_prediction_log_dropped",
            "Prediction log entries dropped because the buffer was full",
            registry=registry,
        )


@dataclass
class _Sample:
    ids: list[str]
    created_at: datetime
    columns: dict[str, list[Any]]
    scored: Scored


class PredictionLog:
    """Buffered outputs, sampled inputs and counters; flushed off the request path."""

    def __init__(
        self,
        settings: Settings,
        store: ArtifactStore,
        open_session: OpenSession,
        metrics: PredictionMetrics,
    ) -> None:
        self.settings = settings
        self.store = store
        self.open_session = open_session
        self.metrics = metrics
        self._records: list[tuple[Any, ...]] = []
        self._samples: dict[tuple[str, str, str], list[_Sample]] = {}
        self._stats: dict[tuple[str, datetime], list[Any]] = {}
        self._pending = 0
        self._task: asyncio.Task[None] | None = None
        self._flush_lock = asyncio.Lock()
        self.flushes = 0

    # --- on the request path: appends only ----------------------------------------------

    def add(
        self,
        serving: Serving,
        ids: Sequence[str],
        validated: Validated,
        scored: Scored,
        latency_ms: float,
        sample: bool,
    ) -> None:
        self.count(serving.deployment_id, latency_ms, len(ids), error=False)
        if self._pending >= self.settings.prediction_log_max_pending:
            self.metrics.dropped.inc(len(ids))
            return
        now = utcnow()
        self._pending += len(ids)
        if self.settings.prediction_records:
            probabilities: list[Any] = (
                list(scored.probabilities) if scored.probabilities else [None] * len(ids)
            )
            for prediction_id, prediction, proba in zip(
                ids, scored.predictions, probabilities, strict=True
            ):
                self._records.append(
                    (
                        prediction_id,
                        serving.deployment_id,
                        serving.workspace_id,
                        serving.model_version_id,
                        prediction,
                        proba,
                        latency_ms,
                        now,
                    )
                )
        if sample:
            key = (serving.workspace_id, serving.deployment_id, serving.model_version_id)
            self._samples.setdefault(key, []).append(
                _Sample(ids=list(ids), created_at=now, columns=validated.columns, scored=scored)
            )
        self._ensure_flusher()

    def count(self, deployment_id: str, latency_ms: float, rows: int, *, error: bool) -> None:
        now = utcnow()
        minute = now.replace(second=0, microsecond=0)
        stats = self._stats.get((deployment_id, minute))
        if stats is None:
            stats = [0, 0, 0, 0.0, [0] * (len(LATENCY_BUCKETS_MS) + 1)]
            self._stats[(deployment_id, minute)] = stats
        stats[0] += 1
        stats[1] += 1 if error else 0
        stats[2] += rows
        stats[3] += latency_ms
        stats[4][bisect.bisect_left(LATENCY_BUCKETS_MS, latency_ms)] += 1
        self.metrics.requests.labels(deployment_id, "error" if error else "ok").inc()
        if rows:
            self.metrics.rows.labels(deployment_id).inc(rows)
        self.metrics.latency.labels(deployment_id).observe(latency_ms / 1000)
        self._ensure_flusher()

    def _ensure_flusher(self) -> None:
        if self._task is None or self._task.done():
            with contextlib.suppress(RuntimeError):  # no running loop (a sync caller)
                self._task = asyncio.get_running_loop().create_task(self._run())

    # --- in the background ----------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.prediction_log_flush_s)
            try:
                await self.flush()
            except Exception:  # a flush must never kill the flusher
                log.exception("prediction_log_flush_failed")

    async def flush(self) -> None:
        """Write what is buffered: Parquet samples, then records and stats in one transaction."""
        async with self._flush_lock:
            records, self._records = self._records, []
            samples, self._samples = self._samples, {}
            stats, self._stats = self._stats, {}
            self._pending = 0
            if samples:
                await asyncio.to_thread(self._write_samples, samples)
            if records or stats:
                await self._write_rows(records, stats)
            self.flushes += 1

    def _write_samples(self, samples: dict[tuple[str, str, str], list[_Sample]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for (workspace_id, deployment_id, version_id), batch in samples.items():
            try:
                table = pa.table(_sample_columns(version_id, batch))
                buffer = io.BytesIO()
                pq.write_table(table, buffer, compression="zstd")
                day = batch[0].created_at.strftime("%Y-%m-%d")
                stamp = batch[0].created_at.strftime("%H%M%S%f")
                key = (
                    f"{LOG_PREFIX}/{workspace_id}/{deployment_id}/{day}/"
                    f"part-{stamp}-{secrets.token_hex(4)}.parquet"
                )
                self.store.put_bytes(buffer.getvalue(), key=key)
            except Exception:
                log.exception("prediction_log_write_failed", deployment_id=deployment_id)

    async def _write_rows(
        self, records: list[tuple[Any, ...]], stats: dict[tuple[str, datetime], list[Any]]
    ) -> None:
        deployment_ids = {r[1] for r in records} | {key[0] for key in stats}
        async with self.open_session() as db:
            # A deployment deleted meanwhile takes its counters with it.
            alive = await repository.existing_deployment_ids(db, sorted(deployment_ids))
            kept = [r for r in records if r[1] in alive]
            # Seconds of traffic make thousands of rows: each chunk's parameters are built on
            # the event loop, so chunks stay small and requests are served between them.
            for start in range(0, len(kept), RECORD_CHUNK):
                await repository.insert_records(
                    db,
                    [
                        {
                            "id": r[0],
                            "deployment_id": r[1],
                            "workspace_id": r[2],
                            "model_version_id": r[3],
                            "prediction": r[4],
                            "probabilities": r[5],
                            "latency_ms": r[6],
                            "created_at": r[7],
                        }
                        for r in kept[start : start + RECORD_CHUNK]
                    ],
                )
                await asyncio.sleep(0)
            from modelyard.kit.ids import new_id

            await repository.insert_stats(
                db,
                [
                    {
                        "id": new_id("dst"),
                        "deployment_id": deployment_id,
                        "minute": minute,
                        "requests": values[0],
                        "errors": values[1],
                        "rows": values[2],
                        "latency_ms_sum": values[3],
                        "latency_buckets": values[4],
                        "created_at": utcnow(),
                    }
                    for (deployment_id, minute), values in stats.items()
                    if deployment_id in alive
                ],
            )

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task
            self._task = None
        with contextlib.suppress(Exception):
            await self.flush()


def _sample_columns(version_id: str, batch: list[_Sample]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {
        "prediction_id": [],
        "created_at": [],
        "model_version_id": [],
        "prediction_label": [],
        "prediction_value": [],
        "probabilities": [],
    }
    names = list(batch[0].columns)
    inputs: dict[str, list[Any]] = {name: [] for name in names}
    for sample in batch:
        n = len(sample.ids)
        columns["prediction_id"].extend(sample.ids)
        columns["created_at"].extend([sample.created_at] * n)
        columns["model_version_id"].extend([version_id] * n)
        if sample.scored.probabilities is None:
            columns["prediction_label"].extend([None] * n)
            columns["prediction_value"].extend(float(v) for v in sample.scored.predictions)
            columns["probabilities"].extend([None] * n)
        else:
            columns["prediction_label"].extend(str(v) for v in sample.scored.predictions)
            for label, proba in zip(
                sample.scored.predictions, sample.scored.probabilities, strict=True
            ):
                columns["prediction_value"].append(float(proba.get(str(label), 0.0)))
                columns["probabilities"].append(json.dumps(proba))
        for name in names:
            inputs[name].extend(sample.columns[name])
    for name, values in inputs.items():
        columns[f"{INPUT_PREFIX}{name}"] = values
    return columns


class PredictionRuntime:
    """Everything the predict path keeps in memory in one server process."""

    def __init__(
        self,
        settings: Settings,
        store: ArtifactStore,
        open_session: OpenSession,
        metrics_registry: CollectorRegistry,
    ) -> None:
        self.settings = settings
        self.store = store
        self.open_session = open_session
        self.scorers = ScorerCache(settings.predict_cache_size)
        self._deployments = _Expiring(settings.predict_cache_ttl_s)
        self._keys = _Expiring(settings.predict_cache_ttl_s)
        self._roles = _Expiring(settings.predict_cache_ttl_s)
        self.metrics = PredictionMetrics(metrics_registry)
        self.log = PredictionLog(settings, store, open_session, self.metrics)

    async def serving(self, deployment_id: str) -> Serving | None:
        hit, value = self._deployments.get(deployment_id)
        if hit:
            return value  # type: ignore[no-any-return]
        async with self.open_session() as db:
            found = await repository.serving(db, deployment_id)
        serving = None if found is None else serving_of(*found)
        self._deployments.put(deployment_id, serving)
        return serving

    def remember(
        self,
        deployment_id: str,
        serving: Serving | None,
        *,
        evict_version_id: str | None = None,
    ) -> None:
        """Replace this process's view of a deployment after a committed change.

        `evict_version_id`: a version no deployment serves any more; its scorer is dropped.
        """
        self._deployments.put(deployment_id, serving)
        if evict_version_id is not None:
            self.scorers.evict(evict_version_id)

    async def scorer(self, serving: Serving) -> Scorer:
        return await self.scorers.get(
            serving.model_version_id,
            lambda: build_scorer(
                version_id=serving.model_version_id,
                task=serving.task,
                signature=serving.signature,
                classes=serving.classes,
                artifacts=serving.artifacts,
                store=self.store,
            ),
        )

    async def warm(
        self,
        version_id: str,
        task: str,
        signature: dict[str, Any],
        classes: Sequence[str],
        artifacts: dict[str, str],
    ) -> Scorer:
        """Build (and cache) a version's scorer before it starts serving."""
        return await self.scorers.get(
            version_id,
            lambda: build_scorer(
                version_id=version_id,
                task=task,
                signature=signature,
                classes=classes,
                artifacts=artifacts,
                store=self.store,
            ),
        )

    async def principal_for_key(self, key: str) -> Principal:
        digest = hashlib.sha256(key.encode()).hexdigest()
        hit, principal = self._keys.get(digest)
        if hit:
            return principal  # type: ignore[no-any-return]
        async with self.open_session() as db:
            found = await auth.principal_from_api_key(db, key)
        self._keys.put(digest, found)
        return found

    async def role(self, workspace_id: str, user_id: str) -> Role | None:
        hit, role = self._roles.get((workspace_id, user_id))
        if hit:
            return role  # type: ignore[no-any-return]
        async with self.open_session() as db:
            role = await workspaces.role_of(db, workspace_id, user_id)
        self._roles.put((workspace_id, user_id), role)
        return role

    async def aclose(self) -> None:
        await self.log.aclose()


def preload_request_modules() -> None:
    """Import the Parquet writer the prediction log loads lazily (it keeps the CLI's start
    fast), so a serving process loads it before it freezes its heap."""
    import pyarrow.parquet  # noqa: F401


def new_prediction_ids(count: int) -> list[str]:
    from modelyard.kit.ids import new_id

    return [new_id("prd") for _ in range(count)]


def elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


__all__ = [
    "UTC",
    "PredictionRuntime",
    "Serving",
    "elapsed_ms",
    "new_prediction_ids",
    "preload_request_modules",
]
