"""Access over the tree: a user holding grants over 2,000 units vs a user holding one round.

Builds a province with zhenggai.ledger.loadgen (50 rounds × 40 units × 30 problems × 4
measures = 240,000 measures by default), hangs every round under one 巡视办 body, and
gives one user a grant over that body (all 2,000 units) and another a grant over the
newest round only (40 units). Both hold the same role, so they see the same pages; it
times the ledger page, the unit dashboard and the round overview of a unit of the newest
round, and the home page, as each, and prints p50/p95 and the ratio of the medians.

Target: on the ledger, the dashboard and the overview, the user with 2,000 units within 20% of
the one-round user (ratio ≤ 1.2). The home page is printed for reference: it pages through 50
times more units.

    .venv/bin/python benchmarks/access.py                     # SQLite in a temporary data dir
    .venv/bin/python benchmarks/access.py --rounds 10         # 48,000 measures, quicker
    .venv/bin/python benchmarks/access.py --reuse /var/tmp/zg-access
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/access.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

RUNS = 20
TARGET = 1.2


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=50)
    p.add_argument("--runs", type=int, default=RUNS)
    p.add_argument("--reuse", help="keep the generated database in this data directory (SQLite)")
    args = p.parse_args()
    data = args.reuse or tempfile.mkdtemp(prefix="zg-access-")
    os.makedirs(data, exist_ok=True)
    os.environ.setdefault("ZHENGGAI_DATA_DIR", data)
    os.environ["ZHENGGAI_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zhenggai.ledger import loadgen, tree
    from zhenggai.ledger.models import BodyKind, Grant, GrantRole, InspectionRound, Measure, Unit

    call_command("migrate", verbosity=0)
    prefix = "模拟"
    if not Unit.objects.filter(name__startswith=prefix).exists():
        t0 = time.perf_counter()
        gen = loadgen.generate(loadgen.Shape(rounds=args.rounds), prefix=prefix, today=timezone.localdate(),
                               progress=lambda line: print("  " + line, file=sys.stderr, flush=True))
        print(f"生成 built: {gen.summary()}（{time.perf_counter() - t0:.0f} 秒）")
    level = tree.child(None, BodyKind.LEVEL, f"{prefix}省")
    body = tree.child(level, BodyKind.INSPECTING, f"{prefix}省委巡视办")
    InspectionRound.objects.filter(name__startswith=prefix).update(body=body)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    newest = InspectionRound.objects.filter(body=body).order_by("start", "id").last()
    unit = Unit.objects.filter(inspection=newest).order_by("name").first()
    User = get_user_model()
    wide, _ = User.objects.get_or_create(username="access-wide", defaults={"last_name": "全省"})
    narrow, _ = User.objects.get_or_create(username="access-narrow", defaults={"last_name": "一轮"})
    if not Grant.objects.filter(user=wide).exists():
        Grant.objects.create(user=wide, role=GrantRole.INSPECTION_OFFICE, body=body)
    Grant.objects.filter(user=narrow).exclude(inspection=newest).update(archived_at=timezone.now())
    if not Grant.objects.active().filter(user=narrow, inspection=newest).exists():
        Grant.objects.create(user=narrow, role=GrantRole.INSPECTION_OFFICE, inspection=newest)

    from zhenggai.ledger.access import visible_units

    n_wide, n_narrow = visible_units(wide).count(), visible_units(narrow).count()
    print(f"数据库 {connection.vendor}: {Measure.objects.count():,} 条措施, {Unit.objects.count():,} 个单位; "
          f"全省授权可见 {n_wide:,} 个单位，一轮授权可见 {n_narrow:,} 个单位")
    clients = {}
    for name, user in (("wide", wide), ("narrow", narrow)):
        clients[name] = Client()
        clients[name].force_login(user)
    pages = {
        "ledger page": f"/units/{unit.id}/",
        "unit dashboard": f"/units/{unit.id}/dashboard/",
        "round overview": f"/rounds/{newest.id}/overview/",
        "home": "/",
    }

    def timed(who: str, url: str) -> list[float]:
        c = clients[who]
        assert c.get(url).status_code == 200, (who, url)  # warm
        out = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = c.get(url)
            out.append(time.perf_counter() - t)
            assert r.status_code == 200, (who, url, r.status_code)
        return sorted(out)

    def p95(xs: list[float]) -> float:
        return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]

    print(f"{'page':<16} {'1 round p50/p95 ms':>20} {'2,000 units p50/p95 ms':>24} {'ratio':>7}")
    worst = 0.0
    for name, url in pages.items():
        a, b = timed("narrow", url), timed("wide", url)
        ratio = statistics.median(b) / statistics.median(a)
        if name != "home":  # the target names the unit's pages; home lists 50 times more units, shown for reference
            worst = max(worst, ratio)
        print(f"{name:<16} {statistics.median(a) * 1000:>9.0f} / {p95(a) * 1000:<8.0f} "
              f"{statistics.median(b) * 1000:>11.0f} / {p95(b) * 1000:<10.0f} {ratio:>6.2f}")
    verdict = "达标 met" if worst <= TARGET else "未达标 missed"
    print(f"台账、看板、总览的最大比值 worst ratio of ledger/dashboard/overview {worst:.2f}（目标 ≤ {TARGET}）: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
