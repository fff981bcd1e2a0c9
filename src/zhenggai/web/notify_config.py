"""Environment for reminders (zhenggai remind): e-mail and warning defaults, strictly parsed.

ZHENGGAI_EMAIL_BACKEND   file (default: one .log file per run under DATA_DIR/mail),
                         console, or smtp
ZHENGGAI_EMAIL_HOST / _PORT / _USER / _PASSWORD / _TLS / _SSL   for smtp
ZHENGGAI_EMAIL_FROM      sender address, default zhenggai@localhost
ZHENGGAI_BASE_URL        e.g. http://10.0.0.5:8000, for links in e-mails (optional)
ZHENGGAI_WARNING_GREEN_DAYS / _YELLOW_DAYS   defaults 20 / 10 days before the deadline

Kept Django-free like config.py so a bad value is reported in Chinese before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import ConfigError, env_bool, env_int

BACKENDS = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def email_settings(data_dir: Path) -> dict:
    raw = os.environ.get("ZHENGGAI_EMAIL_BACKEND", "file").strip().lower() or "file"
    if raw not in BACKENDS:
        raise ConfigError(f"环境变量 ZHENGGAI_EMAIL_BACKEND={raw!r} 应为 file、console 或 smtp")
    out: dict = {
        "EMAIL_BACKEND": BACKENDS[raw],
        "DEFAULT_FROM_EMAIL": os.environ.get("ZHENGGAI_EMAIL_FROM", "").strip() or "zhenggai@localhost",
        "EMAIL_FILE_PATH": str(data_dir / "mail"),
        "EMAIL_TIMEOUT": 20,
    }
    if raw == "smtp":
        host = os.environ.get("ZHENGGAI_EMAIL_HOST", "").strip()
        if not host:
            raise ConfigError("ZHENGGAI_EMAIL_BACKEND=smtp 时必须设置 ZHENGGAI_EMAIL_HOST")
        tls, ssl = env_bool("ZHENGGAI_EMAIL_TLS", False), env_bool("ZHENGGAI_EMAIL_SSL", False)
        if tls and ssl:
            raise ConfigError("ZHENGGAI_EMAIL_TLS 与 ZHENGGAI_EMAIL_SSL 只能开启一个")
        out.update(
            EMAIL_HOST=host,
            EMAIL_PORT=env_int("ZHENGGAI_EMAIL_PORT", 465 if ssl else (587 if tls else 25), minimum=1),
            EMAIL_HOST_USER=os.environ.get("ZHENGGAI_EMAIL_USER", ""),
            EMAIL_HOST_PASSWORD=os.environ.get("ZHENGGAI_EMAIL_PASSWORD", ""),
            EMAIL_USE_TLS=tls,
            EMAIL_USE_SSL=ssl,
        )
    return out


def base_url() -> str:
    raw = os.environ.get("ZHENGGAI_BASE_URL", "").strip().rstrip("/")
    if raw and not raw.startswith(("http://", "https://")):
        raise ConfigError(f"环境变量 ZHENGGAI_BASE_URL={raw!r} 应以 http:// 或 https:// 开头")
    return raw


def warning_days() -> tuple[int, int]:
    """(green, yellow) days before the deadline; yellow must not start before green."""
    green = env_int("ZHENGGAI_WARNING_GREEN_DAYS", 20, minimum=0)
    yellow = env_int("ZHENGGAI_WARNING_YELLOW_DAYS", 10, minimum=0)
    if yellow > green:
        raise ConfigError(f"ZHENGGAI_WARNING_YELLOW_DAYS（{yellow}）不能大于 ZHENGGAI_WARNING_GREEN_DAYS（{green}）")
    return green, yellow
