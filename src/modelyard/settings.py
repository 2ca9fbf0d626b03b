"""The one reader of the environment: every knob is a `MODELYARD_*` variable."""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MODELYARD_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path(".modelyard")
    database_url: str | None = None
    redis_url: str | None = None
    storage_url: str | None = None
    # Passed to the fsspec filesystem, e.g. {"endpoint_url": "http://minio:9000"} for S3.
    storage_options: dict[str, Any] = Field(default_factory=dict)
    secret_key: SecretStr | None = None

    public_url: str = "http://127.0.0.1:8000"
    cors_origins: list[str] = Field(default_factory=list)
    # Sets the `Secure` cookie flag and HSTS; on by default when public_url is https.
    https: bool | None = None

    session_ttl_hours: int = 24 * 14
    login_rate_limit: str = "20/minute"
    register_rate_limit: str = "10/minute"
    api_key_rate_limit: str = "1200/minute"
    max_json_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 5 * 1024**3
    invitation_ttl_hours: int = 24 * 7
    max_dataset_columns: int = 2_000
    # Storage connections may name a custom endpoint (MinIO, Ceph...). Endpoints on loopback,
    # link-local or private addresses are refused unless the operator allows them here.
    allow_private_endpoints: bool = False
    # `background` runs tasks on the server's loop after the response and sends jobs to the
    # workers; `immediate` (tests, scripts) runs both before the response, jobs in this process.
    task_mode: Literal["background", "immediate"] = "background"
    demo: bool = True
    # Jobs: a worker renews its lease every heartbeat; an expired lease is reaped and
    # the job re-run, up to max_attempts times.
    job_lease_s: float = 30.0
    job_heartbeat_s: float = 2.0
    job_max_attempts: int = 3
    reaper_interval_s: float = 5.0
    # `serve` runs a local worker process unless workers run elsewhere.
    external_workers: bool = False
    worker_concurrency: int = 1
    # Batch predictions: rows scored per chunk (one chunk is all a batch job holds in memory)
    # and how many chunks a batch job scores at once, one core each (0: one per core).
    batch_chunk_rows: int = 100_000
    batch_threads: int = 0
    # Monitoring, done by every worker: a drift report per active deployment every
    # drift_interval_s over the last drift_window_hours of logged inputs (at most drift_max_rows;
    # a feature with fewer than drift_min_rows values is not judged), alert rules evaluated every
    # alert_interval_s; a worker looks for due monitoring work every monitoring_interval_s.
    drift_interval_s: float = 3600.0
    drift_window_hours: float = 24.0
    drift_max_rows: int = 50_000
    drift_min_rows: int = 200
    alert_interval_s: float = 60.0
    monitoring_interval_s: float = 30.0
    # Real-time predictions: rows per request (more is a 413: use a batch prediction), model
    # versions kept loaded per process, how long a process trusts its cached deployment and
    # API key lookups (a promote in another process, or a revoked key, applies within this),
    # and how often the prediction log is flushed to Parquet and the database.
    predict_max_rows: int = 1_000
    predict_cache_size: int = 16
    predict_cache_ttl_s: float = 5.0
    predict_rate_limit: str | None = None
    prediction_log_flush_s: float = 2.0
    prediction_log_max_pending: int = 200_000
    # Record every scored row's output in the database (to join late actuals to).
    prediction_records: bool = True
    log_level: str = "INFO"
    log_json: bool = True

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'modelyard.db').resolve()}"

    @cached_property
    def resolved_storage_url(self) -> str:
        return self.storage_url or str((self.data_dir / "artifacts").resolve())

    @property
    def uses_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def cookie_secure(self) -> bool:
        if self.https is not None:
            return self.https
        return self.public_url.startswith("https://")

    @cached_property
    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated on first start and kept in the data dir."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return load_or_create_secret(self.data_dir / SECRET_KEY_FILE)


def load_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # O_EXCL: when two processes start at once, one writes and both read the same key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret
