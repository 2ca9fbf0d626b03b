from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.clock import utcnow
from modelyard.kit.db import Base, TimestampedMixin


class AlertRule(TimestampedMixin, Base):
    """A threshold on one monitored quantity of a deployment.

    `signal`: "drift_psi" (largest PSI of any feature in the latest drift report),
    "error_rate", "latency_p99_ms", "request_rate" (over the last `window_minutes`), or
    "performance" (the model metric `metric` over the window's labelled predictions).
    The rule fires when the value is `comparison` ("above" or "below") `threshold`, and
    resolves when it no longer is. `state` ("ok", "firing", "no_data") is the last outcome.
    """

    __tablename__ = "alert_rules"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    deployment_id: Mapped[str] = mapped_column(
        ForeignKey("deployments.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    signal: Mapped[str] = mapped_column(String(30))
    metric: Mapped[str | None] = mapped_column(String(40))
    comparison: Mapped[str] = mapped_column(String(10))
    threshold: Mapped[float]
    window_minutes: Mapped[int] = mapped_column(default=60)
    enabled: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(20), default="ok")
    last_value: Mapped[float | None]
    last_evaluated_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
