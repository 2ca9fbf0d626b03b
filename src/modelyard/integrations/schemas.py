from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from modelyard.integrations.object_source import BUCKET_PATTERN, CREDENTIAL_FIELDS, Provider
from modelyard.kit.schemas import Schema

ConnectionName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$"
    ),
]
Bucket = Annotated[str, StringConstraints(strip_whitespace=True, pattern=BUCKET_PATTERN)]
Prefix = Annotated[str, Field(max_length=1000)]
Region = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{2,64}$")]
EndpointUrl = Annotated[
    str, Field(max_length=500, description="Base URL of an S3-compatible server")
]
CredentialValue = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Credentials = Annotated[
    dict[str, CredentialValue],
    Field(
        max_length=5,
        description=(
            "s3: access_key_id, secret_access_key, session_token (optional); "
            "gcs: service_account_json; azure: account_name with account_key or sas_token. "
            "Empty: anonymous access (public buckets). Never returned."
        ),
    ),
]


def check_credential_fields(provider: str, credentials: dict[str, str]) -> None:
    if not credentials:
        return
    required, optional = CREDENTIAL_FIELDS[provider]
    unknown = set(credentials) - required - optional
    if unknown:
        raise ValueError(f"unknown credential fields for {provider}: {', '.join(sorted(unknown))}")
    missing = required - set(credentials)
    if missing:
        raise ValueError(f"missing credential fields for {provider}: {', '.join(sorted(missing))}")


class StorageConnectionCreate(Schema):
    name: ConnectionName
    provider: Provider
    bucket: Bucket = Field(description="The bucket (S3, GCS) or container (Azure) to read")
    prefix: Prefix = Field("", description="Only objects under this folder may be imported")
    region: Region | None = None
    endpoint_url: EndpointUrl | None = None
    credentials: Credentials = Field(default_factory=dict)

    @model_validator(mode="after")
    def _credentials_fit_provider(self) -> Self:
        check_credential_fields(self.provider, self.credentials)
        return self


class StorageConnectionUpdate(Schema):
    """Fields to change; `credentials` replaces the whole set; null clears optional fields."""

    name: ConnectionName | None = None
    bucket: Bucket | None = None
    prefix: Prefix | None = None
    region: Region | None = None
    endpoint_url: EndpointUrl | None = None
    credentials: Credentials | None = None


class StorageConnectionOut(Schema):
    id: str
    name: str
    provider: Provider
    bucket: str
    prefix: str
    region: str | None
    endpoint_url: str | None
    credentials: dict[str, str] = Field(
        description="Which credential fields are set, masked; secrets are never returned"
    )
    created_at: datetime
    updated_at: datetime
