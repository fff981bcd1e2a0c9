"""Strict parsing of the environment into settings values.

Kept apart from settings.py so the CLI can report a bad value in Chinese
before Django starts, and so the rules are testable without Django.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting in the environment cannot be used; the message says which and why."""


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"环境变量 {name}={raw!r} 无法识别，应为 1/0、true/false (boolean expected)")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"环境变量 {name}={raw!r} 应为整数 (integer expected)") from None
    if value < minimum:
        raise ConfigError(f"环境变量 {name}={raw!r} 不能小于 {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the SQLite file and the generated secret key live.

    Default ``./data`` relative to the working directory, so an office that
    unpacks the system into a folder keeps everything in that folder.
    """
    raw = os.environ.get("ZHENGGAI_DATA_DIR", "").strip()
    path = Path(raw).expanduser() if raw else Path.cwd() / "data"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"数据目录 {path} 无法创建: {e} (ZHENGGAI_DATA_DIR)") from None
    return path.resolve()


def secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data dir."""
    raw = os.environ.get("SECRET_KEY", "").strip()
    if raw:
        if len(raw) < 32:
            raise ConfigError("环境变量 SECRET_KEY 太短，至少 32 个字符")
        return raw
    path = directory / "secret_key"
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n", encoding="utf-8")
    try:
        path.chmod(0o600)
    except OSError:  # pragma: no cover - filesystems without modes
        pass
    return key


SQLITE_TIMEOUT_SECONDS = 20


def log_dir(directory: Path) -> Path:
    """Where the rotating error log lives: DATA_DIR/logs, created on start."""
    path = directory / "logs"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"日志目录 {path} 无法创建: {e}") from None
    return path


def database(directory: Path) -> dict:
    """DATABASE_URL (PostgreSQL in production) or SQLite in the data dir."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            # Django's SQLite backend plus PRAGMA optimize on close (zhenggai/web/db/sqlite3/base.py).
            "ENGINE": "zhenggai.web.db.sqlite3",
            "NAME": str(directory / "zhenggai.sqlite3"),
            # Several people click at once in an office; wait instead of failing. WAL lets
            # readers go on while one writer works; IMMEDIATE makes writers queue for the
            # busy timeout instead of failing on a lock upgrade; NORMAL sync is safe in WAL.
            "OPTIONS": {
                "timeout": SQLITE_TIMEOUT_SECONDS,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
            },
        }
    try:
        cfg = dj_database_url.parse(url, conn_max_age=60)
    except (ValueError, KeyError) as e:
        raise ConfigError(f"环境变量 DATABASE_URL 无法解析: {e}") from None
    if cfg.get("ENGINE") not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ConfigError(f"DATABASE_URL 只支持 PostgreSQL 或 SQLite，而不是 {cfg.get('ENGINE')}")
    return cfg
