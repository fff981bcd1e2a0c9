"""Ledger page and xlsx export with 1,000 problems and 4,000 measures in one unit.

Prints the median of several runs. Targets: page < 150 ms, export < 3 s.
Uses a temporary SQLite data dir (or DATABASE_URL if set), e.g. on PostgreSQL:

    .venv/bin/python benchmarks/ledger.py
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/ledger.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("ZHENGGAI_DATA_DIR", tempfile.mkdtemp(prefix="zhenggai-bench-"))
os.environ["ZHENGGAI_ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from _big_unit import PROBLEMS, analyze, build_unit  # noqa: E402

from zhenggai.ledger import exporting, lists  # noqa: E402
from zhenggai.ledger.models import Measure, Membership, Role  # noqa: E402

PAGE_TARGET, EXPORT_TARGET = 0.150, 3.0


def build():
    unit, depts, measures = build_unit(dt.date.today())
    analyze()
    user = get_user_model().objects.create_user(username=f"bench{time.time_ns()}", password="x" * 12)
    Membership.objects.create(user=user, unit=unit, role=Role.OFFICE)
    return unit, user


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    unit, user = build()
    client = Client()
    client.force_login(user)
    url = f"/units/{unit.id}/"

    def page():
        r = client.get(url)
        assert r.status_code == 200 and b"measure-" in r.content

    def filtered():
        r = client.get(url, {"overdue": "on", "q": "制度", "page": "3"})
        assert r.status_code == 200

    def export():
        assert exporting.xlsx_bytes(unit)[:2] == b"PK"

    def export_all():
        assert exporting.xlsx_bytes(unit, list(lists.LISTS))[:2] == b"PK"

    page()  # warm up templates and caches
    n = Measure.objects.active().filter(finding__unit=unit).count()
    t_page = median_time(page, 15)
    t_filtered = median_time(filtered, 15)
    t_export = median_time(export, 5)
    t_all = median_time(export_all, 3)
    print(f"unit with {PROBLEMS} problems, {n} measures ({django.db.connection.vendor})")
    print(f"ledger page (100 rows/page)  median {t_page * 1000:7.1f} ms  target < {PAGE_TARGET * 1000:.0f} ms")
    print(f"ledger page, filtered, p.3   median {t_filtered * 1000:7.1f} ms")
    print(f"xlsx export, full ledger     median {t_export:7.2f} s   target < {EXPORT_TARGET:.0f} s  (台账 + 问题清单)")
    print(f"xlsx export, all four lists  median {t_all:7.2f} s   (台账 问题 任务 责任清单)")
    ok = t_page < PAGE_TARGET and t_export < EXPORT_TARGET
    print("OK" if ok else "SLOWER THAN TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
