"""A plain edit cannot close a measure or undo a closing: that is the workflow's review."""

from __future__ import annotations

from django.urls import reverse

from zhenggai.ledger.models import Measure

from .test_editing import HX, inline_data


def test_edit_cannot_close_or_make_long_term(login, ledger, people):
    m = ledger.measures[0]  # 未开始
    c = login(people.office)
    url = reverse("ledger:measure_edit", args=[m.id])
    for target in (Measure.Status.COMPLETED, Measure.Status.LONG_TERM):
        r = c.post(url, inline_data(m, status=target), **HX)
        assert r.status_code == 200
        assert "办理" in r.content.decode() and 'class="error"' in r.content.decode()
    m.refresh_from_db()
    assert m.status == Measure.Status.NOT_STARTED


def test_edit_cannot_reopen_a_closed_measure_but_may_change_other_fields(login, ledger, people):
    m = ledger.measures[3]  # 已完成
    c = login(people.office)
    url = reverse("ledger:measure_edit", args=[m.id])
    r = c.post(url, inline_data(m, status=Measure.Status.IN_PROGRESS), **HX)
    assert 'class="error"' in r.content.decode()
    m.refresh_from_db()
    assert m.status == Measure.Status.COMPLETED
    r = c.post(url, inline_data(m, person="新的责任人"), **HX)
    assert r.status_code == 200 and 'class="error"' not in r.content.decode()
    m.refresh_from_db()
    assert m.person == "新的责任人" and m.status == Measure.Status.COMPLETED


def test_open_statuses_still_change_freely(login, ledger, people):
    m = ledger.measures[0]
    c = login(people.office)
    r = c.post(reverse("ledger:measure_edit", args=[m.id]), inline_data(m, status=Measure.Status.IN_PROGRESS), **HX)
    assert r.status_code == 200
    m.refresh_from_db()
    assert m.status == Measure.Status.IN_PROGRESS
