"""Safe defaults: SQLite in WAL with a busy timeout, login lockout, Chinese password rules, CSP
without inline script, secure cookies and HSTS from the environment, a traceback in the log file."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path, reverse

from zhenggai.web import config

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "pw-for-tests-only"


def _sqlite_connection(directory: Path):
    """A connection of its own to a file database configured as the app configures SQLite."""
    from django.db.utils import ConnectionHandler

    return ConnectionHandler({"default": config.database(directory)})["default"]


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_writers_wait(tmp_path, monkeypatch, django_db_blocker):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with django_db_blocker.unblock():
        _wal_and_waiting(tmp_path)


def _wal_and_waiting(tmp_path):
    first = _sqlite_connection(tmp_path)
    second = _sqlite_connection(tmp_path)
    with first.cursor() as c:
        c.execute("PRAGMA journal_mode")
        assert c.fetchone()[0] == "wal"
        c.execute("PRAGMA busy_timeout")
        assert c.fetchone()[0] == config.SQLITE_TIMEOUT_SECONDS * 1000
        c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)")
    # One writer holds the write lock for a second; a reader is not blocked (WAL) and a
    # second writer waits for the lock instead of failing with "database is locked".
    held = threading.Event()

    def hold_lock():
        with first.cursor() as c:
            first._start_transaction_under_autocommit()
            c.execute("INSERT INTO t (who) VALUES ('first')")
            held.set()
            time.sleep(1.0)
            first.connection.commit()

    first.inc_thread_sharing()  # opened here, used by the thread below
    t = threading.Thread(target=hold_lock)
    t.start()
    assert held.wait(5)
    started = time.monotonic()
    with second.cursor() as c:
        c.execute("SELECT count(*) FROM t")  # a read during the write: answered at once
        assert c.fetchone()[0] == 0
        assert time.monotonic() - started < 0.5
    # What atomic() does on this connection: BEGIN IMMEDIATE (transaction_mode), then commit.
    second._start_transaction_under_autocommit()
    with second.cursor() as c:
        c.execute("INSERT INTO t (who) VALUES ('second')")
    second.connection.commit()
    waited = time.monotonic() - started
    t.join()
    with second.cursor() as c:
        c.execute("SELECT who FROM t ORDER BY id")
        assert [r[0] for r in c.fetchall()] == ["first", "second"]
    assert waited > 0.5  # it queued behind the first writer
    first.dec_thread_sharing()
    first.close()
    second.close()


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures_and_unlocked_by_time(client, ledger, people, settings):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post(url, {"username": "office", "password": "wrong"})
        assert r.status_code == 200 and "用户名或密码不正确" in r.content.decode()
    assert client.post(url, {"username": "office", "password": "wrong"}).status_code == 429
    r = client.post(url, {"username": "office", "password": PASSWORD})
    body = r.content.decode()
    assert r.status_code == 429
    assert "已暂时锁定" in body and f"{settings.AXES_COOLOFF_TIME.seconds // 60} 分钟后再试" in body
    assert "_auth_user_id" not in client.session
    # The lock is for this user from this address: another address may still log in.
    r = client.post(url, {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 302
    client.logout()
    # After the cool-off time the right password works again.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.timezone.utc) - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    r = client.post(url, {"username": "office", "password": PASSWORD})
    assert r.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_lockout_counts_the_address_nginx_saw_not_the_proxy(client, ledger, people, settings):
    settings.AXES_ENABLED = True
    settings.BEHIND_PROXY = True
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "office", "password": "wrong"}, HTTP_X_FORWARDED_FOR="forged, 192.0.2.7")
    locked = client.post(url, {"username": "office", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert locked.status_code == 429
    # Everyone behind nginx shares REMOTE_ADDR 127.0.0.1; a colleague at another desk is not locked out.
    other = client.post(url, {"username": "office", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert other.status_code == 302


@pytest.mark.django_db
def test_password_rules_answer_in_chinese(django_user_model):
    from django.contrib.auth.forms import SetPasswordForm

    user = django_user_model.objects.create_user(username="zhangsan", password=PASSWORD)
    for weak, expected in (("12345678", "太短"), ("1234567890123", "只包含数字"), ("password123", "太常见"), ("zhangsan2025", "太相似")):
        form = SetPasswordForm(user, {"new_password1": weak, "new_password2": weak})
        assert not form.is_valid()
        errors = " ".join(form.errors["new_password2"])
        assert expected in errors, errors
        assert not re.search(r"[A-Za-z]{4,}", errors), errors  # no English left
    strong = "Qing-he-2025-整改"
    assert SetPasswordForm(user, {"new_password1": strong, "new_password2": strong}).is_valid()


TEMPLATES = sorted((SRC / "zhenggai").glob("*/templates/**/*.html"))


def test_no_template_has_inline_script_or_style_or_handlers():
    assert len(TEMPLATES) > 20
    bad = []
    for t in TEMPLATES:
        text = t.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\son[a-z]+\s*=", r"javascript:", r"hx-on"):
            for m in re.finditer(pattern, text, re.I):
                bad.append(f"{t.relative_to(SRC)}: {m.group(0)}")
    assert bad == []


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script(login, ledger, people):
    c = login(people.office)
    for url in (reverse("login"), reverse("ledger:home"), reverse("ledger:ledger", args=[ledger.unit.id]),
                reverse("ledger:problem", args=[ledger.problems[0].id])):
        r = c.get(url)
        assert r.status_code == 200
        policy = dict(part.strip().split(" ", 1) for part in r["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
        assert "unsafe" not in policy["style-src"] and policy["object-src"] == "'none'"
        body = r.content.decode()
        assert 'name="htmx-config"' in body and "zhenggai/app.js" in body


def _settings_in_subprocess(env: dict[str, str], *names: str) -> dict:
    code = ("import json, zhenggai.web.settings as s; "
            f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))")
    full = {**os.environ, "PYTHONPATH": str(SRC), "DATABASE_URL": "", **env}
    full.pop("SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_https_and_session_settings_come_from_the_environment(tmp_path):
    names = ("SESSION_COOKIE_AGE", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
             "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME")
    plain = _settings_in_subprocess({"ZHENGGAI_DATA_DIR": str(tmp_path / "a")}, *names)
    assert plain["SESSION_COOKIE_AGE"] == 8 * 3600
    assert plain["SESSION_COOKIE_SECURE"] is None and plain["SECURE_HSTS_SECONDS"] is None
    assert plain["AXES_FAILURE_LIMIT"] == 5 and plain["AXES_COOLOFF_TIME"] == "0:30:00"
    prod = _settings_in_subprocess({
        "ZHENGGAI_DATA_DIR": str(tmp_path / "b"), "ZHENGGAI_HTTPS": "1", "ZHENGGAI_BEHIND_PROXY": "1",
        "ZHENGGAI_SESSION_HOURS": "2", "ZHENGGAI_LOGIN_FAILURES": "3", "ZHENGGAI_LOCKOUT_MINUTES": "10",
    }, *names)
    assert prod["SESSION_COOKIE_AGE"] == 7200 and prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True and prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["AXES_FAILURE_LIMIT"] == 3 and prod["AXES_COOLOFF_TIME"] == "0:10:00"


def _boom(request):
    raise RuntimeError("boom-for-the-log-7f3a")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_500_leaves_a_traceback_in_the_data_dir_log(client, settings):
    from django.test import Client

    assert settings.DEBUG is False
    log = Path(settings.LOG_DIR) / "zhenggai.log"
    before = log.read_text(encoding="utf-8") if log.exists() else ""
    r = Client(raise_request_exception=False).get("/boom/")
    assert r.status_code == 500
    for handler in __import__("logging").getLogger("django.request").handlers:
        handler.flush()
    after = log.read_text(encoding="utf-8")[len(before):]
    assert "Traceback" in after and "boom-for-the-log-7f3a" in after and "/boom/" in after


@pytest.mark.django_db
def test_the_password_page_refuses_weak_passwords_in_chinese(login, ledger, people):
    c = login(people.office)
    for weak in ("short1", "1234567890123", "password123"):
        r = c.post(reverse("setup:password"), {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
        body = r.content.decode()
        assert r.status_code == 400
        assert "This password" not in body and ("太短" in body or "只包含数字" in body or "太常见" in body)
    people.office.refresh_from_db()
    assert people.office.check_password(PASSWORD)  # nothing changed
