"""The figures a report states, computed from plain measure data (no Django).

The rule for a problem's status, from the statuses and deadlines of its measures
(a problem is a leaf of the feedback tree: a 问题 without 具体问题, or a 具体问题):

1. every measure completed                        → 已完成
2. every measure settled, some long-term          → 需长期坚持
3. an open measure past its deadline              → 未完成
4. some measure completed (others still open)     → 基本完成，取得阶段性成效
5. otherwise (nothing completed, or no measures)  → 正在整改

"Settled" is COMPLETED or LONG_TERM; every other status (未开始, 正在整改, a
待审核 another app may add) counts as open, so a new status never makes a
problem look finished. Overdue (3) is checked before partial progress (4)
because a missed deadline is what a reader must not be told is "基本完成".

The 完成率 counts 已完成 only: 需长期坚持 problems are not finished, as the
reports count them (688 of 697 → 98.71%).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

COMPLETED = "completed"
LONG_TERM = "long_term"
SETTLED = frozenset({COMPLETED, LONG_TERM})


class ProblemStatus:
    """The five statuses a report gives a problem, in the order reports list them."""

    DONE = "已完成"
    PARTIAL = "基本完成，取得阶段性成效"
    ONGOING = "正在整改"
    LONG_TERM = "需长期坚持"
    UNFINISHED = "未完成"

    ORDER = (DONE, PARTIAL, ONGOING, LONG_TERM, UNFINISHED)


# What the parser (zhenggai.parsing.status) reads back from each status sentence.
PARSED_STATUS = {
    ProblemStatus.DONE: "completed",
    ProblemStatus.PARTIAL: "ongoing",
    ProblemStatus.ONGOING: "ongoing",
    ProblemStatus.LONG_TERM: "long_term",
    ProblemStatus.UNFINISHED: "ongoing",
}


@dataclass(frozen=True)
class MeasureFact:
    """What the figures need of one measure."""

    status: str
    deadline: dt.date | None = None

    def is_open(self) -> bool:
        return self.status not in SETTLED

    def is_overdue(self, today: dt.date) -> bool:
        return bool(self.deadline and self.deadline < today and self.is_open())


def problem_status(measures: Iterable[MeasureFact], today: dt.date) -> str:
    """The status sentence's status for one problem (see the module docstring)."""
    ms = list(measures)
    if ms and all(m.status == COMPLETED for m in ms):
        return ProblemStatus.DONE
    if ms and all(m.status in SETTLED for m in ms):
        return ProblemStatus.LONG_TERM
    if any(m.is_overdue(today) for m in ms):
        return ProblemStatus.UNFINISHED
    if any(m.status == COMPLETED for m in ms):
        return ProblemStatus.PARTIAL
    return ProblemStatus.ONGOING


def completion_rate(done: int, total: int) -> Decimal:
    """Per cent with two decimals, rounded half up (688/697 → 98.71); 0 problems → 0.00."""
    if total <= 0:
        return Decimal("0.00")
    return (Decimal(done) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The whole-report figures; every number a report prints comes from here."""

    aspects: int = 0
    problems: int = 0  # problems that hold no specific problems, with the specific problems
    top_problems: int = 0  # 问题-level headings (differs from ``problems`` in three-level trees)
    measures: int = 0
    measures_done: int = 0
    by_status: Counter = field(default_factory=Counter)  # ProblemStatus → problems

    @property
    def completed(self) -> int:
        return self.by_status[ProblemStatus.DONE]

    @property
    def rate(self) -> Decimal:
        return completion_rate(self.completed, self.problems)


def count(statuses: Iterable[str], aspects: int, top_problems: int, measures: Iterable[MeasureFact]) -> Figures:
    """Figures from the problems' statuses and all measures."""
    ms = list(measures)
    by = Counter(statuses)
    return Figures(
        aspects=aspects,
        problems=sum(by.values()),
        top_problems=top_problems,
        measures=len(ms),
        measures_done=sum(1 for m in ms if m.status == COMPLETED),
        by_status=by,
    )


def wan(yuan: Decimal) -> Decimal:
    """Yuan → 万元 with two decimals, as reports write money."""
    return (Decimal(yuan) / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
