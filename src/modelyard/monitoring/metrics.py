"""Prometheus metrics of the platform beyond HTTP: jobs and the queue."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge


class JobGauges:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.jobs = Gauge("modelyard_jobs", "Jobs by status", ["status"], registry=registry)
        self.queue_depth = Gauge(
            "modelyard_queue_depth", "Messages waiting in the job queue", registry=registry
        )
        self.workers = Gauge(
            "modelyard_worker_threads",
            "Worker threads that checked in lately (live) and those running a job (busy)",
            ["state"],
            registry=registry,
        )
