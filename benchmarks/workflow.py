"""Supervision with 4,000 measures and 40,000 progress reports in one unit.

Prints the median time of the dashboard page, the overdue list (红色预警, first page
of 100 rows), the three dashboard charts, and ``remind`` (first run, then a re-run
that must send nothing). Targets: dashboard < 200 ms, overdue list < 200 ms.
Uses a temporary SQLite data dir (or DATABASE_URL if set), e.g. on PostgreSQL:

    .venv/bin/python benchmarks/workflow.py
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/workflow.py
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
os.environ["ZHENGGAI_EMAIL_BACKEND"] = "file"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from _big_unit import PROBLEMS, analyze, build_unit

from zhenggai.ledger.models import Measure, Membership, Role
from zhenggai.supervision.reminders import remind

REPORTS_PER_MEASURE = 10
TARGET = 0.200


def build():
    unit, depts, measures = build_unit(timezone.localdate())
    User = get_user_model()
    office = User.objects.create_user(username=f"bench{time.time_ns()}", password="x" * 12, email="office@example.invalid")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    for i, d in enumerate(depts):
        u = User.objects.create_user(username=f"rep{i}-{time.time_ns()}", email=f"rep{i}@example.invalid")
        Membership.objects.create(user=u, unit=unit, role=Role.REPORTER, department=d)
    reports = _progress_reports(measures, office)
    analyze()
    return unit, office, reports


def _progress_reports(measures, author) -> str:
    try:
        from zhenggai.workflow.models import ProgressReport
    except ImportError:
        return "no progress reports (zhenggai.workflow not installed): measures only"
    now = timezone.now()
    ProgressReport.objects.bulk_create(
        (ProgressReport(measure=m, author=author, created_at=now - dt.timedelta(days=7 * k + i % 7),
                        text=f"第{k + 1}次进展：已按计划推进，相关材料已归档", percent=min(100, 10 * (k + 1)))
         for i, m in enumerate(measures) for k in range(REPORTS_PER_MEASURE)),
        batch_size=5000,
    )
    return f"{ProgressReport.objects.filter(measure__finding__unit=measures[0].finding.unit).count()} progress reports"


def dashboard_has_reports() -> bool:
    from zhenggai.supervision.dashboard import reports_available

    return reports_available()


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    unit, user, reports = build()
    client = Client()
    client.force_login(user)

    def get(url, params=None, must=b""):
        def run():
            r = client.get(url, params or {})
            assert r.status_code == 200 and must in r.content, url
        return run

    dashboard = get(f"/units/{unit.id}/dashboard/", must="督办看板".encode())
    overdue = get(f"/units/{unit.id}/warnings/", {"level": "red"}, must="逾期".encode())
    reports_panel = get(f"/units/{unit.id}/dashboard/reports/", must="本期进展报送".encode())
    charts = [get(f"/units/{unit.id}/dashboard/{name}.svg", must=b"<svg") for name in ("status", "aspects", "departments")]
    dashboard(), overdue(), [c() for c in charts]  # warm up templates, matplotlib
    n = Measure.objects.active().filter(finding__unit=unit).count()
    t_dash = median_time(dashboard, 15)
    t_over = median_time(overdue, 15)
    t_charts = [median_time(c, 5) for c in charts]
    from zhenggai.supervision import charts as chart_module

    def cold_chart():
        chart_module._stacked.cache_clear()
        charts[1]()

    t_cold = median_time(cold_chart, 3)
    t_reports = median_time(reports_panel, 5) if dashboard_has_reports() else None
    t0 = time.perf_counter()
    first = remind(units=[unit])
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = remind(units=[unit])
    t_again = time.perf_counter() - t0
    assert again.created == 0, "remind is not idempotent"
    print(f"unit with {PROBLEMS} problems, {n} measures, {reports} ({django.db.connection.vendor})")
    print(f"dashboard page               median {t_dash * 1000:7.1f} ms  target < {TARGET * 1000:.0f} ms")
    print(f"overdue list (red, 100/page) median {t_over * 1000:7.1f} ms  target < {TARGET * 1000:.0f} ms")
    for name, t in zip(("status", "aspects", "departments"), t_charts):
        print(f"chart {name + '.svg':22} median {t * 1000:7.1f} ms  (loaded by the page as <img>)")
    print(f"chart aspects.svg, no cache  median {t_cold * 1000:7.1f} ms  (first draw of new figures)")
    if t_reports is not None:
        print(f"reports-due panel (HTMX)     median {t_reports * 1000:7.1f} ms  (zhenggai.workflow due_reports + missing_reporters,"
              " loaded after the page)")
    print(f"remind, first run            {t_first:7.2f} s   {first.created} reminders, {first.emailed} e-mails")
    print(f"remind, re-run               {t_again:7.2f} s   {again.created} new (idempotent)")
    ok = t_dash < TARGET and t_over < TARGET
    print("OK" if ok else "SLOWER THAN TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
