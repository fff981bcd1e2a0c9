"""zhenggai check-deploy refuses unsafe production settings; zhenggai serve is a production server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
# These start their own processes on SQLite in a temp dir, whatever DATABASE_URL says: run them once.
pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="independent of DATABASE_URL; runs in the SQLite pass of make test")
STRONG_KEY = "Zq7-kM2pX9vL4tR8wB1nC6yH3jF5dG0sA-uE7iO2pQ9rT4yU8wZ1xV6bN3mK5lJ0"
PRODUCTION = {"ZHENGGAI_HTTPS": "1", "ZHENGGAI_BEHIND_PROXY": "1", "ZHENGGAI_ALLOWED_HOSTS": "zhenggai.example.gov.cn"}


def _run(tmp_path, env: dict, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(SRC), "DATABASE_URL": "", "ZHENGGAI_DATA_DIR": str(tmp_path / "data"), **env}
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    for name in ("DJANGO_SETTINGS_MODULE", "ZHENGGAI_DEBUG", "ZHENGGAI_HTTPS", "ZHENGGAI_BEHIND_PROXY",
                 "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in env:
            full.pop(name, None)
    if "SECRET_KEY" not in env:
        full.pop("SECRET_KEY", None)
    return subprocess.run([sys.executable, "-m", "zhenggai", *args], env=full, capture_output=True, text=True, timeout=timeout)


def test_production_settings_pass_both_checks_without_warnings_from_django(tmp_path):
    done = _run(tmp_path, PRODUCTION, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    done = _run(tmp_path, PRODUCTION, "check-deploy")
    assert done.returncode == 0, done.stderr
    assert "部署检查通过" in done.stdout
    # The only remark left is the database: SQLite is a warning, not an error.
    assert "警告: 数据库是 SQLite" in done.stdout and "错误" not in done.stdout + done.stderr


def test_unsafe_settings_are_refused_in_chinese(tmp_path):
    done = _run(tmp_path, {**PRODUCTION, "ZHENGGAI_DEBUG": "1", "SECRET_KEY": "a" * 40, "ZHENGGAI_ALLOWED_HOSTS": "*"},
                "check-deploy")
    assert done.returncode == 1
    err = done.stderr
    assert "错误: 调试模式已开启" in err and "ZHENGGAI_DEBUG=0" in err
    assert "错误: SECRET_KEY 太短或太简单" in err
    assert "错误: ALLOWED_HOSTS 含 *" in err
    assert "部署检查未通过" in err and int(err.split("部署检查未通过：")[1].split(" 个错误")[0]) >= 3
    assert "Django 检查" not in err  # every finding in Chinese


def test_https_must_come_with_the_proxy_and_the_proxy_with_https(tmp_path):
    behind = _run(tmp_path, {"ZHENGGAI_BEHIND_PROXY": "1", "ZHENGGAI_ALLOWED_HOSTS": "zg.example"}, "check-deploy")
    assert behind.returncode == 1 and "未启用 HTTPS" in behind.stderr and "ZHENGGAI_HTTPS=1" in behind.stderr
    local_only = _run(tmp_path, {"ZHENGGAI_HTTPS": "1", "ZHENGGAI_BEHIND_PROXY": "1"}, "check-deploy")
    assert local_only.returncode == 1 and "须包含用户访问用的域名" in local_only.stderr
    alone = _run(tmp_path, {"ZHENGGAI_HTTPS": "1", "ZHENGGAI_ALLOWED_HOSTS": "zg.example"}, "check-deploy")
    assert alone.returncode == 1 and "ZHENGGAI_BEHIND_PROXY=1" in alone.stderr
    # An office PC on the intranet over plain HTTP: allowed, with warnings that say what it risks.
    office = _run(tmp_path, {"ZHENGGAI_ALLOWED_HOSTS": "192.168.1.20"}, "check-deploy")
    assert office.returncode == 0, office.stderr
    assert "警告: 未启用 HTTPS" in office.stdout
    key = tmp_path / "data" / "secret_key"
    key.chmod(0o644)
    loose = _run(tmp_path, {"ZHENGGAI_ALLOWED_HOSTS": "192.168.1.20"}, "check-deploy")
    assert loose.returncode == 1 and f"chmod 600 {key}" in loose.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_waitress_with_static_files_and_security_headers(tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC), "DATABASE_URL": "", "ZHENGGAI_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SECRET_KEY", None)
    server = subprocess.Popen([sys.executable, "-m", "zhenggai", "serve", "--port", str(port), "--threads", "4"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                login = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert login.headers["Server"] == "zhenggai"  # waitress (ident), not Django's runserver
        assert "script-src 'self'" in login.headers["Content-Security-Policy"]
        assert "登录" in login.read().decode()
        static = urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/static/zhenggai/app.js", headers={"Accept-Encoding": "gzip"}), timeout=5)
        assert static.status == 200 and static.headers["Content-Encoding"] == "gzip"  # whitenoise, compressed
        assert (tmp_path / "data" / "static" / "zhenggai" / "app.js").exists()  # collected on start
    finally:
        server.terminate()
        out = server.communicate(timeout=30)[0]
    assert "waitress，4 个线程" in out
