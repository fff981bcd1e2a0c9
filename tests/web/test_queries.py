"""Cost follows the work: the main pages and the admin lists make the same number of queries
however large the database and the unit grow (no query per row, per unit or per round).

Data comes from zhenggai.ledger.loadgen (what ``zhenggai gen-load`` writes), at toy sizes:
first one round of small units, then the same pages again after two more rounds of
larger units were added, and on one of those larger units.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhenggai.ledger import loadgen
from zhenggai.ledger.models import Measure, Membership, Role, Unit
from zhenggai.supervision.reminders import remind

SMALL = loadgen.Shape(rounds=1, units=2, problems=4, measures=2, reports=2)
LARGE = loadgen.Shape(rounds=2, units=4, problems=12, measures=3, reports=4)


def _count(client: Client, url: str, params: dict | None = None) -> int:
    client.get(url, params or {})  # warm: sessions, caches, lazily created settings rows
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _pages(prefix: str) -> dict[str, int]:
    """Query counts of every main page for the first unit of the newest round named with prefix."""
    unit = Unit.objects.get(name=f"{prefix}单位01-001")
    office = _client(Membership.objects.get(unit=unit, role=Role.OFFICE).user)
    reporter = _client(Membership.objects.filter(unit=unit, role=Role.REPORTER).order_by("id").first().user)
    inspection = _client(Membership.objects.get(unit__inspection=unit.inspection, role=Role.INSPECTION_OFFICE).user)
    measure = Measure.objects.filter(finding__unit=unit, status=Measure.Status.IN_PROGRESS).order_by("id").first()
    return {
        "home (office)": _count(office, "/"),
        "home (inspection office)": _count(inspection, "/"),
        "ledger": _count(office, f"/units/{unit.id}/"),
        "ledger, filtered": _count(office, f"/units/{unit.id}/", {"status": "in_progress", "q": "制度"}),
        "ledger (reporter)": _count(reporter, f"/units/{unit.id}/"),
        "dashboard": _count(office, f"/units/{unit.id}/dashboard/"),
        "warnings red": _count(office, f"/units/{unit.id}/warnings/", {"level": "red"}),
        "warnings yellow": _count(office, f"/units/{unit.id}/warnings/", {"level": "yellow"}),
        "inbox (office)": _count(office, f"/flow/units/{unit.id}/"),
        "inbox (reporter)": _count(reporter, f"/flow/units/{unit.id}/"),
        "round overview": _count(inspection, f"/rounds/{unit.inspection_id}/overview/"),
        "measure page": _count(office, f"/flow/measures/{measure.id}/"),
        "notifications": _count(office, "/notifications/"),
    }


ADMIN_LISTS = [
    "ledger/measure", "ledger/membership", "ledger/department", "ledger/unit", "ledger/finding",
    "ledger/inspectionround", "supervision/notification", "supervision/reminderlog",
    "workflow/progressreport", "workflow/closerequest", "workflow/workflowsettings",
]


def _admin(client: Client) -> dict[str, int]:
    return {name: _count(client, f"/admin/{name}/") for name in ADMIN_LISTS}


@pytest.fixture
def province(db):
    today = timezone.localdate()
    loadgen.generate(SMALL, prefix="甲", today=today)
    remind(today)  # notifications and reminder logs exist from the start

    def grow():
        loadgen.generate(LARGE, prefix="乙", today=today)
        remind(today)

    return grow


def test_main_pages_make_the_same_number_of_queries_as_the_data_grows(province):
    before = _pages("甲")
    province()
    assert Measure.objects.count() == SMALL.total_measures + LARGE.total_measures
    after = _pages("甲")
    larger_unit = _pages("乙")  # 36 measures instead of 8, more reports, more departments' work
    assert after == before
    assert larger_unit == before


def test_admin_lists_make_a_bounded_number_of_queries(province, django_user_model):
    admin = _client(django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only"))
    before = _admin(admin)
    province()
    after = _admin(admin)
    assert after == before
    # Bounded, not merely equal: a page of 50 rows costs a handful of queries, not one per row.
    assert max(after.values()) <= 12, after


def test_home_pages_through_units_and_keeps_the_search(db, django_user_model):
    loadgen.generate(loadgen.Shape(rounds=2, units=30, problems=1, measures=1, reports=0), prefix="丙")
    client = _client(django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only"))
    first = client.get("/").content.decode()
    assert first.count(">丙单位") == 50
    assert "第 1 / 2 页（共 60 条）" in first
    second = client.get("/", {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second and second.count(">丙单位") == 10
    found = client.get("/", {"q": "丙单位02-0"}).content.decode()
    assert found.count(">丙单位02-0") == 30 and ">丙单位01-0" not in found
    # The page links keep the search.
    many = client.get("/", {"q": "丙单位"}).content.decode()
    assert "q=%E4%B8%99%E5%8D%95%E4%BD%8D&amp;page=2" in many


def _downloads(prefix: str) -> dict[str, int]:
    """Query counts of the exports, list pages and API lists of the first unit named with prefix."""
    from zhenggai.api import tokens

    unit = Unit.objects.get(name=f"{prefix}单位01-001")
    office_user = Membership.objects.get(unit=unit, role=Role.OFFICE).user
    office = _client(office_user)
    reporter = _client(Membership.objects.filter(unit=unit, role=Role.REPORTER).order_by("id").first().user)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.create(office_user, f'查询计数{prefix}')[1]}")
    counts = {
        "export xlsx": _count(office, f"/units/{unit.id}/export.xlsx"),
        "export xlsx (reporter)": _count(reporter, f"/units/{unit.id}/export.xlsx"),
        "api measures": _count(api, f"/api/v1/units/{unit.public_id}/measures", {"limit": 5}),
        "api findings": _count(api, f"/api/v1/units/{unit.public_id}/findings", {"limit": 5}),
        "api units": _count(api, "/api/v1/units", {"limit": 5}),
    }
    for which in ("ledger", "problems", "tasks", "responsibilities"):
        counts[f"{which} list page"] = _count(office, f"/units/{unit.id}/lists/{which}/")
        counts[f"{which} csv"] = _count(office, f"/units/{unit.id}/export/{which}.csv")
    return counts


def test_exports_list_pages_and_api_lists_make_the_same_number_of_queries_as_the_data_grows(province):
    before = _downloads("甲")
    province()
    assert _downloads("甲") == before
    assert _downloads("乙") == before  # a unit with 4.5 times the measures
    # Flat rows, not a query per measure, department or finding: a handful whatever the size.
    assert before["export xlsx"] <= 14, before
