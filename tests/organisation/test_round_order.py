"""Rounds are listed newest first by their own date, not by when they were typed in."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from zhenggai.ledger import services
from zhenggai.ledger.models import InspectionRound, Membership, Role


def test_an_older_round_entered_later_is_listed_after_the_newer(db, client, django_user_model):
    newer = services.round_named("市委2025年第一轮巡察", round="2025年第一轮", start=dt.date(2025, 3, 1))
    older = services.round_named("市委2024年第一轮巡察", round="2024年第一轮", start=dt.date(2024, 3, 1))  # entered after
    undated = services.round_named("市委某轮巡察", round="某轮")
    assert older.created_at >= newer.created_at
    user = django_user_model.objects.create_user(username="xcb", password="x-pass-12345")
    for rnd in (newer, older, undated):
        Membership.objects.create(user=user, unit=services.unit_named(rnd, f"中共某局党组{rnd.pk}"),
                                  role=Role.INSPECTION_OFFICE)
    assert list(InspectionRound.objects.all()) == [newer, older, undated]
    client.force_login(user)
    home = client.get(reverse("ledger:home")).content.decode()
    assert home.index(newer.name) < home.index(older.name) < home.index(undated.name)
    nav = home.split("<main", 1)[0]
    assert "2025年第一轮总览" in nav and nav.index("2025年第一轮总览") < nav.index("2024年第一轮总览")
