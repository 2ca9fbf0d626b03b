from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.clock import utcnow
from modelyard.kit.db import Base


class PredictionRecord(Base):
    """The output of one scored row of a real-time prediction, keyed by its prediction id.

    Written in batches by the prediction log's background flusher (never on the request's
    path), so a record appears up to a few seconds after its response. Inputs are not kept
    here: the sampled inputs go to Parquet (`predictions/{workspace}/{deployment}/...`).
    `prediction` is the label (classification, as a string) or the value (regression);
    `probabilities` maps class label to probability (classification only).
    Late ground truth lives in `prediction_actuals`, joined on `id`.
    """

    __tablename__ = "prediction_records"
    __table_args__ = (
        Index("ix_prediction_records_deployment_created", "deployment_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    workspace_id: Mapped[str] = mapped_column(String(40))
    model_version_id: Mapped[str] = mapped_column(String(40))
    prediction: Mapped[Any] = mapped_column(JSON)
    probabilities: Mapped[dict[str, float] | None] = mapped_column(JSON)
    latency_ms: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
