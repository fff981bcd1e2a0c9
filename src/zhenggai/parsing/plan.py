"""A rectification plan (整改方案) and its task table (任务分解表).

The plan lists, for each fed-back problem, the measures and who answers for
them: in a Word table with 问题 / 整改措施 / 责任领导 / 责任单位 / 完成时限
columns, or in text with 责任领导：… 完成时限：… lines under each task. Both
give the same tree: problems (grouped by aspect when the table has an aspect
column), each with its measures as tasks (measure, leader, unit, deadline).
"""

from __future__ import annotations

import re

from .clean import table_cells
from .dates import find_dates
from .lexicon import PLAN_COLUMNS, PLAN_FIELD_HINT, PLAN_FIELD_VALUE, TABLE_INDEX_CELL
from .measures import split_measures
from .model import Finding, Task

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"\s")


def _column(header: str) -> str | None:
    h = _RX0.sub("", header)
    for name, rx in PLAN_COLUMNS:
        if rx.search(h):
            return name
    return None


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column positions when the row is a task table's header (措施 and 责任 or 时限)."""
    cols: dict[str, int] = {}
    for i, c in enumerate(cells):
        name = _column(c)
        if name and name not in cols:
            cols[name] = i
    if "measure" in cols and ({"leader", "unit", "deadline"} & cols.keys()):
        return cols
    return None


def find_task_table(lines: list[str]) -> tuple[int, dict[str, int]] | None:
    for i, line in enumerate(lines):
        cells = table_cells(line)
        if cells:
            cols = header_columns(cells)
            if cols:
                return i, cols
    return None


def due_date(deadline: str | None) -> str | None:
    """The deadline as an ISO date; 底/前/月底 keep the month, 长期坚持 gives none."""
    if not deadline:
        return None
    for d in find_dates(deadline):
        iso = d.iso()
        if iso:
            return iso
    return None


def _value(cells: list[str], cols: dict[str, int], name: str) -> str | None:
    i = cols.get(name)
    if i is None or i >= len(cells):
        return None
    v = cells[i].strip()
    return v or None


def tasks_from_table(lines: list[str]) -> list[Finding]:
    """The tree of a 任务分解表: one finding per problem, one task per measure."""
    found = find_task_table(lines)
    if found is None:
        return []
    start, cols = found
    tops: list[Finding] = []
    aspect: Finding | None = None
    problem: Finding | None = None
    for line in lines[start + 1:]:
        cells = table_cells(line)
        if cells is None:
            continue
        if header_columns(cells):
            continue  # the header repeated on a new page
        asp = _value(cells, cols, "aspect")
        prob = _value(cells, cols, "problem")
        measure = _value(cells, cols, "measure")
        if asp and TABLE_INDEX_CELL.match(asp):
            asp = None
        if asp and (aspect is None or aspect.title != asp):
            aspect = Finding(title=asp)
            tops.append(aspect)
            problem = None
        if prob and (problem is None or problem.title != prob):
            problem = Finding(title=prob)
            (aspect.children if aspect else tops).append(problem)
        if not measure:
            continue
        if problem is None:
            problem = Finding(title=measure)
            (aspect.children if aspect else tops).append(problem)
        deadline = _value(cells, cols, "deadline")
        unit = _value(cells, cols, "unit")
        helper = _value(cells, cols, "helper")
        if helper:
            unit = f"{unit}；配合：{helper}" if unit else helper
        for m in split_measures([measure]) or [measure]:
            problem.measures.append(m)
            problem.tasks.append(Task(m, _value(cells, cols, "leader"), unit, deadline, due_date(deadline)))
    return tops


def fields_of(body: list[str]) -> dict[str, str]:
    """责任领导：… 责任单位：… 完成时限：… written under a task in text."""
    out: dict[str, str] = {}
    for line in body:
        if not PLAN_FIELD_HINT.search(line):
            continue
        for m in PLAN_FIELD_VALUE.finditer(line):
            key = m.group("key")
            name = "leader" if "领导" in key else "deadline" if "时" in key else "helper" if "配合" in key else "unit"
            if name == "unit" and key == "责任人" and "leader" not in out:
                name = "leader"
            out.setdefault(name, m.group("value").strip())
    return out


def attach_tasks(finding: Finding, body: list[str]) -> None:
    """Give each measure of a text plan the fields written under it."""
    f = fields_of(body)
    if not f or not finding.measures:
        return
    unit = f.get("unit")
    if f.get("helper"):
        unit = f"{unit}；配合：{f['helper']}" if unit else f["helper"]
    finding.tasks = [Task(m, f.get("leader"), unit, f.get("deadline"), due_date(f.get("deadline"))) for m in finding.measures]
