"""The ledger → plain ReportData for compose.py. The one place reports read the ledger.

Two queries for the whole tree (findings, measures), so a unit with 800
measures reads in milliseconds; outcomes come from outcomes.services.summary.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from zhenggai.ledger.models import Finding, Measure, Unit
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


def findings_tree(unit: Unit, measures: list[Measure] | None = None) -> list[FindingData]:
    """The unit's active feedback tree with its measures, in ledger order."""
    findings = list(Finding.objects.active().filter(unit=unit).order_by("sort_key", "id"))
    if measures is None:
        measures = list(
            Measure.objects.active().filter(finding__unit=unit).select_related("lead_department").order_by("finding_id", "position", "id")
        )
    nodes = {f.id: FindingData(title=f.title, level=f.level) for f in findings}
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
                    department=m.lead_department.name if m.lead_department_id else "",
                    status_label=m.get_status_display(),
                    updated=m.updated_at.date() if m.updated_at else None,
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


def report_data(unit: Unit, as_of: dt.date | None = None, narrative: Narrative | None = None) -> ReportData:
    rnd = unit.inspection
    as_of = as_of or dt.date.today()
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
        findings=findings_tree(unit),
        outcomes=outcomes(unit, as_of),
        narrative=narrative or Narrative(),
    )
