from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from modelyard.kit.schemas import Schema
from modelyard.predictions.batch.scoring import BatchOutputFormat


class BatchPredictionCreate(Schema):
    dataset_version_id: Annotated[str, Field(max_length=40)]
    output_format: BatchOutputFormat = BatchOutputFormat.CSV
    include_inputs: bool = Field(
        True, description="Keep the input columns beside the predictions in the output."
    )


class BatchPredictionOut(Schema):
    id: str
    deployment_id: str
    model_version_id: str
    job_id: str
    status: str = Field(description="queued, running, succeeded, failed or cancelled")
    source: str = Field(description="dataset_version or upload")
    dataset_version_id: str | None
    input_filename: str
    output_format: BatchOutputFormat
    include_inputs: bool
    rows_total: int
    rows_done: int
    progress: float
    progress_message: str
    output_bytes: int | None
    download_url: str | None
    error_code: str | None
    error_message: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
