"""Settings come from the environment, strictly parsed."""

import os

import pytest

from zhenggai.web import config


def test_tests_run_on_the_database_the_environment_names(db):
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_bool_and_int_are_strict(monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DEBUG", "yes")
    assert config.env_bool("ZHENGGAI_DEBUG") is True
    monkeypatch.setenv("ZHENGGAI_DEBUG", "maybe")
    with pytest.raises(config.ConfigError, match="ZHENGGAI_DEBUG"):
        config.env_bool("ZHENGGAI_DEBUG")
    monkeypatch.setenv("ZHENGGAI_MAX_UPLOAD_MB", "abc")
    with pytest.raises(config.ConfigError):
        config.env_int("ZHENGGAI_MAX_UPLOAD_MB", 20)


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 50 and config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(config.ConfigError):
        config.secret_key(tmp_path)


def test_database_url(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database(tmp_path)["NAME"] == str(tmp_path / "zhenggai.sqlite3")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5433/zg")
    cfg = config.database(tmp_path)
    assert cfg["ENGINE"] == "django.db.backends.postgresql" and cfg["PORT"] == 5433
    monkeypatch.setenv("DATABASE_URL", "mysql://u:p@h/db")
    with pytest.raises(config.ConfigError):
        config.database(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "nonsense")
    with pytest.raises(config.ConfigError):
        config.database(tmp_path)
