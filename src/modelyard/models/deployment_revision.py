from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class DeploymentRevision(TimestampedMixin, Base):
    """One change of the version a deployment serves: create, promote or rollback.

    `number` matches `deployments.revision` at the time; `previous_version_id` is what was
    served before (None for create). A version deleted later leaves the row with NULL.
    """

    __tablename__ = "deployment_revisions"
    __table_args__ = (
        UniqueConstraint("deployment_id", "number", name="uq_deployment_revisions_number"),
    )

    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"))
    number: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))
    model_version_id: Mapped[str | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL")
    )
    previous_version_id: Mapped[str | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL")
    )
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(String(500), default="")
