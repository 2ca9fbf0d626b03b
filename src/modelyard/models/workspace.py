from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class Workspace(TimestampedMixin, Base):
    __tablename__ = "workspaces"

    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(1000), default="")
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
