from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class AlertEvent(TimestampedMixin, Base):
    """A change of an alert rule's state: "firing" or "resolved". Append-only.

    Also the delivery outbox: `delivered_at` stays NULL until a notifier (webhooks, Slack,
    email) has sent the event; a notifier takes undelivered rows oldest first.
    """

    __tablename__ = "alert_events"
    __table_args__ = (
        Index("ix_alert_events_deployment_created", "deployment_id", "created_at"),
        Index("ix_alert_events_undelivered", "delivered_at", "created_at"),
    )

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(
        ForeignKey("alert_rules.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20))
    signal: Mapped[str] = mapped_column(String(30))
    value: Mapped[float | None]
    threshold: Mapped[float]
    message: Mapped[str] = mapped_column(String(1000))
    delivered_at: Mapped[datetime | None]
