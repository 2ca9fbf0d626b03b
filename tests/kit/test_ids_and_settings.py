from __future__ import annotations

import os
import stat
from pathlib import Path

from modelyard.kit.ids import new_id
from modelyard.settings import Settings, load_or_create_secret


def test_ids_are_prefixed_unique_and_sortable() -> None:
    ids = [new_id("ds") for _ in range(200)]
    assert len(set(ids)) == 200
    assert all(i.startswith("ds_") and len(i) == 29 for i in ids)
    assert ids[0] < new_id("ds")


def test_secret_is_generated_once_and_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = settings.resolved_secret_key
    assert len(first) >= 48
    assert Settings(data_dir=tmp_path).resolved_secret_key == first
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert load_or_create_secret(tmp_path / "secret_key") == first


def test_configured_secret_wins(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="configured-secret-value")  # type: ignore[arg-type]
    assert settings.resolved_secret_key == "configured-secret-value"
    assert not (tmp_path / "secret_key").exists()


def test_defaults_are_embedded(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("MODELYARD_DATABASE_URL", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert (
        settings.resolved_database_url == f"sqlite+aiosqlite:///{tmp_path.resolve()}/modelyard.db"
    )
    assert settings.uses_sqlite
    assert settings.resolved_storage_url == str((tmp_path / "artifacts").resolve())
    assert not settings.cookie_secure
    assert Settings(data_dir=tmp_path, public_url="https://ml.example.com").cookie_secure


def test_environment_prefix(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MODELYARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MODELYARD_MAX_UPLOAD_BYTES", "123")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.max_upload_bytes == 123
