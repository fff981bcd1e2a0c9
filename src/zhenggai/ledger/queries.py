"""The ledger as rows: one query with filters, shared by the page, the lists and export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .access import Access
from .models import Finding, Measure, Unit
from .models.measures import SETTLED


@dataclass
class LedgerFilter:
    aspect: int | None = None
    department: int | None = None
    person: str = ""
    status: str = ""
    overdue: bool = False
    q: str = ""
    today: dt.date = field(default_factory=dt.date.today)
    flagged: bool = False  # 有质量问题: measures the quality rules flag (zhenggai.oversight.ledger_rules)

    def is_empty(self) -> bool:
        return not (self.aspect or self.department or self.person or self.status or self.overdue or self.q
                    or self.flagged)


def measures(unit: Unit, flt: LedgerFilter | None = None, access: Access | None = None) -> QuerySet[Measure]:
    qs = (
        Measure.objects.active()
        .filter(finding__unit=unit, finding__archived_at__isnull=True)
        .select_related("finding__parent__parent", "lead_department")
        .prefetch_related("departments")
        .order_by("finding__sort_key", "position", "id")
    )
    if access is not None:
        qs = access.scope_measures(qs)
    if flt is None:
        return qs
    if flt.aspect:
        qs = qs.filter(
            Q(finding_id=flt.aspect) | Q(finding__parent_id=flt.aspect) | Q(finding__parent__parent_id=flt.aspect)
        )
    if flt.department:
        qs = qs.filter(Q(lead_department_id=flt.department) | Q(departments__id=flt.department)).distinct()
    if flt.person:
        qs = qs.filter(Q(person__icontains=flt.person) | Q(leader__icontains=flt.person))
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.overdue:
        qs = qs.filter(deadline__lt=flt.today).exclude(status__in=SETTLED)
    if flt.flagged:
        from zhenggai.oversight.ledger_rules import flagged_measure_ids  # the rules stand on the ledger, not under it

        qs = qs.filter(id__in=sorted(flagged_measure_ids(unit.id, flt.today)))
    if flt.q:
        for word in flt.q.split()[:5]:
            qs = qs.filter(
                Q(text__icontains=word)
                | Q(target__icontains=word)
                | Q(progress__icontains=word)
                | Q(finding__title__icontains=word)
                | Q(finding__parent__title__icontains=word)
            )
    return qs


def aspects(unit: Unit) -> QuerySet[Finding]:
    return Finding.objects.active().filter(unit=unit, parent__isnull=True).order_by("sort_key")


def problem_of(measure: Measure) -> tuple[Finding | None, Finding | None, Finding | None]:
    """(aspect, problem, specific problem) of a measure, from the loaded parents."""
    chain = [*measure.finding.ancestors(), measure.finding]
    aspect = problem = item = None
    for node in chain:
        if node.level == Finding.Level.ASPECT:
            aspect = node
        elif node.level == Finding.Level.PROBLEM:
            problem = node
        else:
            item = node
    return aspect, problem, item
