from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class DriftReport(TimestampedMixin, Base):
    """Drift of a deployment's logged inputs over a window against its training reference.

    `features` holds one entry per model input (PSI, severity, KS or chi-square statistic and
    p-value, the reference and current shares per bin). `status` is "ready", or "empty" when
    the window held no logged inputs. `trigger` is "schedule" or "manual".
    """

    __tablename__ = "drift_reports"
    __table_args__ = (Index("ix_drift_reports_deployment_created", "deployment_id", "created_at"),)

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    model_version_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(20))
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    rows: Mapped[int]
    severity: Mapped[str] = mapped_column(String(20))
    max_psi: Mapped[float | None]
    drifted_features: Mapped[list[str]] = mapped_column(JSON, default=list)
    features: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reference_source: Mapped[str] = mapped_column(String(20))
