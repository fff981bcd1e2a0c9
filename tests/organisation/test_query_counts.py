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
