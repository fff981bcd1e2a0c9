"""The ledger and its three lists as tables of rows, computed from the measures.

The problem list (问题清单), task list (任务清单) and responsibility list
(责任清单) are views over the same measures, never stored. exporting.py
writes these tables to .xlsx and CSV; the list pages render them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from typing import Any

from . import figures
from .access import Access
from .models import Finding, Measure, Unit
from .models.measures import MeasureKind, MeasureStatus
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
    # The problem list's summary line (zhenggai.ledger.figures), counted when a page shows it:
    # the exports never write it, and at 10,000 measures it costs a fifth of the export.
    count_figures: Callable[[], figures.Figures] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def figures(self) -> figures.Figures | None:
        return self.count_figures() if self.count_figures is not None else None


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


class Place:
    """A finding as the tables read it: enough of the model for ``problem_of`` and the sort."""

    __slots__ = ("id", "parent", "level", "title", "sort_key")

    def __init__(self, id: int, level: str, title: str, sort_key: str) -> None:  # noqa: A002 - the model's name
        self.id, self.level, self.title, self.sort_key, self.parent = id, level, title, sort_key, None

    def ancestors(self) -> list[Place]:
        chain: list[Place] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


def places(unit: Unit) -> dict[int, Place]:
    """Every finding of the unit (archived ones too: an active item may hang under them), linked to its parent."""
    rows = list(Finding.objects.filter(unit=unit).order_by().values_list("id", "parent_id", "level", "title", "sort_key"))
    nodes = {fid: Place(fid, level, title, key) for fid, _, level, title, key in rows}
    for fid, parent_id, *_ in rows:
        if parent_id is not None:
            nodes[fid].parent = nodes.get(parent_id)
    return nodes


class _Named:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


_KIND_LABELS = dict(MeasureKind.choices)
_STATUS_LABELS = dict(MeasureStatus.choices)
_ROW_FIELDS = ("id", "finding_id", "position", "text", "target", "kind", "status", "leader", "lead_department_id",
               "lead_department__name", "person", "deadline", "progress", "ref")


class LedgerRow:
    """A measure as the tables and exports read it: the same attributes as the model's, read as
    one flat query. A province's 10,000-row export spends more building model instances (and
    their finding chains) than writing the sheet."""

    __slots__ = ("id", "finding_id", "finding", "position", "text", "target", "kind", "status", "leader",
                 "lead_department", "person", "deadline", "progress", "ref", "department_names")

    def get_kind_display(self) -> str:
        return _KIND_LABELS.get(self.kind, self.kind)

    def get_status_display(self) -> str:
        return _STATUS_LABELS.get(self.status, self.status)


def load_rows(unit: Unit, access: Access | None = None) -> list[LedgerRow]:
    """The unit's measures as ``access`` may see them, in ledger order, with their findings and
    live 责任部门 (sorted): three flat queries whatever the size."""
    from collections import defaultdict

    qs = measures(unit, None, access).prefetch_related(None).select_related(None)
    nodes = places(unit)
    names: dict[int, list[str]] = defaultdict(list)
    through = Measure.departments.through
    for mid, name in (through.objects.filter(measure__in=qs.values("id"), department__archived_at__isnull=True)
                      .order_by().values_list("measure_id", "department__name")):
        names[mid].append(name)
    rows = []
    for (mid, fid, position, text, target, kind, status, leader, lead_id, lead_name, person, deadline, progress,
         ref) in qs.values_list(*_ROW_FIELDS):
        row = LedgerRow()
        row.id, row.finding_id, row.finding, row.position = mid, fid, nodes[fid], position
        row.text, row.target, row.kind, row.status, row.leader = text, target, kind, status, leader
        row.lead_department = _Named(lead_name) if lead_id is not None else None
        row.person, row.deadline, row.progress, row.ref = person, deadline, progress, ref
        row.department_names = sorted(names.get(mid, ()))
        rows.append(row)
    return rows


def _load(unit: Unit, access: Access | None, loaded: list | None):
    return loaded if loaded is not None else load_rows(unit, access)


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
    active = list(Finding.objects.active().filter(unit=unit).values_list("id", "parent_id"))  # in tree order
    parents = {parent_id for _, parent_id in active if parent_id}
    bare = [fid for fid, _ in active if fid not in parents and fid not in seen]
    nodes = places(unit) if bare else {}
    out = []
    for f in (nodes[fid] for fid in bare):
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
    active = list(Finding.objects.active().filter(unit=unit).values_list("id", "parent_id", "level"))  # in tree order
    parents = {parent_id for _, parent_id, _ in active if parent_id is not None}
    nodes = places(unit)
    findings = [nodes[fid] for fid, _, level in active if level != Finding.Level.ASPECT]
    if access is not None and access.reporter_only:
        findings = [f for f in findings if f.id in by_finding]
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
    return Table("problems", LISTS["problems"], cols, rows,
                 count_figures=lambda: figures.unit_figures(unit, access, today))


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
