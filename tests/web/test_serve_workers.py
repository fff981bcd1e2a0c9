"""zhenggai serve --workers N: N waitress processes answer on one port; one that dies is
replaced; SIGTERM stops them all (and the task worker)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zhenggai.cli.serve_workers import default_workers

SRC = Path(__file__).resolve().parents[2] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _serving(pid: int) -> list[int]:
    """The parent's children that are web workers (not the task worker)."""
    out = []
    for child in _children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if b"serve" in cmd:
            out.append(child)
    return out


def _get(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as r:
        return r.status


def test_default_is_one_process_on_sqlite_and_one_per_core_on_postgresql():
    assert default_workers("django.db.backends.sqlite3") == default_workers("zhenggai.web.db.sqlite3") == 1
    assert default_workers("django.db.backends.postgresql") == max(1, min(4, os.cpu_count() or 1))


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/task").exists(), reason="Linux only (fork, /proc)")
def test_serve_with_two_workers_answers_replaces_a_dead_worker_and_stops_cleanly(tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC), "DATABASE_URL": "", "ZHENGGAI_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SECRET_KEY", None)
    server = subprocess.Popen([sys.executable, "-m", "zhenggai", "serve", "--port", str(port), "--workers", "2",
                               "--threads", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                assert _get(port) == 200
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        workers = _serving(server.pid)
        assert len(workers) == 2
        assert all(_get(port) == 200 for _ in range(6))
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while True:
            now = _serving(server.pid)
            if len(now) == 2 and workers[0] not in now:
                break
            assert time.monotonic() < deadline, f"worker not replaced: {now}"
            time.sleep(0.2)
        assert all(_get(port) == 200 for _ in range(6))
        everyone = _children(server.pid)
    finally:
        server.terminate()
        out = server.communicate(timeout=60)[0]
    assert server.returncode == 0
    assert "waitress，2 个线程 × 2 个进程" in out and "已重新启动" in out
    assert not [p for p in everyone if Path(f"/proc/{p}").exists() and b"zombie" not in Path(f"/proc/{p}/status").read_bytes()]
