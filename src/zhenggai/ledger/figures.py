"""Every count and rate the system shows, in one place: the one definition of each figure.

The dashboard (supervision/dashboard.py), the lists (ledger/lists.py), the ledger page,
the round overview, the reports (reports/compose.py, through reports/data.py) and the
exports all count through this module, so a figure on one page is the figure on every
other. It lives in the ledger app because every other app already depends on the
ledger, and the ledger on nothing (reports/figures.py was its first home and re-exports
it). The rules are plain Python over plain facts (MeasureFact, FindingFact), so the
reports can count a past date from history rows; ``unit_figures`` reads the live
ledger for the pages.

Two bases, always named where a rate is shown (RATE_BY_PROBLEM, RATE_BY_MEASURE):

- 按问题 (by problem): a problem is a leaf of the feedback tree that is not an aspect (a
  问题 without 具体问题, or a 具体问题). Its status, from its measures' statuses and
  deadlines:

  1. every measure completed                        → 已完成
  2. every measure settled, some long-term          → 需长期坚持
  3. an open measure past its deadline              → 未完成
  4. some measure completed (others still open)     → 基本完成，取得阶段性成效
  5. otherwise (nothing completed, or no measures)  → 正在整改

  "Settled" is COMPLETED or LONG_TERM; every other status (未开始, 正在整改, a 待审核
  another app may add) counts as open, so a new status never makes a problem look
  finished. Overdue (3) is checked before partial progress (4) because a missed
  deadline is what a reader must not be told is "基本完成".

- 按措施 (by measure): each measure counts once, by its own status; overdue means open
  and past its deadline.

Both 完成率 count 已完成 only: 需长期坚持 is not finished, as the reports count it
(688 of 697 → 98.71%), with two decimals rounded half up everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

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


RATE_BY_PROBLEM = "完成率（按问题）"
RATE_BY_MEASURE = "完成率（按措施）"


@dataclass
class MeasureTally:
    """Measure counts for one group (the unit, an aspect, a department, a unit of a round)."""

    label: str = ""
    total: int = 0
    completed: int = 0
    long_term: int = 0
    overdue: int = 0
    key: Any = None
    by_status: Counter = field(default_factory=Counter)  # measure status code → measures

    @property
    def open(self) -> int:
        return self.total - self.completed - self.long_term

    @property
    def open_on_time(self) -> int:
        return self.open - self.overdue

    @property
    def rate(self) -> Decimal:
        """完成率（按措施）."""
        return completion_rate(self.completed, self.total)

    def add(self, status: str, deadline: dt.date | None, today: dt.date) -> None:
        self.total += 1
        self.by_status[status] += 1
        if status == COMPLETED:
            self.completed += 1
        elif status == LONG_TERM:
            self.long_term += 1
        elif MeasureFact(status, deadline).is_overdue(today):
            self.overdue += 1


@dataclass
class Figures:
    """The figures of a unit (or of what one user may see of it); every page and report prints these."""

    aspects: int = 0
    problems: int = 0  # counted problems: 问题 that hold no 具体问题, with the 具体问题
    top_problems: int = 0  # 问题-level headings (differs from ``problems`` in three-level trees)
    measures: int = 0
    measures_done: int = 0
    by_status: Counter = field(default_factory=Counter)  # ProblemStatus → problems
    tally: MeasureTally = field(default_factory=MeasureTally)  # the same measures, counted by measure

    @property
    def completed(self) -> int:
        return self.by_status[ProblemStatus.DONE]

    @property
    def rate(self) -> Decimal:
        """完成率（按问题）, as the reports state it."""
        return completion_rate(self.completed, self.problems)

    rate_by_problem = rate

    @property
    def rate_by_measure(self) -> Decimal:
        return self.tally.rate

    @property
    def items_differ(self) -> bool:
        """A three-level tree: the text says N个问题M个具体问题, and so must every table."""
        return bool(self.aspects and self.top_problems and self.top_problems != self.problems)

    def named(self) -> dict[str, Any]:
        """Every figure by a stable name: what pages mark with data-figure and tests compare."""
        out: dict[str, Any] = {
            "aspects": self.aspects,
            "problems": self.problems,
            "top_problems": self.top_problems,
            "rate_by_problem": self.rate,
            "measures": self.measures,
            "measures_done": self.measures_done,
            "measures_long_term": self.tally.long_term,
            "measures_overdue": self.tally.overdue,
            "rate_by_measure": self.rate_by_measure,
            "measures_in_progress": self.tally.by_status["in_progress"],
            "measures_not_started": self.tally.by_status["not_started"],
        }
        for i, s in enumerate(ProblemStatus.ORDER):
            out[f"problems_{PROBLEM_STATUS_KEYS[i]}"] = self.by_status[s]
        return out


PROBLEM_STATUS_KEYS = ("done", "partial", "ongoing", "long_term", "unfinished")  # names for ProblemStatus.ORDER


def count(
    statuses: Iterable[str], aspects: int, top_problems: int, measures: Iterable[MeasureFact], today: dt.date | None = None
) -> Figures:
    """Figures from the problems' statuses and all measures (overdue measures counted as of ``today``)."""
    ms = list(measures)
    by = Counter(statuses)
    tally = MeasureTally("全部")
    for m in ms:
        tally.add(m.status, m.deadline, today or dt.date.min)
    return Figures(
        aspects=aspects,
        problems=sum(by.values()),
        top_problems=top_problems,
        measures=len(ms),
        measures_done=tally.completed,
        by_status=by,
        tally=tally,
    )


