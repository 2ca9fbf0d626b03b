from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class ModelShare(TimestampedMixin, Base):
    """A read-only grant of a registered model to another workspace, revocable."""

    __tablename__ = "model_shares"
    __table_args__ = (
        UniqueConstraint("model_id", "target_workspace_id", name="uq_model_shares_target"),
    )

    model_id: Mapped[str] = mapped_column(ForeignKey("registered_models.id", ondelete="CASCADE"))
    target_workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    granted_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
