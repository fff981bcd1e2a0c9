"""Pages, export and ``remind`` at 4,000 and at 240,000 measures: does the cost follow the work?

Builds two databases with zhenggai.ledger.loadgen (``zhenggai gen-load``): the small
preset (1 round × 40 units × 25 problems × 4 measures) and a province (50 rounds ×
40 units × 30 problems × 4 measures, ~12 progress reports each), each with one extra
unit of 10,000 measures for the export. Then, in each, it times the same pages of a
unit of the newest round (which looks alike in both) and prints p50/p95 at both sizes
with the ratio large/small of the medians.

Targets: pages p95 < 150 ms and flat (ratio < 1.2); 10,000-row export < 3 s; remind < 3 s.

    .venv/bin/python benchmarks/scale.py                      # SQLite, temporary data dirs
    .venv/bin/python benchmarks/scale.py --reuse /var/tmp/zg  # keep / reuse the databases there
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/scale.py   # PostgreSQL
    .venv/bin/python benchmarks/scale.py --rounds 10          # a smaller "large" database

Each size runs in its own process (Django settings are per process); the parent
prints the table. On PostgreSQL the two databases are created on the DATABASE_URL server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE_TARGET, RATIO_TARGET, EXPORT_TARGET, REMIND_TARGET = 0.150, 1.2, 3.0, 3.0
RUNS = 20
PREFIX = "模拟"
EXPORT_UNIT = "导出测试单位"
EXPORT_PROBLEMS = 2500  # × 4 measures = 10,000 ledger rows


# ---------------------------------------------------------------- child: one database
def _setup(reuse: bool) -> None:
    os.environ["ZHENGGAI_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["ZHENGGAI_EMAIL_BACKEND"] = "file"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    import django

    django.setup()


def _percentiles(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"p50": statistics.median(times), "p95": p95, "n": len(times)}


def child(size: str, rounds: int) -> None:
    """Build (or reuse) one database, then answer the parent's requests, one JSON line each:
    ``info``, ``time NAME RUNS`` (a list of seconds), ``remind`` (the daily run, once)."""
    _setup(reuse=True)
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zhenggai.ledger import loadgen
    from zhenggai.ledger.models import InspectionRound, Measure, Membership, Role, Unit
    from zhenggai.supervision.reminders import remind
    from zhenggai.web.db import refresh_statistics

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    shape = loadgen.SMALL if size == "small" else loadgen.Shape(rounds=rounds)
    built = None
    if not Unit.objects.filter(name=EXPORT_UNIT).exists():
        log = lambda line: print(f"  [{size}] {line}", file=sys.stderr, flush=True)  # noqa: E731
        t0 = time.perf_counter()
        gen = loadgen.generate(shape, prefix=PREFIX, today=today, progress=log)
        newest = InspectionRound.objects.order_by("start", "id").last()
        loadgen.add_big_unit(newest, EXPORT_UNIT, EXPORT_PROBLEMS, today=today)
        refresh_statistics()  # as zhenggai gen-load does, on SQLite and PostgreSQL
        # Yesterday's cron run, so that today's is the ordinary daily one.
        t1 = time.perf_counter()
        first = remind(today - dt.timedelta(days=1))
        built = {"generate_s": t1 - t0, "first_remind_s": time.perf_counter() - t1,
                 "first_remind_created": first.created, "summary": gen.summary()}
        refresh_statistics()
    unit = Unit.objects.get(name=f"{PREFIX}单位01-001")
    big = Unit.objects.get(name=EXPORT_UNIT)
    office = Membership.objects.get(unit=unit, role=Role.OFFICE).user
    inspection = Membership.objects.filter(unit__inspection=unit.inspection, role=Role.INSPECTION_OFFICE).first().user
    reporter = Membership.objects.filter(unit=unit, role=Role.REPORTER).order_by("id").first().user
    measure = Measure.objects.active().filter(finding__unit=unit, status=Measure.Status.IN_PROGRESS).order_by("id").first()
    big_office = Membership.objects.get(unit=big, role=Role.OFFICE).user
    clients = {}
    for name, user in (("office", office), ("inspection", inspection), ("reporter", reporter), ("big", big_office)):
        clients[name] = Client()
        clients[name].force_login(user)

    def get(who, url, params=None, must=b""):
        def run():
            r = clients[who].get(url, params or {})
            assert r.status_code == 200, (url, r.status_code)
            assert must in r.content, url
        return run

    def export():
        r = clients["big"].get(f"/units/{big.id}/export.xlsx")
        assert r.status_code == 200 and r.content[:2] == b"PK"

    jobs = {
        "home (inspection office)": get("inspection", "/"),
        "ledger page": get("office", f"/units/{unit.id}/", must=b"measure-"),
        "unit dashboard": get("office", f"/units/{unit.id}/dashboard/", must="督办看板".encode()),
        "round overview": get("inspection", f"/rounds/{unit.inspection_id}/overview/"),
        "warnings (red)": get("office", f"/units/{unit.id}/warnings/", {"level": "red"}),
        "warnings (yellow)": get("office", f"/units/{unit.id}/warnings/", {"level": "yellow"}),
        "measure page": get("office", f"/flow/measures/{measure.id}/"),
        "inbox (office)": get("office", f"/flow/units/{unit.id}/"),
        "inbox (reporter)": get("reporter", f"/flow/units/{unit.id}/"),
        "notifications": get("office", "/notifications/"),
        "export xlsx": export,
        "remind (re-run)": lambda: remind(today),
    }
    for fn in jobs.values():  # warm templates, caches, connections
        if fn is not jobs["remind (re-run)"] and fn is not export:
            fn()

    def answer(obj) -> None:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    for line in sys.stdin:
        cmd, *rest = line.split()
        if cmd == "info":
            answer({"vendor": connection.vendor, "measures": Measure.objects.count(), "units": Unit.objects.count(),
                    "export_rows": Measure.objects.active().filter(finding__unit=big).count(),
                    "built": built, "jobs": list(jobs)})
        elif cmd == "time":
            *name, runs = rest
            fn = jobs[" ".join(name)]
            times = []
            for _ in range(int(runs)):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            answer(times)
        elif cmd == "remind":
            t0 = time.perf_counter()
            daily = remind(today)
            answer({"seconds": time.perf_counter() - t0, "summary": daily.summary()})
        elif cmd == "quit":
            return


# ---------------------------------------------------------------- parent: two databases, one table
def _pg_url(base: str, name: str) -> str:
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base)
    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


class Child:
    """One database in its own process (Django settings are per process), asked line by line."""

    def __init__(self, size: str, args) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.join(os.path.dirname(HERE), "src"), env.get("PYTHONPATH")) if p)
        tag = f"{size}{'' if size == 'small' else args.rounds}"
        if env.get("DATABASE_URL", "").startswith("postgres"):
            env["DATABASE_URL"] = _pg_url(env["DATABASE_URL"], f"zhenggai_scale_{tag}")
            env["ZHENGGAI_DATA_DIR"] = tempfile.mkdtemp(prefix="zhenggai-scale-")
        else:
            env["DATABASE_URL"] = ""
            base = args.reuse or tempfile.mkdtemp(prefix="zhenggai-scale-")
            env["ZHENGGAI_DATA_DIR"] = os.path.join(base, tag)
            os.makedirs(env["ZHENGGAI_DATA_DIR"], exist_ok=True)
        print(f"building / opening the {size} database ({env['DATABASE_URL'] or env['ZHENGGAI_DATA_DIR']}) …",
              file=sys.stderr, flush=True)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--child", size, "--rounds", str(args.rounds)],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.info = self.ask("info")

    def ask(self, line: str):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        out = self.proc.stdout.readline()
        if not out:
            raise SystemExit(f"benchmark process failed (exit {self.proc.wait()})")
        return json.loads(out)

    def close(self) -> None:
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait()


def measure(small: Child, large: Child) -> tuple[dict, dict]:
    """Alternate the two databases in short bursts, so that load from other work on the
    machine falls on both sizes alike and the ratio measures the database, not the moment."""
    times = {"small": {}, "large": {}}
    # Today's cron run first (it sends what became due since yesterday's); the re-runs follow.
    daily = {size: child.ask("remind") for size, child in (("small", small), ("large", large))}
    for name in small.info["jobs"]:
        bursts, runs = (3, 1) if name.startswith(("export", "remind")) else (4, RUNS // 4)
        for size in times:
            times[size][name] = []
        for _ in range(bursts):
            for size, child in (("small", small), ("large", large)):
                times[size][name] += child.ask(f"time {name} {runs}")
    for size in times:
        times[size] = {n: _percentiles(t) for n, t in times[size].items()}
        times[size]["remind (daily run)"] = _percentiles([daily[size]["seconds"]])
    small.info["remind"], large.info["remind"] = daily["small"]["summary"], daily["large"]["summary"]
    small.info["times"], large.info["times"] = times["small"], times["large"]
    return small.info, large.info


def report(small: dict, large: dict) -> bool:
    print(f"\nscale benchmark on {small['vendor']}: small {small['measures']:,} measures / {small['units']} units, "
          f"large {large['measures']:,} measures / {large['units']} units")
    for label, d in (("small", small), ("large", large)):
        if d["built"]:
            b = d["built"]
            print(f"  built {label}: {b['summary']}; generated in {b['generate_s']:.0f} s; "
                  f"first remind {b['first_remind_s']:.1f} s ({b['first_remind_created']} reminders)")
    print(f"  remind today (large): {large['remind']}")
    print(f"\n{'':30} {'small p50':>10} {'p95':>8}   {'large p50':>10} {'p95':>8}   {'ratio':>6}  target")
    ok = True
    for name, s in small["times"].items():
        lg = large["times"][name]
        ratio = lg["p50"] / s["p50"] if s["p50"] else float("nan")
        if name.startswith("export"):
            target, good = f"< {EXPORT_TARGET:.0f} s", lg["p95"] < EXPORT_TARGET
        elif name.startswith("remind"):
            target, good = f"< {REMIND_TARGET:.0f} s", lg["p95"] < REMIND_TARGET
        else:
            target = f"p95 < {PAGE_TARGET * 1000:.0f} ms, ratio < {RATIO_TARGET}"
            good = lg["p95"] < PAGE_TARGET and s["p95"] < PAGE_TARGET and ratio < RATIO_TARGET
        ok &= good
        unit, k = ("s", 1) if s["p50"] >= 1 or lg["p50"] >= 1 else ("ms", 1000)
        shown = f"{name} ({large['export_rows']:,} rows)" if name.startswith("export") else name
        print(f"{shown:30} {s['p50'] * k:8.1f}{unit:2} {s['p95'] * k:6.1f}{unit:2}   {lg['p50'] * k:8.1f}{unit:2} "
              f"{lg['p95'] * k:6.1f}{unit:2}   {ratio:6.2f}  {target}{'' if good else '  MISSED'}")
    print("\nOK" if ok else "\nSOME TARGETS MISSED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["small", "large"], help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=50, help="rounds of the large database (default 50: 240,000 measures)")
    parser.add_argument("--reuse", help="SQLite: keep the databases in this directory and reuse them on the next run")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rounds)
        return 0
    small, large = Child("small", args), Child("large", args)
    try:
        figures = measure(small, large)
    finally:
        small.close()
        large.close()
    return 0 if report(*figures) else 1


if __name__ == "__main__":
    sys.exit(main())
