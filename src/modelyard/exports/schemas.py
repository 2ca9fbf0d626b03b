from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from modelyard.kit.schemas import Schema


class ExportCreate(Schema):
    format: Annotated[
        str,
        Field(
            min_length=1,
            max_length=20,
            description="onnx, pmml, python or docker; see …/export-formats for this version",
        ),
    ]


class ExportFormatOut(Schema):
    format: str
    available: bool
    reason: str | None = Field(description="Why the version cannot be exported to this format")


class ExportFormats(Schema):
    model_version_id: str
    formats: list[ExportFormatOut]


class ExportOut(Schema):
    id: str
    model_version_id: str
    format: str
    status: str = Field(description="queued, running, succeeded, failed or cancelled")
    progress: float
    progress_message: str
    error_code: str | None
    error_message: str | None
    job_id: str
    size: int | None = Field(description="Bytes of the zip, once it exists")
    sha256: str | None
    manifest: dict[str, Any] | None = Field(description="What the exporter wrote (manifest.json)")
    parity: dict[str, Any] | None = Field(
        description="The parity report: the export's predictions against the registry model's"
    )
    created_by: str | None
    created_at: datetime
    completed_at: datetime | None


class DownloadLinkCreate(Schema):
    expires_in_s: Annotated[
        int, Field(ge=60, le=7 * 24 * 3600, description="How long the link works, in seconds")
    ] = 3600


class DownloadLinkOut(Schema):
    url: str = Field(description="Absolute link under the server's public URL")
    path: str = Field(description="The same link relative to the server")
    expires_at: datetime
