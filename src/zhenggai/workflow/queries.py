"""Read-only questions other parts ask of the workflow (the supervision dashboard, reports).

Public API (stable; other engineers call these):
  due_reports(unit, today, access=None) → list[DueReport]   what is due this period
  missing_reporters(unit, today)        → list[Missing]     who has not reported yet
  closed_on(measure_ids)                → {id: date}        when each item was closed (last approval)
Nothing here is typed in by users: periods, counts and dates are all derived.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from zhenggai.ledger.access import Access
from zhenggai.ledger.models import Department, Measure, Membership, Role, Unit

from .models import (
    AuditEvent,
    CloseRequest,
    Extension,
    ExtensionState,
    Lookback,
    LookbackState,
    ProgressReport,
    RequestState,
    WorkflowSettings,
)
from .periods import period_of


@dataclass
class DueReport:
    measure: Measure
    period_start: dt.date
    period_end: dt.date
    last_report_on: dt.date | None
    reported: bool  # a report exists inside the current period


@dataclass
class Missing:
    department: Department | None
    reporters: list = field(default_factory=list)  # users with the reporter role in that department
    measures: list[Measure] = field(default_factory=list)


def _cadence(unit: Unit) -> str:
    cfg = WorkflowSettings.objects.filter(unit=unit).first()
    return cfg.cadence if cfg else "monthly"


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def due_reports(unit: Unit, today: dt.date | None = None, access: Access | None = None) -> list[DueReport]:
    """Every open measure (未开始/正在整改, no pending close request) in scope, with whether
    it has been reported in the current period of the unit's cadence. A reporter passes
    their access and sees only their department's measures."""
    today = today or timezone.localdate()
    start, end = period_of(_cadence(unit), today)
    # Correlated (the partial unique index on pending requests answers it per measure), not a
    # list of every pending request in the installation.
    pending = CloseRequest.objects.filter(measure=OuterRef("pk"), state=RequestState.PENDING)
    qs = (
        Measure.objects.active()
        .filter(finding__unit=unit, status__in=[Measure.Status.NOT_STARTED, Measure.Status.IN_PROGRESS])
        .exclude(Exists(pending))
        .select_related("lead_department", "finding")
        .order_by("finding__sort_key", "position", "id")
    )
    if access is not None:
        qs = access.scope_measures(qs)
    # The last report per measure in the same query (one grouped join, no 4,000-id IN list).
    last_at = (
        ProgressReport.objects.filter(measure=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    )
    measures = list(qs.annotate(last_report_at=Subquery(last_at)))
    # The period's bounds as instants, so each row compares without a time-zone conversion.
    tz = timezone.get_current_timezone()
    period_start = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    period_end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    out = []
    for m in measures:
        at = m.last_report_at
        reported = bool(at and period_start <= at < period_end)
        out.append(DueReport(m, start, end, _local_date(at) if at else None, reported))
    return out


def missing_reporters(unit: Unit, today: dt.date | None = None, due: list[DueReport] | None = None) -> list[Missing]:
    """Measures not reported this period, grouped by 牵头部门, with that department's reporters
    (the people the office chases). Measures without a lead department come last (department None)."""
    groups: dict[int | None, Missing] = {}
    # A caller that already has the unit-wide due list passes it: reading 4,000 measures twice costs.
    for item in due if due is not None else due_reports(unit, today):
        if item.reported:
            continue
        m = item.measure
        group = groups.setdefault(m.lead_department_id, Missing(m.lead_department))
        group.measures.append(m)
    # Every department's reporters in one query (not one per department).
    reporters: dict[int, dict[int, object]] = {}
    for m in (Membership.objects.active().filter(unit=unit, role=Role.REPORTER, department_id__in=[d for d in groups if d])
              .select_related("user")):
        reporters.setdefault(m.department_id, {})[m.user_id] = m.user
    for dept_id, group in groups.items():
        if dept_id is not None:
            group.reporters = sorted(reporters.get(dept_id, {}).values(), key=lambda u: u.get_username())
    return sorted(groups.values(), key=lambda g: (g.department is None, g.department.name if g.department else ""))


def closed_on(measure_ids: list[int]) -> dict[int, dt.date]:
    """The date each of these measures was last closed (销号) through the workflow."""
    rows = (
        AuditEvent.objects.filter(measure_id__in=measure_ids, action="workflow.close.approve", data__to="closed")
        .values("measure_id").annotate(last=Max("at")).values_list("measure_id", "last")
    )
    return {mid: _local_date(at) for mid, at in rows}


def pending_requests(unit: Unit, stage: str | None = None):
    # A measure the ledger already shows as settled (edited by hand, or imported) has nothing left to review.
    qs = CloseRequest.objects.filter(
        measure__finding__unit=unit, state=RequestState.PENDING, measure__archived_at__isnull=True,
        measure__status__in=[Measure.Status.NOT_STARTED, Measure.Status.IN_PROGRESS],
    )
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("measure", "requested_by", "measure__lead_department").order_by("requested_at")


def pending_extensions(unit: Unit):
    return (
        Extension.objects.filter(measure__finding__unit=unit, state=ExtensionState.PENDING, measure__archived_at__isnull=True)
        .select_related("measure", "requested_by").order_by("requested_at")
    )


def lookbacks_due(unit: Unit, today: dt.date | None = None, within_days: int = 30):
    """Scheduled look-backs of closed/long-term items due within the next days (or overdue)."""
    today = today or timezone.localdate()
    return (
        Lookback.objects.filter(
            measure__finding__unit=unit, measure__archived_at__isnull=True, state=LookbackState.SCHEDULED,
            due_on__lte=today + dt.timedelta(days=within_days),
        )
        .filter(Q(measure__status=Measure.Status.COMPLETED) | Q(measure__status=Measure.Status.LONG_TERM))
        .select_related("measure").order_by("due_on")
    )
