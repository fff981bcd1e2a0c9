"""Settings, all read from the environment (see config.py for the rules).

ZHENGGAI_DATA_DIR   data directory (default ./data): SQLite file, secret key
DATABASE_URL        postgres://user:pass@host:port/db switches to PostgreSQL
SECRET_KEY          else generated once into the data directory
ZHENGGAI_DEBUG      1/0, off by default
ZHENGGAI_ALLOWED_HOSTS  comma separated, default localhost,127.0.0.1,[::1]
ZHENGGAI_MAX_UPLOAD_MB  largest accepted upload, default 20
ZHENGGAI_IMPORT_EXPIRY_HOURS  an import never confirmed expires (its upload removed) after so many hours, default 48
ZHENGGAI_HTTPS      1 when users reach the site over HTTPS: secure cookies, HSTS, redirect
ZHENGGAI_BEHIND_PROXY   1 behind nginx: trust its X-Forwarded-Proto / X-Forwarded-For
ZHENGGAI_HSTS_SECONDS   HSTS max-age with ZHENGGAI_HTTPS=1, default one year
ZHENGGAI_SESSION_HOURS  login lifetime, default 8 (a working day)
ZHENGGAI_LOGIN_FAILURES wrong passwords before a lockout, default 5
ZHENGGAI_LOCKOUT_MINUTES  how long a lockout lasts, default 30
ZHENGGAI_PASSWORD_MIN_LENGTH  shortest accepted password, default 10
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE

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
    "axes",
    "csp",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
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
    "zhenggai.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the WSGI app (zhenggai serve), compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhenggai.setup.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhenggai.web.middleware.HtmxLoginRedirectMiddleware",
    "zhenggai.web.middleware.NotAllowedInChineseMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Background work (long imports): django-tasks with its database backend. `zhenggai serve`
# starts one worker beside the web server; a larger installation runs `zhenggai manage db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

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
            # {{ user|person }} on every page: people are shown by name, never by login.
            "builtins": ["zhenggai.ledger.templatetags.ledger_builtins"],
        },
    },
]

DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's own validators; their messages come in Chinese from Django's zh_Hans catalogue.
PASSWORD_MIN_LENGTH = config.env_int("ZHENGGAI_PASSWORD_MIN_LENGTH", 10, minimum=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "zhenggai.web.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout (django-axes): after ZHENGGAI_LOGIN_FAILURES wrong passwords for one user from
# one address, that pair is refused for ZHENGGAI_LOCKOUT_MINUTES; a correct login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = config.env_int("ZHENGGAI_LOGIN_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int("ZHENGGAI_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhenggai.web.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "zhenggai.web.security.client_ip"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic (run by zhenggai serve) writes gzip copies that whitenoise serves.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "ledger:home"
LOGOUT_REDIRECT_URL = "login"

MAX_UPLOAD_MB = config.env_int("ZHENGGAI_MAX_UPLOAD_MB", 20, minimum=1)
IMPORT_EXPIRY_HOURS = config.env_int("ZHENGGAI_IMPORT_EXPIRY_HOURS", 48, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = config.env_int("ZHENGGAI_SESSION_HOURS", 8, minimum=1) * 3600
# htmx sends the token from the page (hx-headers), so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# HTTPS in production: users reach the site over https:// (nginx in front, or a TLS proxy).
HTTPS = config.env_bool("ZHENGGAI_HTTPS", False)
BEHIND_PROXY = config.env_bool("ZHENGGAI_BEHIND_PROXY", False)
if BEHIND_PROXY:
    # nginx sets X-Forwarded-Proto; only trusted because the app listens on loopback behind it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = config.env_int("ZHENGGAI_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: scripts only from our own static files, never inline (htmx is
# configured by a meta tag, confirmations by static/zhenggai/app.js). Inline style attributes
# (progress bars' widths) stay allowed; style elements and script do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Errors (a 500's traceback, refused hosts, lockouts) go to a rotating file in the data dir,
# so that with DEBUG off a failure still leaves a trace: DATA_DIR/logs/zhenggai.log.
LOG_DIR = config.log_dir(DATA_DIR)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(LOG_DIR / "zhenggai.log"),
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "encoding": "utf-8",
            "formatter": "plain",
            "level": "INFO",
        },
    },
    "loggers": {
        "django.request": {"handlers": ["file"], "level": "ERROR"},
        "django.security": {"handlers": ["file"], "level": "WARNING"},
        "axes": {"handlers": ["file"], "level": "WARNING"},
        "zhenggai": {"handlers": ["file"], "level": "INFO"},
        "waitress": {"handlers": ["file"], "level": "WARNING"},
        # "Task queue depth is N" on every queued request under load: noise, not an error.
        "waitress.queue": {"handlers": ["file"], "level": "ERROR", "propagate": False},
    },
}
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