@dataclass(frozen=True)
class FindingFact:
    """What the figures need of one node of the feedback tree."""

    level: str  # aspect / problem / item
    has_children: bool
    measures: tuple[MeasureFact, ...] = ()

    @property
    def counts(self) -> bool:
        """A counted problem (按问题): a leaf that is not an aspect."""
        return counts_as_problem(self.level, self.has_children)


def counts_as_problem(level: str, has_children: bool) -> bool:
    return not has_children and level != "aspect"


def tally(nodes: Iterable[FindingFact], today: dt.date) -> Figures:
    """The one computation behind every page and report, from the tree's nodes."""
    ns = list(nodes)
    return count(
        (problem_status(n.measures, today) for n in ns if n.counts),
        aspects=sum(1 for n in ns if n.level == "aspect"),
        top_problems=sum(1 for n in ns if n.level == "problem"),
        measures=(m for n in ns for m in n.measures),
        today=today,
    )


def overdue_q(today: dt.date):
    """The overdue rule (open and past its deadline) as a query filter, for counts done in SQL."""
    from django.db.models import Q

    return Q(deadline__lt=today) & ~Q(status__in=SETTLED)


def unit_figures(unit, access=None, today: dt.date | None = None) -> Figures:
    """The live ledger's figures for a unit, as ``access`` may see it (a reporter: their
    departments' measures and the problems holding them). Two narrow queries."""
    from django.utils import timezone

    from .models import Finding, Measure

    today = today or timezone.localdate()
    qs = Measure.objects.active().filter(finding__unit=unit, finding__archived_at__isnull=True)
    if access is not None:
        qs = access.scope_measures(qs)
    by_finding: dict[int, list[MeasureFact]] = {}
    # "id" too: a reporter's scope is DISTINCT, which must not merge two measures alike in these fields.
    for _id, fid, status, deadline in qs.order_by().values_list("id", "finding_id", "status", "deadline"):
        by_finding.setdefault(fid, []).append(MeasureFact(status, deadline))
    findings = list(Finding.objects.active().filter(unit=unit).values_list("id", "parent_id", "level"))
    parents = {p for _, p, _ in findings if p}
    if access is not None and access.reporter_only:
        # A reporter counts the problems that hold their measures (and the headings above them).
        keep = set(by_finding)
        up = dict((i, p) for i, p, _ in findings)
        for fid in list(keep):
            while up.get(fid):
                fid = up[fid]
                keep.add(fid)
        findings = [f for f in findings if f[0] in keep]  # ``parents`` stays the whole tree's: same leaves as the office's
    return tally((FindingFact(level, fid in parents, tuple(by_finding.get(fid, ()))) for fid, _, level in findings), today)


