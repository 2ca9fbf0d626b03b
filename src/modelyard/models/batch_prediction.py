from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from modelyard.kit.db import Base, TimestampedMixin


class BatchPrediction(TimestampedMixin, Base):
    """A batch scoring of a file or a dataset version through a deployment's model version.

    The work is the job `job_id` (kind "batch_prediction"): status, progress, attempts and
    the output's key and row count (in the job's `result`) live there. This row says what was
    scored with which version, and ties the job to its deployment.
    """

    __tablename__ = "batch_predictions"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    deployment_id: Mapped[str] = mapped_column(
        ForeignKey("deployments.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), unique=True)
    model_version_id: Mapped[str] = mapped_column(String(40))
    # "dataset_version" or "upload"
    source: Mapped[str] = mapped_column(String(20))
    dataset_version_id: Mapped[str | None] = mapped_column(String(40))
    input_key: Mapped[str] = mapped_column(String(1024))
    input_filename: Mapped[str] = mapped_column(String(255))
    input_rows: Mapped[int]
    output_format: Mapped[str] = mapped_column(String(10))
    include_inputs: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
