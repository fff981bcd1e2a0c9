"""The ledger and its three lists as tables of rows, computed from the measures.

The problem list (问题清单), task list (任务清单) and responsibility list
(责任清单) are views over the same measures, never stored. exporting.py
writes these tables to .xlsx and CSV; the list pages render them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from typing import Any

from . import figures
from .access import Access
from .models import Finding, Measure, Unit
from .models.measures import MeasureStatus
from .queries import LedgerFilter, measures, problem_of


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    date: bool = False
    merge: bool = False  # merged downwards over rows of the same problem, as offices print it


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    groups: list[int] | None = None  # per row: which problem it belongs to (for merging)
    figures: figures.Figures | None = None  # the problem list's summary line (zhenggai.ledger.figures)


LEDGER_COLUMNS = [
    Column("序号", 6, merge=True),
    Column("方面", 18, merge=True),
    Column("问题", 30, merge=True),
    Column("具体问题", 26, merge=True),
    Column("整改措施", 44),
    Column("整改目标", 22),
    Column("措施类型", 10),
    Column("责任领导", 10),
    Column("牵头部门", 12),
    Column("责任部门", 14),
    Column("责任人", 10),
    Column("完成时限", 12, date=True),
    Column("整改状态", 10),
    Column("整改进展", 30),
    # The measure's stable key: a re-imported sheet is matched row by row on it (ledger/merging.py).
    Column("编号", 14),
]

LISTS = {
    "ledger": "整改台账",
    "problems": "问题清单",
    "tasks": "任务清单",
    "responsibilities": "责任清单",
}


def _depts(m: Measure) -> str:
    names = getattr(m, "department_names", None)  # set by exporting.load_measures: no related manager per row
    if names is not None:
        return "、".join(names)
    return "、".join(sorted(d.name for d in m.departments.all() if d.archived_at is None))


def _load(unit: Unit, access: Access | None, loaded: list[Measure] | None):
    return loaded if loaded is not None else measures(unit, None, access)


def ledger_table(
    unit: Unit, flt: LedgerFilter | None = None, access: Access | None = None, loaded: list[Measure] | None = None
) -> Table:
    # (sort key, position, number key, group, row): measures and bare problems, sorted together.
    entries: list[tuple[str, int, int, int, list[Any]]] = []
    seen: set[int] = set()
    for m in measures(unit, flt, access) if flt is not None else _load(unit, access, loaded):
        aspect, problem, item = problem_of(m)
        seen.add(m.finding_id)
        row = [
            0,
            aspect.title if aspect else "",
            problem.title if problem else "",
            item.title if item else "",
            m.text,
            m.target,
            m.get_kind_display(),
            m.leader,
            m.lead_department.name if m.lead_department else "",
            _depts(m),
            m.person,
            m.deadline,
            m.get_status_display(),
            m.progress,
            m.ref,
        ]
        entries.append((m.finding.sort_key, m.position, (problem or item or m.finding).id, m.finding_id, row))
    if (flt is None or flt.is_empty()) and (access is None or not access.reporter_only):
        entries.extend(_bare_findings(unit, seen))
    entries.sort(key=lambda e: (e[0], e[1]))
    numbers: dict[int, int] = {}
    rows, groups = [], []
    for _, _, numkey, group, row in entries:
        row[0] = numbers.setdefault(numkey, len(numbers) + 1)
        rows.append(row)
        groups.append(group)
    return Table("ledger", LISTS["ledger"], LEDGER_COLUMNS, rows, groups)


def _bare_findings(unit: Unit, seen: set[int]) -> list[tuple[str, int, int, int, list[Any]]]:
    """Problems (and aspects) without measures yet still belong in the ledger, and survive a round trip."""
    findings = list(Finding.objects.active().filter(unit=unit).select_related("parent__parent"))
    parents = {f.parent_id for f in findings if f.parent_id}
    out = []
    for f in findings:
        if f.id in parents or f.id in seen:
            continue
        chain = [*f.ancestors(), f]
        aspect = next((n.title for n in chain if n.level == Finding.Level.ASPECT), "")
        problem = next((n for n in chain if n.level == Finding.Level.PROBLEM), None)
        item = next((n.title for n in chain if n.level == Finding.Level.ITEM), "")
        row = [0, aspect, problem.title if problem else "", item, "", "", "", "", "", "", "", None, "", "", ""]
        out.append((f.sort_key, -1, (problem or f).id, f.id, row))
    return out


def problem_status(ms: list[Measure], today) -> str:
    """A problem's status, by the one rule the reports state it with (zhenggai.ledger.figures)."""
    return figures.problem_status([figures.MeasureFact(m.status, m.deadline) for m in ms], today)


