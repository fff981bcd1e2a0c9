"""The ledger → plain ReportData for compose.py. The one place reports read the ledger.

A report is "as of" a date: for a past date the findings and measures are read
from their history (django-simple-history) as they stood at the end of that day,
so a 6月30日 通报 written on 7月5日 states June's figures; outcomes are counted
up to the date. A few queries for the whole tree, so 800 measures read in
milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from zhenggai.ledger.models import Department, Finding, Measure, Unit
from zhenggai.outcomes import services as outcome_services
from zhenggai.outcomes.models import AccountabilityKind, MeetingKind, MoneyKind

from .compose import FindingData, MeasureData, Narrative, OutcomeData, ReportData


def _deployer(unit: Unit) -> str:
    """Whose deployment: the round's inspecting body, else the 委 part of the group's name."""
    rnd = unit.inspection
    if rnd.inspector and not re.search(r"巡[视察].{0,4}组$", rnd.inspector):
        return rnd.inspector
    source = unit.group or rnd.inspector
    m = re.match(r"^(.*?委)", source or "")
    return m.group(1) if m else ""


def _group(unit: Unit) -> str:
    if unit.group:
        return unit.group
    insp = unit.inspection.inspector
    return insp if re.search(r"巡[视察].{0,4}组$", insp or "") else ""


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def _snapshot(unit: Unit, as_of: dt.date | None) -> tuple[list[Finding], list[Measure], bool]:
    """Findings and measures as the ledger stood at the end of ``as_of`` (from their history),
    or as they stand now when ``as_of`` is today or later. Archived rows are left out."""
    today = timezone.localdate()
    if as_of is None or as_of >= today:
        findings = list(Finding.objects.active().filter(unit=unit))
        measures = list(Measure.objects.active().filter(finding__unit=unit))
        return findings, measures, False
    end = _end_of(as_of)

    def alive(rows):
        # One row per object (two history rows can share a timestamp), archived ones left out.
        seen: dict[int, object] = {}
        for r in rows:
            seen.setdefault(r.pk, r)
        return [r for r in seen.values() if r.archived_at is None or r.archived_at > end]

    findings = alive(Finding.history.as_of(end).filter(unit_id=unit.id))
    measures = alive(Measure.history.as_of(end).filter(finding_id__in=[f.id for f in findings]))
    return findings, measures, True


def findings_tree(unit: Unit, as_of: dt.date | None = None) -> list[FindingData]:
    """The unit's feedback tree with its measures, in ledger order, as of a date (default: now)."""
    findings, measures, _ = _snapshot(unit, as_of)
    findings.sort(key=lambda f: (f.sort_key, f.id))
    departments = dict(Department.objects.filter(unit=unit).values_list("id", "name"))
    nodes = {f.id: FindingData(title=f.title, level=f.level, key=f.id) for f in findings}
    for m in sorted(measures, key=lambda m: (m.position, m.id)):
        node = nodes.get(m.finding_id)
        if node is not None:
            node.measures.append(
                MeasureData(
                    text=m.text,
                    status=m.status,
                    deadline=m.deadline,
                    progress=m.progress,
                    person=m.person,
                    leader=m.leader,
                    department=departments.get(m.lead_department_id, ""),
                    status_label=m.get_status_display(),
                    updated=timezone.localtime(m.updated_at).date() if m.updated_at else None,
                )
            )
    roots: list[FindingData] = []
    for f in findings:
        if f.parent_id and f.parent_id in nodes:
            nodes[f.parent_id].children.append(nodes[f.id])
        elif not f.parent_id:
            roots.append(nodes[f.id])
    return roots


def outcomes(unit: Unit, until: dt.date | None) -> OutcomeData:
    s = outcome_services.summary(unit, until)
    heaviest_first = list(reversed(AccountabilityKind.choices))
    return OutcomeData(
        accountability=[(label, s.accountability[value]) for value, label in heaviest_first if s.accountability[value]],
        money=[(label, s.money_wan(value)) for value, label in MoneyKind.choices if s.money_yuan.get(value, Decimal(0))],
        rules_created=s.rules_created,
        rules_revised=s.rules_revised,
        meetings=[(label, s.meetings[value]) for value, label in MeetingKind.choices if s.meetings[value]],
    )


def report_data(
    unit: Unit, as_of: dt.date | None = None, narrative: Narrative | None = None, accepted: dict[int, str] | None = None
) -> ReportData:
    rnd = unit.inspection
    as_of = as_of or timezone.localdate()
    return ReportData(
        unit=unit.name,
        kind=rnd.kind,
        deployer=_deployer(unit),
        group=_group(unit),
        types=rnd.types,
        start=rnd.start,
        end=rnd.end,
        feedback=unit.feedback_date,
        as_of=as_of,
        findings=findings_tree(unit, as_of),
        outcomes=outcomes(unit, as_of),
        narrative=narrative or Narrative(),
        accepted=dict(accepted or {}),
    )
