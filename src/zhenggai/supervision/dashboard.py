"""The unit dashboard, the warning list and the round overview: queries only.

Every figure is derived from measure rows at request time (nothing is typed in).
The dashboard reads the unit's measures in one narrow values() query and counts
in Python: 4,000 rows is far cheaper than one GROUP BY per panel.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from zhenggai.ledger import figures, queries
from zhenggai.ledger.access import Access
from zhenggai.ledger.models import Department, Finding, InspectionRound, Measure, Unit

from . import warnings as w
from .services import Rule, rule_for

NO_DEPARTMENT = "（未指定牵头部门）"
LIST_LIMIT = 10


# Counts per aspect, department or unit: the one definition in zhenggai.ledger.figures
# (完成率 here is 完成率（按措施）, and every page says so).
Bucket = figures.MeasureTally


@dataclass(frozen=True)
class Row:
    """One measure in a dashboard list, with what the list shows."""

    id: int
    finding_id: int
    text: str
    person: str
    department: str
    deadline: dt.date
    status: str
    level: str | None
    days: int  # days left (negative: overdue)

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days)


@dataclass
class Reports:
    """Progress reports due this period (from zhenggai.workflow, when installed)."""

    period_start: dt.date | None
    period_end: dt.date | None
    total: int
    reported: int
    unreported: list  # DueReport rows not yet reported, first LIST_LIMIT
    missing: list | None  # per department, with its reporters; None for a reporter's own view

    @property
    def outstanding(self) -> int:
        return self.total - self.reported


@dataclass
class Dashboard:
    unit: Unit
    today: dt.date
    rule: Rule
    totals: Bucket
    statuses: list[tuple[str, str, int]]  # (code, label, count)
    by_aspect: list[Bucket]
    by_department: list[Bucket]
    overdue: list[Row]
    upcoming: list[Row]
    level_counts: Counter = field(default_factory=Counter)
    figures: figures.Figures | None = None  # by problem and by measure, as the reports count them


def scoped_measures(unit: Unit, access: Access | None) -> QuerySet[Measure]:
    """The unit's live measures the user may see, without the ledger page's joins."""
    qs = Measure.objects.active().filter(finding__unit=unit, finding__archived_at__isnull=True)
    return access.scope_measures(qs) if access is not None else qs


def status_label(code: str) -> str:
    # Read at call time: a status another app adds to Measure.Status shows with its own label.
    return dict(Measure.Status.choices).get(code, code)


def unit_dashboard(unit: Unit, access: Access | None, today: dt.date) -> Dashboard:
    rule = rule_for(unit)
    roots = {f.sort_key: f for f in Finding.objects.active().filter(unit=unit, parent__isnull=True).order_by("sort_key")}
    departments = dict(Department.objects.filter(unit=unit).values_list("id", "name"))
    rows = scoped_measures(unit, access).order_by().values_list(
        "id", "status", "deadline", "lead_department_id", "finding__sort_key", "finding_id", "text", "person"
    )
    totals = Bucket("全部")
    aspects: dict[str, Bucket] = {k: Bucket(f.title, key=f.id) for k, f in roots.items()}
    depts: dict[int | None, Bucket] = {}
    statuses: Counter = Counter()
    levels: Counter = Counter()
    overdue: list[Row] = []
    upcoming: list[Row] = []
    for mid, status, deadline, dept_id, sort_key, finding_id, text, person in rows:
        totals.add(status, deadline, today)
        statuses[status] += 1
        root = sort_key.split(".", 1)[0]
        aspects.setdefault(root, Bucket("（未归入方面）")).add(status, deadline, today)
        if dept_id not in depts:
            depts[dept_id] = Bucket(departments.get(dept_id, NO_DEPARTMENT), key=dept_id)
        depts[dept_id].add(status, deadline, today)
        level = w.level_for(deadline, status, today, rule.thresholds)
        if level is None:
            continue
        levels[level] += 1
        row = Row(mid, finding_id, text, person, departments.get(dept_id, ""), deadline, status, level,
                  w.days_left(deadline, today))
        (overdue if level == w.RED else upcoming).append(row)
    overdue.sort(key=lambda r: (r.days, r.id))
    upcoming.sort(key=lambda r: (r.days, r.id))
    order = [c for c, _ in Measure.Status.choices] + sorted(set(statuses) - set(Measure.Status.values))
    return Dashboard(
        unit=unit,
        today=today,
        rule=rule,
        totals=totals,
        statuses=[(c, status_label(c), statuses[c]) for c in order],
        by_aspect=[b for b in aspects.values() if b.total],
        by_department=sorted(depts.values(), key=lambda b: (-b.overdue, -b.open, b.label)),
        overdue=overdue[:LIST_LIMIT],
        upcoming=upcoming[:LIST_LIMIT],
        level_counts=levels,
        figures=figures.unit_figures(unit, access, today),
    )


def _workflow():
    """The workflow app's services if it provides due_reports (an optional dependency:
    the dashboard works without it and shows the reports section only when it is there)."""
    try:
        from zhenggai.workflow import services as wf
    except ImportError:
        return None
    return wf if getattr(wf, "due_reports", None) else None


def reports_available() -> bool:
    return _workflow() is not None


def reports_due(unit: Unit, access: Access | None, today: dt.date) -> Reports | None:
    """This period's progress reports: due, done, and who has not reported (office view).

    Loaded by its own HTMX request: the workflow app's query reads every open measure
    with its reports, which costs more than the rest of the dashboard together."""
    wf = _workflow()
    if wf is None:
        return None
    due_reports = wf.due_reports
    due = list(due_reports(unit, today, access=access))
    unreported = [d for d in due if not d.reported]
    missing = None
    if (access is None or not access.reporter_only) and getattr(wf, "missing_reporters", None):
        missing = list(wf.missing_reporters(unit, today, due=due if access is None or not access.reporter_only else None))
    first = due[0] if due else None
    return Reports(
        period_start=getattr(first, "period_start", None),
        period_end=getattr(first, "period_end", None),
        total=len(due),
        reported=len(due) - len(unreported),
        unreported=unreported[:LIST_LIMIT],
        missing=missing,
    )


def warning_measures(
    unit: Unit, access: Access | None, level: str, today: dt.date, rule: Rule | None = None, department: int | None = None
) -> QuerySet[Measure]:
    """The measures at one warning level today (red = the overdue list), most urgent first."""
    rule = rule or rule_for(unit)
    qs = queries.measures(unit, None, access).exclude(status__in=w.SETTLED).filter(deadline__isnull=False)
    t = rule.thresholds
    if level == w.RED:
        qs = qs.filter(deadline__lt=today)
    elif level == w.YELLOW:
        qs = qs.filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=t.yellow_days))
    elif level == w.GREEN:
        qs = qs.filter(deadline__gt=today + dt.timedelta(days=t.yellow_days), deadline__lte=today + dt.timedelta(days=t.green_days))
    else:
        raise ValueError(level)
    if department:
        qs = qs.filter(Q(lead_department_id=department) | Q(departments__id=department)).distinct()
    return qs.order_by("deadline", "finding__sort_key", "position", "id")


def round_overview(rnd: InspectionRound, today: dt.date) -> list[Bucket]:
    """Per unit of the round: totals, completion and overdue counts, in one GROUP BY."""
    open_overdue = figures.overdue_q(today)
    counts = {
        r["finding__unit_id"]: r
        for r in Measure.objects.active()
        .filter(finding__unit__inspection=rnd, finding__archived_at__isnull=True)
        .order_by()
        .values("finding__unit_id")
        .annotate(
            total=Count("id"),
            completed=Count("id", filter=Q(status=w.COMPLETED)),
            long_term=Count("id", filter=Q(status=w.LONG_TERM)),
            overdue=Count("id", filter=open_overdue),
        )
    }
    out = []
    for unit in Unit.objects.active().filter(inspection=rnd).order_by("name"):
        c = counts.get(unit.id, {})
        out.append(Bucket(unit.name, c.get("total", 0), c.get("completed", 0), c.get("long_term", 0), c.get("overdue", 0), key=unit))
    return out
