from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class DatasetVersion(TimestampedMixin, Base):
    """One immutable upload of a dataset: the original file and its Parquet conversion."""

    __tablename__ = "dataset_versions"
    __table_args__ = (
        UniqueConstraint("dataset_id", "number", name="uq_dataset_versions_number"),
        UniqueConstraint("dataset_id", "original_sha256", name="uq_dataset_versions_sha256"),
    )

    dataset_id: Mapped[str] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    original_filename: Mapped[str] = mapped_column(String(255))
    original_key: Mapped[str] = mapped_column(String(500))
    original_sha256: Mapped[str] = mapped_column(String(64))
    original_size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str] = mapped_column(String(20))
    parquet_key: Mapped[str] = mapped_column(String(500))
    parquet_size: Mapped[int] = mapped_column(BigInteger)
    rows: Mapped[int] = mapped_column(BigInteger)
    column_count: Mapped[int]
    column_names: Mapped[list[str]] = mapped_column(JSON)
    ingest_details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    profile_status: Mapped[str] = mapped_column(String(20), default="pending")
    profile_progress: Mapped[float] = mapped_column(default=0.0)
    profile_error: Mapped[str | None] = mapped_column(String(2000))
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
