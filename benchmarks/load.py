"""Load: N users for S seconds against ``zhenggai serve`` (waitress), loopback only.

Reporters (部门填报人) post progress reports with a small PDF near a deadline; office staff (整改办)
browse the ledger, dashboard, warnings, problem and measure pages. Each simulated user is a
thread with its own session (cookie jar), a think time between requests, and logs in through
the real login form. Prints the error count, p50/p95/p99 per kind of request and overall,
then counts every acknowledged report in the database.

    .venv/bin/python benchmarks/load.py                        # starts a throw-away PostgreSQL itself
    .venv/bin/python benchmarks/load.py --users 50 --seconds 120 --think 1.0
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/load.py   # DATABASE_URL given
    DATABASE_URL= .venv/bin/python benchmarks/load.py --sqlite # the office-PC setup, for comparison

Targets (issue 8): 0 errors; every acknowledged report stored.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-Pass-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 2048  # a small file, as offices attach
MARK = "负载测试报送"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# ---------------------------------------------------------------- data


def build(reporters: int, office: int) -> dict:
    """One unit with a department per reporter, 4 problems × 5 measures per department due in 1-3 days."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    from zhenggai.ledger import services
    from zhenggai.ledger.models import Finding, Membership, Role

    today = dt.date.today()
    rnd = services.round_named("负载测试市委2025年第一轮巡察", inspector="负载测试市委")
    unit = services.unit_named(rnd, "中共负载测试县某某局党组")
    User = get_user_model()
    hashed = make_password(PASSWORD)  # one hash for all: building stays fast, logins still verify
    aspect = services.add_finding(unit, Finding.Level.ASPECT, "负载测试方面")
    people = {"reporters": [], "office": [], "unit": unit.id, "measures": {}, "problems": []}
    for i in range(reporters):
        dept = services.department_named(unit, f"测试科室{i + 1:02d}")
        user = User.objects.create(username=f"tb{i + 1:02d}", password=hashed)
        Membership.objects.create(user=user, unit=unit, role=Role.REPORTER, department=dept)
        people["reporters"].append(user.username)
        ids = []
        for p in range(4):
            problem = services.add_finding(unit, Finding.Level.PROBLEM, f"科室{i + 1}的第{p + 1}个问题", parent=aspect)
            people["problems"].append(problem.id)
            for m in range(5):
                measure = services.add_measure(problem, f"科室{i + 1}问题{p + 1}的第{m + 1}条措施", leader="负载领导",
                                               lead_department=dept, person=f"责任人{i + 1}",
                                               deadline=today + dt.timedelta(days=1 + (m % 3)))
                ids.append(measure.id)
        people["measures"][user.username] = ids
    for i in range(office):
        user = User.objects.create(username=f"zgb{i + 1:02d}", password=hashed)
        Membership.objects.create(user=user, unit=unit, role=Role.OFFICE)
        people["office"].append(user.username)
    connections.close_all()
    return people


# ---------------------------------------------------------------- the simulated users


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []
        self.acked: set[str] = set()

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {detail}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base: str, stats: Stats):
        self.base, self.stats = base, stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, kind: str, path: str, data: bytes | None = None, headers: dict | None = None,
                expect=(200,), check: str | None = None) -> str | None:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as r:
                body, status = r.read().decode("utf-8", "replace"), r.status
        except urllib.error.HTTPError as e:
            body, status = e.read().decode("utf-8", "replace"), e.code
        except OSError as e:
            self.stats.record(kind, time.perf_counter() - started, False, repr(e))
            return None
        elapsed = time.perf_counter() - started
        ok = status in expect and (check is None or check in body)
        self.stats.record(kind, elapsed, ok, f"HTTP {status} {path}")
        return body if ok else None

    def login(self, username: str) -> bool:
        if self.request("login page", "/login/") is None:
            return False
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.request("login", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"},
                            expect=(302,)) is not None


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, ctype) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_report(s: Session, stats: Stats, kind: str, username: str, measure: int, n: int) -> None:
    text = f"{MARK} {username} 第{n}次 {uuid.uuid4().hex[:12]}：已完成阶段性工作，附佐证材料。"
    body, ctype = multipart({"text": text, "percent": str(min(90, n)), "csrfmiddlewaretoken": s.csrf()},
                            {"files": (f"佐证{n}.pdf", PDF, "application/pdf")})
    # As the page posts it (htmx): the answer is the refreshed panel with “进展已报送”.
    answer = s.request(kind, f"/flow/measures/{measure}/report/", body,
                       {"Content-Type": ctype, "HX-Request": "true", "X-CSRFToken": s.csrf()}, check="进展已报送")
    if answer is not None:
        with stats.lock:
            stats.acked.add(text)


