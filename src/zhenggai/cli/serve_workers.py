"""``zhenggai serve --workers N``: several waitress processes on one listening socket.

One Python process runs Python code on one core at a time (the GIL), whatever its thread
count: under 50 users a single process is busy all the time and requests queue behind each
other (p95 in seconds, though each takes ~30 ms). The parent binds the socket, forks N
workers that accept from it (the kernel spreads the connections) and restarts a worker that
dies; on SIGTERM/SIGINT it stops them all. Sessions, lockouts and rate limits live in the
database, so every worker sees the same. Where ``os.fork`` does not exist (Windows), one
process serves.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Callable

# A worker that dies this soon after its start, this many times in a row, is not restarted again.
_QUICK_DEATH_SECONDS, _QUICK_DEATHS = 2.0, 5


def default_workers(database_engine: str) -> int:
    """PostgreSQL (a server, several users at once): one process per core, up to four.
    SQLite (an office PC): one, as before; more would only queue at SQLite's write lock."""
    if not hasattr(os, "fork") or database_engine.endswith("sqlite3"):
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def bind(host: str, port: int, backlog: int = 1024) -> list[socket.socket]:
    """Listening sockets for every address ``host`` names (localhost: IPv4 and IPv6), as waitress binds."""
    sockets, seen = [], set()
    for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if (family, address) in seen:
            continue
        seen.add((family, address))
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        try:
            sock.bind(address)
        except OSError:
            sock.close()
            for s in sockets:
                s.close()
            raise
        sock.listen(backlog)
        sockets.append(sock)
    return sockets


def serve_forked(serve_one: Callable[[list[socket.socket]], None], host: str, port: int, workers: int) -> int:
    """Run ``serve_one(sockets)`` in ``workers`` forked processes until SIGTERM/SIGINT."""
    from django.db import connections

    sockets = bind(host, port)  # OSError (port taken) goes to the caller, as waitress's would
    connections.close_all()  # a connection must not be shared across a fork
    children: dict[int, float] = {}
    quick_deaths = 0
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                serve_one(sockets)
            except BaseException:  # noqa: BLE001 - a worker never returns into the parent's code
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children[pid] = time.monotonic()

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for _ in range(workers):
            spawn()
        while children:
            time.sleep(0.5)
            for pid, started in list(children.items()):
                try:
                    done, status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done, status = pid, 0
                if not done:
                    continue
                del children[pid]
                if stopping:
                    continue
                quick_deaths = quick_deaths + 1 if time.monotonic() - started < _QUICK_DEATH_SECONDS else 0
                if quick_deaths >= _QUICK_DEATHS:
                    print("服务进程反复退出，停止服务（见上方错误）", file=sys.stderr, flush=True)
                    stop()
                    continue
                print(f"服务进程 {pid} 退出（状态 {status}），已重新启动", file=sys.stderr, flush=True)
                spawn()
    finally:
        stop()
        for pid in list(children):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sock in sockets:
            sock.close()
    return 1 if quick_deaths >= _QUICK_DEATHS else 0
