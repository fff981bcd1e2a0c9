"""The supervision dashboard (整改监督看板) over a round of many units.

Builds a round of UNITS units (default 40 × 25 problems × 4 measures = 4,000 measures, a
third completed), then prints, for 10 units and for all of them, the number of queries and
the median time of GET /oversight/ for the 巡察办: the query count must not grow with units.

    .venv/bin/python benchmarks/oversight.py [UNITS]
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/oversight.py
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

import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from zhenggai.ledger import services, tree
from zhenggai.ledger.models import BodyKind, Finding, Grant, GrantRole, Measure

PROBLEMS, PER = 25, 4
WORDS = ("建立台账", "召开专题会议", "进一步加强管理", "修订管理办法", "开展专项检查", "追回违规资金")


def build(n_units: int):
    call_command("migrate", verbosity=0)
    today = dt.date.today()
    level = tree.child(None, BodyKind.LEVEL, f"基准市{time.time_ns()}")
    body = tree.child(level, BodyKind.INSPECTING, "基准巡察办")
    rnd = services.round_named("基准轮次", body=body)
    units = []
    for u in range(n_units):
        unit = services.unit_named(rnd, f"基准单位{u + 1:03d}")
        units.append(unit)
        problems = Finding.objects.bulk_create(
            Finding(unit=unit, level=Finding.Level.PROBLEM, title=f"第{p + 1}个问题：制度执行不到位", sort_key=f"{p + 1:04d}")
            for p in range(PROBLEMS))
        Measure.objects.bulk_create(
            Measure(finding=problems[i // PER], position=i % PER, text=f"{WORDS[i % len(WORDS)]}（第{i}项）", person="张三",
                    deadline=today + dt.timedelta(days=(i % 90) - 30),
                    status=Measure.Status.COMPLETED if i % 3 == 0 else Measure.Status.IN_PROGRESS)
            for i in range(PROBLEMS * PER))
    user = get_user_model().objects.create_user(username=f"bench{time.time_ns()}", password="x" * 12)
    Grant.objects.create(user=user, role=GrantRole.INSPECTION_OFFICE, body=body)
    return rnd, units, user


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(3):
        t = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - t)
    return count[0], statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    rnd, units, user = build(n)
    c = Client()
    c.force_login(user)
    small = Client()
    small.force_login(user)
    # 10 units: archive the rest for the first measurement, then bring them back.
    from django.utils import timezone

    from zhenggai.ledger.models import Unit

    rest = [u.id for u in units[10:]]
    Unit.objects.filter(id__in=rest).update(archived_at=timezone.now())
    q10, t10 = measure(small, "/oversight/")
    Unit.objects.filter(id__in=rest).update(archived_at=None)
    qn, tn = measure(c, "/oversight/")
    print(f"整改监督看板  10 个单位: {q10} 次查询, {t10 * 1000:.0f} ms")
    print(f"整改监督看板 {n:3d} 个单位: {qn} 次查询, {tn * 1000:.0f} ms（{n * PROBLEMS * PER} 条措施）")
    print("查询次数不随单位数增长" if qn <= q10 + 2 else "!!! 查询次数随单位数增长")


if __name__ == "__main__":
    main()
