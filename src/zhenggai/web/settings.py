"""Settings, all read from the environment (see config.py for the rules).

ZHENGGAI_DATA_DIR   data directory (default ./data): SQLite file, secret key
DATABASE_URL        postgres://user:pass@host:port/db switches to PostgreSQL
SECRET_KEY          else generated once into the data directory
ZHENGGAI_DEBUG      1/0, off by default
ZHENGGAI_ALLOWED_HOSTS  comma separated, default localhost,127.0.0.1,[::1]
ZHENGGAI_MAX_UPLOAD_MB  largest accepted upload, default 20
"""

from __future__ import annotations

from pathlib import Path

from . import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("ZHENGGAI_DEBUG", False)
ALLOWED_HOSTS = config.env_list("ZHENGGAI_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("ZHENGGAI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "zhenggai.ledger",
    "zhenggai.outcomes",
    "zhenggai.reports",
    "zhenggai.workflow",
    "zhenggai.supervision",
    "zhenggai.setup",
    "zhenggai.inspection",
    "zhenggai.public",
    "zhenggai.api",
    "ninja",  # so its Swagger UI is served from its bundled static files, never a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhenggai.setup.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhenggai.web.middleware.HtmxLoginRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "zhenggai.web.urls"
WSGI_APPLICATION = "zhenggai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "ledger:home"
LOGOUT_REDIRECT_URL = "login"

MAX_UPLOAD_MB = config.env_int("ZHENGGAI_MAX_UPLOAD_MB", 20, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = False

# Reminders (zhenggai remind): e-mail and warning defaults, see notify_config.py.
from . import notify_config  # noqa: E402

for _name, _value in notify_config.email_settings(DATA_DIR).items():
    globals()[_name] = _value
ZHENGGAI_BASE_URL = notify_config.base_url()
WARNING_GREEN_DAYS, WARNING_YELLOW_DAYS = notify_config.warning_days()

# The public side (码上监督, zhenggai.public): writes per address per window, photo size.
PUBLIC_RATE_LIMIT = config.env_int("ZHENGGAI_PUBLIC_RATE", 5, minimum=1)
PUBLIC_RATE_MINUTES = config.env_int("ZHENGGAI_PUBLIC_RATE_MINUTES", 10, minimum=1)
PUBLIC_PHOTO_MAX_MB = config.env_int("ZHENGGAI_PUBLIC_PHOTO_MB", 5, minimum=1)
PUBLIC_TRUST_X_FORWARDED_FOR = config.env_bool("ZHENGGAI_TRUST_X_FORWARDED_FOR", False)
