from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class PredictionActual(TimestampedMixin, Base):
    """A late ground-truth label for one prediction id of a deployment.

    No foreign key to `prediction_records`: labels may arrive before the background flusher
    wrote the record, so the join (`prediction_actuals.prediction_id = prediction_records.id`)
    is done when reading. Sending a label again for the same id replaces it.
    `observed_at` is when the outcome happened (defaults to the time it was received).
    """

    __tablename__ = "prediction_actuals"
    __table_args__ = (
        UniqueConstraint("deployment_id", "prediction_id", name="uq_prediction_actuals_prediction"),
    )

    deployment_id: Mapped[str] = mapped_column(
        ForeignKey("deployments.id", ondelete="CASCADE"), index=True
    )
    prediction_id: Mapped[str] = mapped_column(String(40))
    actual: Mapped[Any] = mapped_column(JSON)
    observed_at: Mapped[datetime]
