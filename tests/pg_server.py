"""Run a command against a throw-away PostgreSQL server: ``python tests/pg_server.py -- CMD...``.

initdb into a temp dir, start postgres on a free port (socket in the same dir),
run CMD with DATABASE_URL pointing at it, stop and delete everything, exit
with CMD's status. PostgreSQL refuses to run as root, so as root the server
runs as the ``postgres`` user (runuser). Without the binaries it prints a loud
SKIPPED banner and exits 0, so nobody mistakes a skip for a pass.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

PG_BIN = os.environ.get("ZHENGGAI_PG_BIN", "/usr/lib/postgresql/15/bin")


def banner(text: str) -> None:
    line = "!" * 78
    print(f"\n{line}\n!!! {text}\n{line}\n", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a DATABASE_URL of a fresh server; stop and clean up afterwards."""
    tmp = tempfile.mkdtemp(prefix="zhenggai-pg-")
    data = os.path.join(tmp, "data")
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
    port = free_port()
    log = os.path.join(tmp, "server.log")
    try:
        _start(data, tmp, port, log)
        yield f"postgres://zhenggai@127.0.0.1:{port}/postgres"
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run(_as_server_user([f"{PG_BIN}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]),
                           stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def _start(data: str, tmp: str, port: int, log: str) -> None:
    try:
        subprocess.run(
            _as_server_user([f"{PG_BIN}/initdb", "-D", data, "-U", "zhenggai", "--auth=trust", "-E", "UTF8",
                             "--locale=C", "--no-sync"]),
            check=True, stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            _as_server_user([f"{PG_BIN}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "start", "-o",
                             f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
                             "-c synchronous_commit=off -c full_page_writes=off"]),
            check=True, stdout=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError:
        if os.path.exists(log):
            with open(log, encoding="utf-8", errors="replace") as f:
                print(f.read()[-3000:], file=sys.stderr)
        banner("PostgreSQL test server failed to start (log above)")
        raise


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if not os.path.exists(f"{PG_BIN}/postgres"):
        banner(f"SKIPPED: PostgreSQL 15 not found in {PG_BIN} — the PostgreSQL test run did NOT happen "
               "(make system-deps installs it)")
        return 0
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        banner("SKIPPED: running as root without runuser — cannot start PostgreSQL")
        return 0
    t0 = time.monotonic()
    with postgres_server() as url:
        print(f"PostgreSQL test server ready in {time.monotonic() - t0:.1f}s: {url}", file=sys.stderr, flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