def burst(base: str, stats: Stats, people: dict, n: int) -> None:
    """n reporters post at the same instant (the issue's 30 simultaneous posts)."""
    names = [people["reporters"][i % len(people["reporters"])] for i in range(n)]
    sessions = []
    for name in names:
        s = Session(base, stats)
        s.login(name)
        sessions.append(s)
    gate = threading.Barrier(n)

    def one(i: int) -> None:
        gate.wait()
        post_report(sessions[i], stats, "burst post", names[i], people["measures"][names[i]][0], 1000 + i)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def reporter(base: str, stats: Stats, username: str, measures: list[int], unit: int, stop: float, think: float) -> None:
    s = Session(base, stats)
    if not s.login(username):
        return
    n = 0
    while time.monotonic() < stop:
        time.sleep(random.uniform(0.5, 1.5) * think)
        measure = random.choice(measures)
        if random.random() < 0.3:
            s.request("reporter inbox", f"/flow/units/{unit}/")
            continue
        s.request("measure page", f"/flow/measures/{measure}/")
        n += 1
        post_report(s, stats, "post report", username, measure, n)


def office(base: str, stats: Stats, username: str, unit: int, problems: list[int], measures: list[int],
           stop: float, think: float) -> None:
    s = Session(base, stats)
    if not s.login(username):
        return
    pages = [("home", "/"), ("ledger", f"/units/{unit}/"), ("dashboard", f"/units/{unit}/dashboard/"),
             ("warnings", f"/units/{unit}/warnings/"), ("office inbox", f"/flow/units/{unit}/"),
             ("chart", f"/units/{unit}/dashboard/status.svg")]
    while time.monotonic() < stop:
        time.sleep(random.uniform(0.5, 1.5) * think)
        r = random.random()
        if r < 0.6:
            kind, path = random.choice(pages)
        elif r < 0.8:
            kind, path = "problem page", f"/problems/{random.choice(problems)}/"
        else:
            kind, path = "measure page", f"/flow/measures/{random.choice(measures)}/"
        s.request(kind, path)


# ---------------------------------------------------------------- run


def count_stored(acked: set[str]) -> tuple[int, int, int]:
    from django.db import connections

    from zhenggai.workflow.models import Evidence, ProgressReport

    stored = set(ProgressReport.objects.filter(text__startswith=MARK).values_list("text", flat=True))
    files = Evidence.objects.filter(report__text__startswith=MARK).count()
    connections.close_all()
    return len(acked & stored), len(stored), files


