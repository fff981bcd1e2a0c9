"""Settings for the test suite: the real settings with fast hashing and a temp data dir.

DATABASE_URL passes through, so the same suite runs on PostgreSQL
(tests/pg_server.py starts one).
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("ZHENGGAI_DATA_DIR", tempfile.mkdtemp(prefix="zhenggai-test-"))
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .settings import *  # noqa: E402,F401,F403

# Password hashing dominates test time otherwise (healthchecks does the same).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
# Persistent connections keep the test database busy at teardown on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tasks run at once, in the test's own process: no worker needed.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# django-axes needs a request in authenticate(); the test client's login() has none. Lockout
# itself is tested with AXES_ENABLED switched back on (tests/web/test_security.py).
AXES_ENABLED = False
# Static files from the apps directly: no collectstatic before the browser tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
