from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.clock import utcnow
from modelyard.kit.db import Base, TimestampedMixin


class StorageConnection(TimestampedMixin, Base):
    """A workspace's access to one bucket (or container) of cloud object storage.

    The credentials are sealed with a key derived from the server secret; only masked hints
    of them (``credential_hints``) are ever shown.
    """

    __tablename__ = "storage_connections"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(20))
    bucket: Mapped[str] = mapped_column(String(255))
    prefix: Mapped[str] = mapped_column(String(1024), default="")
    region: Mapped[str | None] = mapped_column(String(64))
    endpoint_url: Mapped[str | None] = mapped_column(String(500))
    sealed_credentials: Mapped[str | None] = mapped_column(Text)
    credential_hints: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
