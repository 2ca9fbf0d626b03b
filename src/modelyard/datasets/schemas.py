from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from modelyard.datasets.profile_models import ColumnProfile, DatasetProfile
from modelyard.kit.schemas import Schema

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
DatasetName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class DatasetVersionOut(Schema):
    id: str
    dataset_id: str
    number: int
    original_filename: str
    original_sha256: str
    original_size: int
    format: str
    rows: int
    column_count: int
    column_names: list[str]
    ingest_details: dict[str, Any]
    profile_status: str = Field(description="pending, running, ready or failed")
    profile_progress: float
    profile_error: str | None
    created_at: datetime


class DatasetOut(Schema):
    id: str
    name: str
    description: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    latest_version: DatasetVersionOut | None = None


class DatasetCreated(DatasetOut):
    version_created: bool = Field(description="False when identical content was already a version")


class DatasetUpdate(Schema):
    name: DatasetName | None = None
    description: Annotated[str, Field(max_length=2000)] | None = None
    tags: Annotated[list[Tag], Field(max_length=20)] | None = None


class DatasetImport(Schema):
    connection_id: Annotated[str, Field(max_length=40, description="A storage connection's id")]
    url: Annotated[
        str,
        Field(
            min_length=5,
            max_length=2000,
            description="s3://, gs:// or az:// URL of one object inside the connection's scope",
        ),
    ]
    name: DatasetName | None = None
    description: Annotated[str, Field(max_length=2000)] = ""
    tags: Annotated[list[Tag], Field(max_length=20)] = Field(default_factory=list)


class RowsPage(Schema):
    columns: list[str]
    rows: list[list[Any]]
    offset: int
    limit: int
    total_rows: int


class ProfileOut(Schema):
    status: str
    profile: DatasetProfile


class ColumnOut(Schema):
    column: ColumnProfile
