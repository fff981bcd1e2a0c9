"""The ledger (and, when installed, workflow and supervision) → DispatchData for a date range.

zhenggai.workflow (progress reports, missing reporters) and zhenggai.supervision
(warning levels) are optional here: the imports are guarded, so the dispatch
report still works on an installation (or a branch) without them, from the
Measure fields alone.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType

from zhenggai.ledger.models import Measure, Unit

from .compose import DispatchData, DispatchItem, Narrative
from .data import report_data

WARNING_LABELS = {"red": "红色预警（已逾期）", "yellow": "黄色预警（临近时限）", "green": "绿色提示"}


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _problem(m: Measure) -> str:
    return m.finding.title


def _item(m: Measure, note: str = "") -> DispatchItem:
    return DispatchItem(
        problem=_problem(m),
        measure=m.text,
        department=m.lead_department.name if m.lead_department_id else "",
        person=m.person,
        deadline=m.deadline,
        note=note,
    )


def _reported(measures: list[Measure], start: dt.date, end: dt.date, d: DispatchData) -> list[DispatchItem]:
    """Progress reported in the period through zhenggai.workflow, latest per measure."""
    wm = _optional("zhenggai.workflow.models")
    if wm is None or not hasattr(wm, "ProgressReport"):
        return []
    by_id = {m.id: m for m in measures}
    out: dict[int, DispatchItem] = {}
    try:
        rows = (
            wm.ProgressReport.objects.filter(measure_id__in=list(by_id), created_at__date__gte=start, created_at__date__lte=end)
            .order_by("measure_id", "-created_at")
            .values_list("measure_id", "created_at", "text", "percent")
        )
        for mid, at, text, percent in rows:
            if mid not in out:
                share = f"（完成{percent}%）" if percent is not None else ""
                out[mid] = _item(by_id[mid], f"{at.month}月{at.day}日报送：{text.strip()[:80]}{share}")
    except Exception:  # noqa: BLE001 - an unmigrated optional app must not break the report
        return []
    if "workflow" not in d.sources:
        d.sources.append("workflow")
    return [out[m.id] for m in measures if m.id in out]


def dispatch_data(unit: Unit, start: dt.date, end: dt.date, narrative: Narrative | None = None) -> DispatchData:
    report = report_data(unit, end, narrative)
    d = DispatchData(report=report, start=start, end=end)
    measures = list(
        Measure.objects.active().filter(finding__unit=unit).select_related("finding", "lead_department").order_by("finding__sort_key", "position", "id")
    )
    # Done in the period: closed through the workflow when it records closing dates, else the
    # last change of a completed measure (Measure.updated_at) within the period.
    closed: dict[int, dt.date] = {}
    wq = _optional("zhenggai.workflow.queries")
    if wq is not None and hasattr(wq, "closed_on"):
        try:
            closed = wq.closed_on([m.id for m in measures])
            d.sources.append("workflow")
        except Exception:  # noqa: BLE001 - a half-migrated optional app must not break the report
            closed = {}
    for m in measures:
        if m.status != Measure.Status.COMPLETED:
            continue
        when = closed.get(m.id) or (m.updated_at.date() if m.updated_at else None)
        if when and start <= when <= end:
            d.done.append(_item(m, f"完成于{when.month}月{when.day}日"))
    d.reported = _reported(measures, start, end, d)
    for m in measures:
        if m.is_overdue(end):
            d.overdue.append(_item(m, f"逾期{(end - m.deadline).days}天"))
    if wq is not None and hasattr(wq, "missing_reporters"):
        try:
            for group in wq.missing_reporters(unit, end):
                name = group.department.name if group.department else ""
                people = [u.get_full_name() or u.get_username() for u in group.reporters]
                d.missing.append((name, people, len(group.measures)))
            if "workflow" not in d.sources:
                d.sources.append("workflow")
        except Exception:  # noqa: BLE001
            d.missing = []
    warn = _optional("zhenggai.supervision.warnings")
    if warn is not None and hasattr(warn, "level_for"):
        thresholds = None
        sv = _optional("zhenggai.supervision.services")
        try:
            thresholds = sv.rule_for(unit).thresholds if sv is not None and hasattr(sv, "rule_for") else None
        except Exception:  # noqa: BLE001
            thresholds = None
        for m in measures:
            level = warn.level_for(m.deadline, m.status, end, thresholds) if thresholds else warn.level_for(m.deadline, m.status, end)
            if level:
                d.warnings.append(_item(m, WARNING_LABELS.get(level, level)))
        d.sources.append("supervision")
    else:
        # Without supervision: measures due within a week of the period's end.
        for m in measures:
            if m.deadline and m.status not in (Measure.Status.COMPLETED, Measure.Status.LONG_TERM) and end <= m.deadline <= end + dt.timedelta(days=7):
                d.warnings.append(_item(m, "临近完成时限"))
    return d