def run(args: argparse.Namespace) -> int:
    data = tempfile.mkdtemp(prefix="zhenggai-load-")
    port = free_port()
    os.environ.update({"ZHENGGAI_DATA_DIR": data, "ZHENGGAI_ALLOWED_HOSTS": "127.0.0.1,localhost",
                       "DJANGO_SETTINGS_MODULE": "zhenggai.web.settings"})
    os.environ.pop("SECRET_KEY", None)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    subprocess.run([sys.executable, "-m", "zhenggai", "manage", "migrate", "-v0"], env=env, check=True)
    from zhenggai.cli.serve_workers import default_workers

    workers = args.workers or default_workers("postgresql" if engine == "PostgreSQL" else "sqlite3")
    reporters = max(1, round(args.users * args.reporter_share))
    office_users = max(0, args.users - reporters)
    people = build(reporters, office_users)
    command = [sys.executable, "-m", "zhenggai", "serve", "--port", str(port), "--threads", str(args.threads)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/login/", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print(server.stdout.read() if server.stdout else "", file=sys.stderr)
                    print("服务未能启动", file=sys.stderr)
                    return 1
                time.sleep(0.3)
        stats = Stats()
        if args.burst:
            burst(base, stats, people, args.burst)
        all_measures = [m for ms in people["measures"].values() for m in ms]
        stop = time.monotonic() + args.seconds
        threads = []
        for name in people["reporters"]:
            threads.append(threading.Thread(target=reporter, args=(base, stats, name, people["measures"][name],
                                                                   people["unit"], stop, args.think)))
        for name in people["office"]:
            threads.append(threading.Thread(target=office, args=(base, stats, name, people["unit"], people["problems"],
                                                                 all_measures, stop, args.think)))
        started = time.monotonic()
        for t in threads:
            t.start()
            time.sleep(args.ramp / max(1, len(threads)))
        for t in threads:
            t.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        with contextlib.suppress(Exception):
            server.communicate(timeout=30)
    acked_stored, stored, files = count_stored(stats.acked)

    total = [t for ts in stats.times.values() for t in ts]
    errors = sum(stats.errors.values())
    print(f"zhenggai serve (waitress, {workers} × {args.threads} threads) on {engine}: {reporters} reporters + {office_users} office "
          f"users, {args.seconds:.0f} s, think time ~{args.think:.1f} s")
    print(f"{'request':<16}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in sorted(stats.times):
        ts = stats.times[kind]
        print(f"{kind:<16}{len(ts):>7}{stats.errors.get(kind, 0):>8}{percentile(ts, .5) * 1000:>9.0f}"
              f"{percentile(ts, .95) * 1000:>9.0f}{percentile(ts, .99) * 1000:>9.0f}")
    print(f"{'all':<16}{len(total):>7}{errors:>8}{percentile(total, .5) * 1000:>9.0f}"
          f"{percentile(total, .95) * 1000:>9.0f}{percentile(total, .99) * 1000:>9.0f}")
    steady_kinds = [k for k in stats.times if not k.startswith("login") and k != "burst post"]
    steady = [t for k in steady_kinds for t in stats.times[k]]
    print(f"{'browse + post':<16}{len(steady):>7}{sum(stats.errors.get(k, 0) for k in steady_kinds):>8}"
          f"{percentile(steady, .5) * 1000:>9.0f}{percentile(steady, .95) * 1000:>9.0f}{percentile(steady, .99) * 1000:>9.0f}")
    print(f"throughput {len(steady) / wall:.1f} requests/s (browse + post, after logins); errors: {errors}")
    for sample in stats.samples:
        print("  error:", sample)
    print(f"reports acknowledged {len(stats.acked)}, of them in the database {acked_stored} "
          f"(missing {len(stats.acked) - acked_stored}); report rows {stored}, evidence files {files}")
    ok = errors == 0 and acked_stored == len(stats.acked)
    print("OK: 0 errors, every acknowledged report stored" if ok else "NOT OK")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--think", type=float, default=1.0, help="mean seconds a user waits between requests")
    p.add_argument("--reporter-share", type=float, default=0.6, help="share of users who are reporters")
    p.add_argument("--threads", type=int, default=8, help="waitress threads")
    p.add_argument("--workers", type=int, default=None,
                   help="server processes (default: zhenggai serve's own, one per core up to 4 on PostgreSQL, 1 on SQLite)")
    # A login costs ~0.4 s of CPU (PBKDF2, Django's default); people arrive over a while, not at once.
    p.add_argument("--ramp", type=float, default=20.0, help="seconds over which users arrive (and log in)")
    p.add_argument("--burst", type=int, default=30, help="reporters posting at the same instant before the run (0: none)")
    p.add_argument("--sqlite", action="store_true", help="run on SQLite instead of starting PostgreSQL")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.sqlite or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if args.sqlite:
            os.environ["DATABASE_URL"] = ""
        return run(args)
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_server

    with pg_server.postgres_server() as url:
        os.environ["DATABASE_URL"] = url
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
