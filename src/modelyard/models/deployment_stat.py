from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin

# Upper bounds (milliseconds, server-side) of the latency histogram buckets; the last bucket
# of `latency_buckets` counts everything above the last bound. Also the Prometheus buckets.
LATENCY_BUCKETS_MS: tuple[float, ...] = (
    0.5,
    1.0,
    2.0,
    5.0,
    10.0,
    25.0,
    50.0,
    100.0,
    250.0,
    500.0,
    1000.0,
    5000.0,
)


class DeploymentStat(TimestampedMixin, Base):
    """Counters of one deployment over one minute, as flushed by one server process.

    Append-only: several processes (or several flushes) may write rows for the same
    (deployment, minute); readers sum them. `latency_buckets` has len(LATENCY_BUCKETS_MS) + 1
    counts of predict requests by server-side latency.
    """

    __tablename__ = "deployment_stats"
    __table_args__ = (Index("ix_deployment_stats_deployment_minute", "deployment_id", "minute"),)

    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    minute: Mapped[datetime]
    requests: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    rows: Mapped[int] = mapped_column(default=0)
    latency_ms_sum: Mapped[float] = mapped_column(default=0.0)
    latency_buckets: Mapped[list[int]] = mapped_column(JSON, default=list)
