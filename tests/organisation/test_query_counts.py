"""A user with many grants costs the main pages no more queries than a user with one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhenggai.ledger import services, tree
from zhenggai.ledger.models import BodyKind, Finding, Grant, GrantRole


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("page", ["ledger:ledger", "supervision:dashboard", "ledger:home", "overview"])
def test_page_queries_do_not_grow_with_grants(db, client, django_user_model, page):
    level = tree.child(None, BodyKind.LEVEL, "某市")
    one = django_user_model.objects.create_user(username="one", password="x")
    many = django_user_model.objects.create_user(username="many", password="x")
    first_unit = first_round = None
    for i in range(25):
        body = tree.child(level, BodyKind.INSPECTING, f"第{i}巡察办")
        rnd = services.round_named(f"第{i}轮", body=body)
        unit = services.unit_named(rnd, f"单位{i}")
        services.add_measure(services.add_finding(unit, Finding.Level.PROBLEM, f"问题{i}"), f"措施{i}")
        Grant.objects.create(user=many, role=GrantRole.INSPECTION_OFFICE, body=body)
        if i == 0:
            first_unit, first_round = unit, rnd
            Grant.objects.create(user=one, role=GrantRole.INSPECTION_OFFICE, body=body)
    if page == "overview":
        url = reverse("supervision:overview", args=[first_round.id])
    elif page == "ledger:home":
        url = reverse(page)
    else:
        url = reverse(page, args=[first_unit.id])
    client.force_login(one)
    _queries(client, url)  # warm caches (content types, sessions)
    single = _queries(client, url)
    client.force_login(many)
    _queries(client, url)
    assert _queries(client, url) <= single + 2  # the home page lists more units in one query, not one each


def test_ledger_page_queries_do_not_grow_with_flagged_rows(db, client, django_user_model):
    """整改质量体检 on the ledger rows: the flags of the page shown in a fixed number of queries."""
    import datetime as dt

    from zhenggai.ledger.models import Measure, Membership, Role

    rnd = services.round_named("质量体检轮次")
    counts = {}
    for n in (3, 40):
        unit = services.unit_named(rnd, f"单位{n}")
        user = django_user_model.objects.create_user(username=f"office{n}", password="x")
        Membership.objects.create(user=user, unit=unit, role=Role.OFFICE)
        for i in range(n):
            p = services.add_finding(unit, Finding.Level.PROBLEM, f"第{i}个问题")
            services.add_measure(p, f"第{i}项措施已完成", person="甲", deadline=dt.date.today(), status=Measure.Status.COMPLETED)
            services.add_measure(p, "进一步加强管理，切实提高认识，认真落实要求。", person="乙", deadline=dt.date.today())
        client.force_login(user)
        url = reverse("ledger:ledger", args=[unit.id])
        html = client.get(url).content.decode()
        assert html.count(">销号无佐证</summary>") == n and html.count(">空话套话</summary>") == n
        _queries(client, url)
        counts[n] = (_queries(client, url), _queries(client, url + "?flagged=on"))
    assert counts[40] == counts[3]
