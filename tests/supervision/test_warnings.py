"""The three-light rule as plain functions (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhenggai.supervision import warnings as w

TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("days", "status", "level"),
    [
        (30, "in_progress", None),
        (21, "not_started", None),
        (20, "not_started", w.GREEN),
        (11, "in_progress", w.GREEN),
        (10, "in_progress", w.YELLOW),
        (0, "in_progress", w.YELLOW),  # the deadline day itself is not overdue yet
        (-1, "in_progress", w.RED),
        (-400, "reviewing", w.RED),  # a status another app adds stays open
        (-1, "completed", None),
        (5, "long_term", None),
    ],
)
def test_level_for(days, status, level):
    assert w.level_for(TODAY + dt.timedelta(days=days), status, TODAY) == level


def test_no_deadline_no_warning():
    assert w.level_for(None, "in_progress", TODAY) is None
    assert w.days_overdue(None, "in_progress", TODAY) == 0


def test_custom_thresholds():
    t = w.Thresholds(green_days=5, yellow_days=2)
    assert w.level_for(TODAY + dt.timedelta(days=6), "in_progress", TODAY, t) is None
    assert w.level_for(TODAY + dt.timedelta(days=3), "in_progress", TODAY, t) == w.GREEN
    assert w.level_for(TODAY + dt.timedelta(days=2), "in_progress", TODAY, t) == w.YELLOW
    assert w.horizon(TODAY, t) == TODAY + dt.timedelta(days=5)


def test_bad_thresholds_and_recipients_are_refused_in_chinese():
    with pytest.raises(w.WarningConfigError, match="黄色预警天数"):
        w.Thresholds(green_days=5, yellow_days=10)
    with pytest.raises(w.WarningConfigError, match="未知的接收人"):
        w.Recipients(red=frozenset({"mayor"}))


def test_days_overdue_and_rate():
    assert w.days_overdue(TODAY - dt.timedelta(days=7), "in_progress", TODAY) == 7
    assert w.days_overdue(TODAY - dt.timedelta(days=7), "completed", TODAY) == 0
    assert w.days_overdue(TODAY, "in_progress", TODAY) == 0
    assert w.rate(1, 3) == 33.3
    assert w.rate(0, 0) == 0.0


def test_default_recipients_follow_the_practice():
    r = w.Recipients()
    assert r.green == {w.REPORTER}
    assert r.yellow == {w.REPORTER, w.LEADER}
    assert r.red == {w.REPORTER, w.LEADER, w.OFFICE, w.PRINCIPAL}