def wan(yuan: Decimal) -> Decimal:
    """Yuan → 万元 with two decimals, as reports write money."""
    return (Decimal(yuan) / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- 群众意见与评价 Opinions and ratings from the public side (码上监督) ----------------------
#
# One definition for the office's list, the round's opinion page and the supervision
# dashboard: an opinion marked 无效信息 (spam) is not counted at all; 已答复 is answered;
# everything else received and not yet answered is 未答复 (open). A rating counts once,
# whether it rates the report or one of its problems; 满意率 counts 满意 and 基本满意.

OPINION_SPAM = "spam"
OPINION_ANSWERED = "answered"
RATING_SATISFIED, RATING_BASIC, RATING_UNSATISFIED = "satisfied", "basic", "unsatisfied"


@dataclass
class OpinionFigures:
    """What the public sent one unit: opinions in and answered, ratings by value."""

    received: int = 0
    answered: int = 0
    ratings: Counter = field(default_factory=Counter)  # rating value → ratings

    @property
    def open(self) -> int:
        """Received and not yet answered (办理中 included)."""
        return self.received - self.answered

    @property
    def none(self) -> bool:
        """The unit has received no opinion: what the inspecting body must notice."""
        return self.received == 0

    @property
    def answer_rate(self) -> Decimal:
        return completion_rate(self.answered, self.received)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfied(self) -> int:
        return self.ratings[RATING_SATISFIED]

    @property
    def basic(self) -> int:
        return self.ratings[RATING_BASIC]

    @property
    def unsatisfied(self) -> int:
        return self.ratings[RATING_UNSATISFIED]

    @property
    def satisfaction_rate(self) -> Decimal:
        """满意率: 满意 and 基本满意 over all ratings."""
        return completion_rate(self.satisfied + self.basic, self.rated)

    @property
    def unsatisfied_share(self) -> Decimal:
        return completion_rate(self.unsatisfied, self.rated)

    def named(self) -> dict[str, Any]:
        """Every figure by a stable name (data-figure on the pages, the tests' comparisons)."""
        return {
            "opinions_received": self.received,
            "opinions_answered": self.answered,
            "opinions_open": self.open,
            "opinions_answer_rate": self.answer_rate,
            "ratings": self.rated,
            "ratings_satisfied": self.satisfied,
            "ratings_basic": self.basic,
            "ratings_unsatisfied": self.unsatisfied,
            "satisfaction_rate": self.satisfaction_rate,
        }


def opinion_tally(opinion_statuses: Iterable[str], rating_values: Iterable[str]) -> OpinionFigures:
    """The rule over plain facts: one status per opinion, one value per rating."""
    statuses = [s for s in opinion_statuses if s != OPINION_SPAM]
    return OpinionFigures(received=len(statuses), answered=sum(1 for s in statuses if s == OPINION_ANSWERED),
                          ratings=Counter(rating_values))


def unit_opinion_figures(unit_ids: Iterable[int]) -> dict[int, OpinionFigures]:
    """The live figures of many units in two grouped queries (their number does not grow with units)."""
    from django.db.models import Count

    from zhenggai.public.models import Opinion, Rating

    ids = list(unit_ids)
    statuses: dict[int, list[str]] = {u: [] for u in ids}
    values: dict[int, list[str]] = {u: [] for u in ids}
    for uid, status, n in (Opinion.objects.filter(unit_id__in=ids).order_by().values_list("unit_id", "status")
                           .annotate(n=Count("id"))):
        statuses[uid] += [status] * n
    for uid, value, n in (Rating.objects.filter(unit_id__in=ids).order_by().values_list("unit_id", "value")
                          .annotate(n=Count("id"))):
        values[uid] += [value] * n
    return {u: opinion_tally(statuses[u], values[u]) for u in ids}
