"""The public side and the API at size: the public report page and the API's measure list, p95.

Builds the shared large unit (benchmarks/_big_unit.py: 1,000 problems, 4,000 measures), issues
its 通报 and approves it for publication, then times (N runs each, p50 and p95 printed):

- GET /gk/r/<public id>/       the public report page (a 1,000-problem report), anonymous
- GET /gk/<unit public id>/    the unit's public page
- GET /api/v1/units/<id>/measures?limit=50            first page, with a token
- GET /api/v1/units/<id>/measures?limit=50&offset=N   a deep page
- GET /api/v1/units/<id>/measures?overdue=true&limit=50

``--extra-units K`` adds K more units of 4,000 measures each to the same table first (the
issue's 240,000 measures is ``--extra-units 59``; it takes about 3 minutes to build). Target p95 < 100 ms.
Statistics are gathered after the bulk load (ANALYZE), as autovacuum / ``PRAGMA optimize`` would.

    .venv/bin/python benchmarks/public.py [--extra-units 9] [--runs 30]
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/public.py --extra-units 59
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("ZHENGGAI_DATA_DIR", tempfile.mkdtemp(prefix="zhenggai-bench-"))
os.environ["ZHENGGAI_ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
sys.path.insert(0, os.path.dirname(__file__))

import django

django.setup()

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from _big_unit import analyze, build_unit

from zhenggai.api import tokens
from zhenggai.ledger.models import Finding, Measure, Membership, Role
from zhenggai.public import publishing
from zhenggai.reports import services as reports

TARGET = 0.100


def extra_units(k: int, template) -> None:
    """K more units, each with the template unit's 1,000 problems and 4,000 measures (bulk copies)."""
    from zhenggai.ledger import services

    src_findings = list(Finding.objects.filter(unit=template).order_by("sort_key"))
    src_measures = list(Measure.objects.filter(finding__unit=template).values("finding_id", "position", "text", "status",
                                                                              "deadline", "leader", "person"))
    for n in range(k):
        unit = services.unit_named(template.inspection, f"基准测试单位{n + 2}")
        ids = {}
        aspects = [f for f in src_findings if f.parent_id is None]
        made = Finding.objects.bulk_create(Finding(unit=unit, level=f.level, title=f.title, sort_key=f.sort_key) for f in aspects)
        ids.update({a.id: b.id for a, b in zip(aspects, made)})
        rest = [f for f in src_findings if f.parent_id is not None]
        made = Finding.objects.bulk_create(Finding(unit=unit, parent_id=ids[f.parent_id], level=f.level, title=f.title,
                                                   sort_key=f.sort_key) for f in rest)
        ids.update({a.id: b.id for a, b in zip(rest, made)})
        Measure.objects.bulk_create((Measure(**{**m, "finding_id": ids[m["finding_id"]]}) for m in src_measures), batch_size=5000)


def timed(client: Client, url: str, runs: int, **headers) -> tuple[float, float, int]:
    times = []
    status = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(url, **headers)
        times.append(time.perf_counter() - t0)
        status = r.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, status


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra-units", type=int, default=0)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    t0 = time.perf_counter()
    unit, depts, _ = build_unit(timezone.localdate())
    office = get_user_model().objects.create_user(username=f"bench{time.time_ns()}", password="x" * 12)
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    extra_units(args.extra_units, unit)
    analyze()  # both databases: without statistics SQLite walks the archived_at index over every unit's measures
    total = Measure.objects.count()
    issued = reports.issue(reports.draft_for(unit, "progress", office), office)
    pub = publishing.approve(issued, office)
    key = tokens.create(office, "benchmark")[1]
    print(f"built in {time.perf_counter() - t0:.1f} s: {total:,} measures in the table, "
          f"{Measure.objects.filter(finding__unit=unit).count():,} in the measured unit, "
          f"{len(pub.items):,} rateable problems; database {django.db.connection.vendor}")
    anon, api = Client(), Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    rows = [
        ("public report page", anon, f"/gk/r/{pub.public_id}/", {}),
        ("public unit page", anon, f"/gk/{unit.public_id}/", {}),
        ("API measures, first page", api, f"/api/v1/units/{unit.public_id}/measures?limit=50", auth),
        ("API measures, offset 3,900", api, f"/api/v1/units/{unit.public_id}/measures?limit=50&offset=3900", auth),
        ("API measures, overdue", api, f"/api/v1/units/{unit.public_id}/measures?overdue=true&limit=50", auth),
    ]
    worst = 0.0
    for label, client, url, headers in rows:
        client.get(url, **headers)  # warm
        p50, p95, status = timed(client, url, args.runs, **headers)
        worst = max(worst, p95)
        mark = "ok" if p95 < TARGET else "SLOW"
        print(f"{label:30s} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (HTTP {status}) {mark}")
    print(f"target p95 < {TARGET * 1000:.0f} ms: {'met' if worst < TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
