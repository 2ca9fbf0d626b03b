"""Prometheus gauges of deployments' monitoring state, refreshed when /metrics is scraped.

Request counts and latency histograms per deployment come from the predict path itself
(`modelyard_prediction_*`); these add what the database knows: drift and firing alerts.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Gauge

from modelyard.monitoring import repository


class DeploymentGauges:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.max_psi = Gauge(
            "modelyard_deployment_drift_max_psi",
            "Largest feature PSI in the deployment's latest drift report",
            ["deployment"],
            registry=registry,
        )
        self.drifted = Gauge(
            "modelyard_deployment_drifted_features",
            "Features flagged as drifted in the deployment's latest drift report",
            ["deployment"],
            registry=registry,
        )
        self.feature_psi = Gauge(
            "modelyard_deployment_feature_psi",
            "PSI of each feature in the deployment's latest drift report",
            ["deployment", "feature"],
            registry=registry,
        )
        self.alerts_firing = Gauge(
            "modelyard_deployment_alerts_firing",
            "Enabled alert rules of the deployment that are firing",
            ["deployment"],
            registry=registry,
        )


async def refresh_deployment_metrics(app: Any) -> None:
    gauges: DeploymentGauges = app.state.deployment_gauges
    try:
        async with app.state.open_session() as db:
            reports = await repository.latest_drift_by_deployment(db)
            firing = await repository.firing_counts(db)
            deployments = await repository.active_deployment_ids(db)
    except Exception:
        return
    for metric in (gauges.max_psi, gauges.drifted, gauges.feature_psi, gauges.alerts_firing):
        metric.clear()
    for report in reports:
        if report.max_psi is not None:
            gauges.max_psi.labels(report.deployment_id).set(report.max_psi)
        gauges.drifted.labels(report.deployment_id).set(len(report.drifted_features))
        for feature in report.features:
            if feature.get("psi") is not None:
                gauges.feature_psi.labels(report.deployment_id, feature["name"]).set(feature["psi"])
    for deployment_id in deployments:
        gauges.alerts_firing.labels(deployment_id).set(firing.get(deployment_id, 0))
