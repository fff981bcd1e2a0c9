"""The problem-status rule and the 完成率 (plain functions, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhenggai.reports.compose import (
    FindingData,
    cn_number,
    heading_title,
    strip_marker,
    unwrap_title,
)
from zhenggai.reports.figures import (
    MeasureFact,
    ProblemStatus,
    completion_rate,
    problem_status,
)

TODAY = dt.date(2025, 6, 30)
PAST = TODAY - dt.timedelta(days=1)
LATER = TODAY + dt.timedelta(days=30)


def st(*facts: tuple[str, dt.date | None]) -> str:
    return problem_status([MeasureFact(s, d) for s, d in facts], TODAY)


def test_all_completed_is_done():
    assert st(("completed", PAST), ("completed", None)) == ProblemStatus.DONE


def test_settled_with_long_term_is_long_term():
    assert st(("completed", PAST), ("long_term", None)) == ProblemStatus.LONG_TERM
    assert st(("long_term", None)) == ProblemStatus.LONG_TERM


def test_overdue_open_measure_is_unfinished_even_with_progress():
    assert st(("completed", PAST), ("in_progress", PAST)) == ProblemStatus.UNFINISHED


def test_some_completed_is_partial():
    assert st(("completed", PAST), ("in_progress", LATER)) == ProblemStatus.PARTIAL


def test_nothing_completed_or_no_measures_is_ongoing():
    assert st(("not_started", LATER), ("in_progress", None)) == ProblemStatus.ONGOING
    assert st() == ProblemStatus.ONGOING


def test_unknown_status_counts_as_open():
    # Another app may add 待审核 (pending review): it is not finished.
    assert st(("pending_review", LATER), ("completed", PAST)) == ProblemStatus.PARTIAL
    assert st(("pending_review", PAST)) == ProblemStatus.UNFINISHED


def test_deadline_day_itself_is_not_overdue():
    assert st(("in_progress", TODAY)) == ProblemStatus.ONGOING


def test_completion_rate_counts_finished_only_with_two_decimals():
    assert completion_rate(688, 697) == Decimal("98.71")
    assert completion_rate(1, 3) == Decimal("33.33")
    assert completion_rate(2, 3) == Decimal("66.67")
    assert completion_rate(0, 0) == Decimal("0.00")
    assert completion_rate(5, 5) == Decimal("100.00")


def test_chinese_numbers():
    assert [cn_number(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110, 120)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "一百二十"]


def test_strip_marker_and_titles():
    assert strip_marker("一是建立台账") == "建立台账"
    assert strip_marker("（2）建立台账") == "建立台账"
    assert strip_marker("①建立台账") == "建立台账"
    assert strip_marker("建立台账") == "建立台账"
    f = FindingData("台账不清", "problem")
    assert heading_title(f) == "关于“台账不清”的问题"
    assert unwrap_title(heading_title(f)) == "台账不清"
    assert heading_title(FindingData("关于台账不清的问题", "problem")) == "关于台账不清的问题"
    assert heading_title(FindingData("财经纪律方面", "aspect")) == "财经纪律方面"
