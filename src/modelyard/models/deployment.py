from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.clock import utcnow
from modelyard.kit.db import Base, TimestampedMixin


class Deployment(TimestampedMixin, Base):
    """A named, live endpoint of a workspace serving one model version at a time.

    `model_version_id` is the version served now; `revision` counts every change of it
    (create, promote, rollback), each recorded in `deployment_revisions`. A model version
    that is served by a deployment cannot be deleted (RESTRICT; the registry answers 409).
    `status` is "active" (serving) or "stopped" (predict answers 404).
    """

    __tablename__ = "deployments"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_deployments_name"),)

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    model_id: Mapped[str] = mapped_column(
        ForeignKey("registered_models.id", ondelete="RESTRICT"), index=True
    )
    model_version_id: Mapped[str] = mapped_column(
        ForeignKey("model_versions.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="active")
    revision: Mapped[int] = mapped_column(default=1)
    # "accept": a category never seen in training is scored as unknown (with a warning);
    # "reject": it is a 422.
    unseen_categories: Mapped[str] = mapped_column(String(20), default="accept")
    # Share of predict requests whose inputs and outputs go to the Parquet prediction log.
    log_sample_rate: Mapped[float] = mapped_column(default=1.0)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
