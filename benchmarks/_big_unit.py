"""The large unit both web benchmarks measure: 10 aspects, 1,000 problems, 4,000 measures.

Imported by benchmarks/ledger.py and benchmarks/workflow.py after they have set up
Django, so both measure the same ledger.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management import call_command

from zhenggai.ledger import services
from zhenggai.ledger.models import Finding, Measure

ASPECTS, PROBLEMS, MEASURES_PER_PROBLEM = 10, 1000, 4


def build_unit(today: dt.date):
    """A fresh round and unit with 12 departments; returns (unit, departments, measures)."""
    call_command("migrate", verbosity=0)
    rnd = services.round_named(f"基准测试轮次 {time.time_ns()}")
    unit = services.unit_named(rnd, "基准测试单位")
    depts = [services.department_named(unit, f"第{i}科") for i in range(1, 13)]
    aspects = Finding.objects.bulk_create(
        Finding(unit=unit, level=Finding.Level.ASPECT, title=f"第{a + 1}方面的问题", sort_key=f"{a + 1:04d}")
        for a in range(ASPECTS)
    )
    per = PROBLEMS // ASPECTS
    problems = Finding.objects.bulk_create(
        Finding(unit=unit, parent=aspects[p // per], level=Finding.Level.PROBLEM,
                title=f"第{p + 1}个问题：制度执行不到位，台账记录不完整，监督检查不够有力",
                sort_key=f"{p // per + 1:04d}.{p % per + 1:04d}")
        for p in range(PROBLEMS)
    )
    statuses = list(Measure.Status)
    measures = Measure.objects.bulk_create(
        Measure(finding=problems[i // MEASURES_PER_PROBLEM], position=i % MEASURES_PER_PROBLEM + 1,
                text=f"整改措施 {i + 1}：修订相关制度，建立工作台账，按月调度推进并通报进展情况",
                leader=f"领导{i % 7}", lead_department=depts[i % 12], person=f"责任人{i % 40}",
                deadline=today + dt.timedelta(days=(i % 200) - 60), status=statuses[i % 4])
        for i in range(PROBLEMS * MEASURES_PER_PROBLEM)
    )
    through = Measure.departments.through
    through.objects.bulk_create(
        through(measure_id=m.id, department_id=depts[(i + 3) % 12].id) for i, m in enumerate(measures) if i % 3 == 0
    )
    return unit, depts, measures


def analyze() -> None:
    """What autovacuum does within a minute of a bulk load (and zhenggai gen-load on SQLite);
    without statistics the planners pick nested loops over the fresh tables and pages take 5x longer."""
    from zhenggai.web.db import refresh_statistics

    refresh_statistics()
