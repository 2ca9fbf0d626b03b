"""Object URLs: parsed strictly, and only read inside the connection's bucket and prefix."""

from __future__ import annotations

import pytest

from modelyard.integrations.errors import (
    ConnectorBackendMissing,
    InvalidObjectUrl,
    UrlOutsideConnection,
)
from modelyard.integrations.object_source import (
    ObjectLocation,
    SourceConfig,
    backend_installed,
    check_within,
    normalise_prefix,
    open_filesystem,
    parse_object_url,
)


def test_parse_object_url() -> None:
    assert parse_object_url(" s3://data-lake/exports/2024/sales.csv ") == ObjectLocation(
        "s3", "data-lake", "exports/2024/sales.csv"
    )
    assert parse_object_url("gs://bucket/a.parquet").filename == "a.parquet"
    assert parse_object_url("az://container/x/y.csv").scheme == "az"


@pytest.mark.parametrize(
    "url",
    [
        "http://bucket/a.csv",
        "file:///etc/passwd",
        "s3://bucket",
        "s3://bucket/",
        "s3://bucket/a/../b.csv",
        "s3://bucket/./a.csv",
        "s3://bucket//a.csv",
        "s3://bucket/a/",
        "s3://bucket/%2e%2e/a.csv",
        "s3://bucket/a\\..\\b.csv",
        "s3://bucket/a\x00.csv",
        "s3://user:pw@bucket/a.csv",
        "s3://bucket:443/a.csv",
        "s3://bucket/a.csv?versionId=1",
        "s3://bucket/a.csv#x",
        "s3://Bad_Bucket!/a.csv",
    ],
)
def test_invalid_urls(url: str) -> None:
    with pytest.raises(InvalidObjectUrl):
        parse_object_url(url)


CONFIG = SourceConfig(provider="s3", bucket="data-lake", prefix="exports")


@pytest.mark.parametrize(
    "url",
    [
        "s3://other-bucket/exports/a.csv",
        "s3://data-lake/a.csv",
        "s3://data-lake/exports-private/a.csv",
        "s3://data-lake/private/exports/a.csv",
        "gs://data-lake/exports/a.csv",
        "az://data-lake/exports/a.csv",
    ],
)
def test_outside_the_connection(url: str) -> None:
    with pytest.raises(UrlOutsideConnection) as info:
        check_within(parse_object_url(url), CONFIG)
    assert "s3://data-lake/exports/" in info.value.detail


def test_inside_the_connection() -> None:
    check_within(parse_object_url("s3://data-lake/exports/a.csv"), CONFIG)
    check_within(parse_object_url("s3://data-lake/exports/deep/er/a.csv"), CONFIG)
    whole_bucket = SourceConfig(provider="s3", bucket="data-lake", prefix="")
    check_within(parse_object_url("s3://data-lake/a.csv"), whole_bucket)


def test_normalise_prefix() -> None:
    assert normalise_prefix("/exports/2024/") == "exports/2024"
    assert normalise_prefix("") == ""
    for bad in ("a/../b", "a//b", "a/./b", "a\\b"):
        with pytest.raises(ValueError):
            normalise_prefix(bad)


def test_without_credentials_s3_reads_anonymously() -> None:
    """Never fall back to the server's own cloud identity (environment, instance role)."""
    fs = open_filesystem(SourceConfig(provider="s3", bucket="public-data", prefix=""))
    assert fs.anon is True
    signed = open_filesystem(
        SourceConfig(
            provider="s3",
            bucket="b",
            prefix="",
            region="eu-west-1",
            credentials={"access_key_id": "AKIA", "secret_access_key": "s", "session_token": "t"},
        )
    )
    assert signed.anon is False and signed.key == "AKIA" and signed.token == "t"


@pytest.mark.skipif(backend_installed("gcs"), reason="gcsfs is installed")
def test_missing_backend_is_a_clear_problem() -> None:
    with pytest.raises(ConnectorBackendMissing, match="gcsfs"):
        open_filesystem(SourceConfig(provider="gcs", bucket="bucket", prefix=""))
