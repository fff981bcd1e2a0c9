"""The .docx of a unit with 200 problems and 800 measures (10 aspects). Target: < 1 s.

Times the whole path a download takes (ledger read → compose → .docx) and the
.docx writing alone; prints the median of several runs:

    .venv/bin/python benchmarks/report.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("ZHENGGAI_DATA_DIR", tempfile.mkdtemp(prefix="zhenggai-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import transaction

from zhenggai.ledger import services
from zhenggai.ledger.models import Finding, Measure
from zhenggai.reports.compose import compose_public
from zhenggai.reports.data import report_data
from zhenggai.reports.render_docx import render_docx

ASPECTS, PROBLEMS, MEASURES_PER_PROBLEM = 10, 200, 4
TARGET = 1.0
STATUSES = [Measure.Status.COMPLETED, Measure.Status.IN_PROGRESS, Measure.Status.NOT_STARTED, Measure.Status.LONG_TERM]


@transaction.atomic
def build():
    rnd = services.round_named(f"报告基准测试 {time.time_ns()}", inspector="基准市委")
    unit = services.unit_named(rnd, "中共基准县测试局党组", group="基准市委第一巡察组", feedback_date=dt.date(2025, 3, 1))
    today = dt.date.today()
    for a in range(ASPECTS):
        aspect = services.add_finding(unit, Finding.Level.ASPECT, f"第{a + 1}个测试方面的问题")
        for p in range(PROBLEMS // ASPECTS):
            problem = services.add_finding(unit, Finding.Level.PROBLEM, f"测试问题{a + 1}-{p + 1}：相关工作制度执行不严格", parent=aspect)
            for m in range(MEASURES_PER_PROBLEM):
                services.add_measure(
                    problem,
                    f"针对第{m + 1}个环节，梳理现行做法，修订工作规程并组织全员培训，按月检查执行情况并通报结果",
                    status=STATUSES[(p + m) % 4],
                    deadline=today + dt.timedelta(days=(m - 1) * 30),
                    progress="已印发规程，培训已完成两期。" if m % 2 else "",
                )
    return unit


def main() -> int:
    call_command("migrate", verbosity=0)
    unit = build()
    full, write = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        doc = compose_public(report_data(unit, dt.date.today()))
        t1 = time.perf_counter()
        data = render_docx(doc)
        t2 = time.perf_counter()
        full.append(t2 - t0)
        write.append(t2 - t1)
    f, w = statistics.median(full), statistics.median(write)
    print(f"{PROBLEMS} problems, {PROBLEMS * MEASURES_PER_PROBLEM} measures, {len(doc.paras)} paragraphs, {len(data) // 1024} KB")
    print(f"ledger → .docx: {f * 1000:.0f} ms (writing the .docx alone: {w * 1000:.0f} ms); target < {TARGET * 1000:.0f} ms")
    return 0 if f < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