def problems_table(unit: Unit, access: Access | None = None, loaded: list[Measure] | None = None) -> Table:
    by_finding: dict[int, list[Measure]] = {}
    for m in _load(unit, access, loaded):
        by_finding.setdefault(m.finding_id, []).append(m)
    findings = Finding.objects.active().filter(unit=unit).exclude(level=Finding.Level.ASPECT).select_related("parent__parent")
    if access is not None and access.reporter_only:
        findings = findings.filter(id__in=list(by_finding))
    parents = set(Finding.objects.active().filter(unit=unit, parent__isnull=False).values_list("parent_id", flat=True))
    today = timezone.localdate()
    rows = []
    for f in findings:
        ms = by_finding.get(f.id, [])
        if f.level == Finding.Level.PROBLEM and not ms and f.id in parents:
            continue  # its specific problems carry the measures
        chain = [*f.ancestors(), f]
        deadlines = [m.deadline for m in ms if m.deadline]
        rows.append(
            [
                len(rows) + 1,
                next((n.title for n in chain if n.level == Finding.Level.ASPECT), ""),
                next((n.title for n in chain if n.level == Finding.Level.PROBLEM), ""),
                f.title if f.level == Finding.Level.ITEM else "",
                len(ms),
                sum(1 for m in ms if m.status == MeasureStatus.COMPLETED),
                problem_status(ms, today),
                max(deadlines) if deadlines else None,
            ]
        )
    cols = [
        Column("序号", 6),
        Column("方面", 20),
        Column("问题", 36),
        Column("具体问题", 30),
        Column("措施数", 8),
        Column("已完成", 8),
        Column("整改状态", 14),
        Column("最迟时限", 12, date=True),
    ]
    return Table("problems", LISTS["problems"], cols, rows, figures=figures.unit_figures(unit, access, today))


def tasks_table(unit: Unit, access: Access | None = None, loaded: list[Measure] | None = None) -> Table:
    rows = []
    for m in _load(unit, access, loaded):
        aspect, problem, item = problem_of(m)
        rows.append(
            [
                len(rows) + 1,
                (item or problem or m.finding).title,
                m.text,
                m.target,
                m.get_kind_display(),
                m.deadline,
                m.get_status_display(),
            ]
        )
    cols = [
        Column("序号", 6),
        Column("问题", 34),
        Column("整改措施", 48),
        Column("整改目标", 26),
        Column("措施类型", 10),
        Column("完成时限", 12, date=True),
        Column("整改状态", 10),
    ]
    return Table("tasks", LISTS["tasks"], cols, rows)


def responsibilities_table(unit: Unit, access: Access | None = None, loaded: list[Measure] | None = None) -> Table:
    items = []
    for m in _load(unit, access, loaded):
        items.append(
            [
                m.leader,
                m.lead_department.name if m.lead_department else "",
                _depts(m),
                m.person,
                m.text,
                m.deadline,
                m.get_status_display(),
            ]
        )
    # Grouped the way it is read: by leader, then lead department (stable within).
    items.sort(key=lambda r: (r[0] == "", r[0], r[1] == "", r[1]))
    rows = [[i + 1, *r] for i, r in enumerate(items)]
    cols = [
        Column("序号", 6),
        Column("责任领导", 10),
        Column("牵头部门", 14),
        Column("责任部门", 16),
        Column("责任人", 10),
        Column("整改措施", 50),
        Column("完成时限", 12, date=True),
        Column("整改状态", 10),
    ]
    return Table("responsibilities", LISTS["responsibilities"], cols, rows)


def table(unit: Unit, which: str, access: Access | None = None, loaded: list[Measure] | None = None) -> Table:
    builders = {
        "ledger": ledger_table,
        "problems": problems_table,
        "tasks": tasks_table,
        "responsibilities": responsibilities_table,
    }
    if which not in builders:
        raise KeyError(which)
    if which == "ledger":
        return ledger_table(unit, None, access, loaded)
    return builders[which](unit, access, loaded=loaded)
