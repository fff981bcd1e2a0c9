"""Importing an Excel 任务分解表 (task breakdown table) into a unit's ledger.

Offices make these tables by hand, so headers are recognised loosely (序号,
问题/存在问题, 整改措施, 责任领导, 牵头部门, 责任部门, 责任人, 完成时限…),
a title row and two-row headers are skipped, merged cells are read as their
top-left value, and a blank problem cell means "same problem as above".
Every bad row is reported with its Excel row number; nothing is imported
while any row fails.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import IO, Any

from . import merging
from .importing_doc import ImportResult
from .models import Finding, LedgerError, Unit
from .models.measures import MeasureKind
from .values import ValueProblem, clean_text, parse_date, parse_kind, parse_status, split_names

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
MAX_TEXT = 5000

HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "序"),
    # The stable key the export writes (Measure.ref); a re-import matches rows by it.
    "key": ("编号", "措施编号", "台账编号"),
    "aspect": ("方面", "问题方面", "反馈方面", "问题类别", "类别", "问题类型"),
    "problem": ("问题", "存在问题", "反馈问题", "问题描述", "巡察反馈问题", "巡视反馈问题", "主要问题", "问题清单"),
    "item": ("具体问题", "具体表现", "问题表现", "具体问题表现", "问题具体表现"),
    "measure": ("整改措施", "措施", "具体措施", "整改举措", "整改任务"),
    "target": ("整改目标", "目标", "整改标准", "目标标准", "整改目标及标准", "完成标准", "整改目标和标准"),
    "kind": ("措施类型", "整改类型", "整改方式"),
    "leader": ("责任领导", "分管领导", "牵头领导", "牵头责任领导", "领导责任"),
    "lead_department": ("牵头部门", "牵头单位", "牵头科室", "牵头处室", "牵头责任部门", "牵头责任单位"),
    "departments": ("责任部门", "配合部门", "责任单位", "协办部门", "其他责任部门", "参与部门", "配合单位", "责任科室", "责任处室"),
    "person": ("责任人", "具体责任人", "经办人"),
    "deadline": ("完成时限", "整改时限", "完成时间", "时限", "截止时间", "完成期限", "整改期限"),
    "status": ("整改状态", "状态", "进展状态", "是否完成"),
    "progress": ("整改进展", "进展情况", "整改情况", "完成情况", "整改落实情况"),
}

_PAREN = re.compile(r"[（(][^)）]*[)）]")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]).*|.*方面[”」]?\s*$")


def _norm(text: Any) -> str:
    return _PAREN.sub("", "".join(clean_text(text).split()))


def header_key(text: Any, exact: bool = False) -> str | None:
    """Which ledger column a header cell means, or None."""
    h = _norm(text)
    if not h or len(h) > 20:
        return None
    for key, names in HEADERS.items():
        if h in names:
            return key
    if exact:
        return None
    best, best_len = None, 0
    for key, names in HEADERS.items():
        for name in names:
            if len(name) >= 2 and name in h and len(name) > best_len:
                best, best_len = key, len(name)
    return best


class XlsxImportError(LedgerError):
    """One message per failed row; nothing was imported."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("Excel 表格有错误，未导入任何内容：\n" + "\n".join(errors[:50]))


@dataclass
class Row:
    number: int
    aspect: str = ""
    problem: str = ""
    item: str = ""
    measure: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    lead_department: str = ""
    departments: list[str] = field(default_factory=list)
    key: str = ""
    columns: frozenset[str] = frozenset()  # the ledger columns the sheet has
    filled: frozenset[str] = frozenset()  # the detail cells of this row that are not empty


def find_columns(rows: list[list[Any]]) -> tuple[dict[str, int], int] | None:
    """(column index per key, index of the first data row), or None if no header found."""
    for r, row in enumerate(rows[:15]):
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = header_key(cell)
            if key and key not in cols:
                cols[key] = c
        if "measure" not in cols or not ({"problem", "item"} & set(cols)):
            continue
        start = r + 1
        # A two-row header: sub-headers (责任领导/牵头部门/责任人 under 责任主体) in the next row,
        # written exactly as header words and under group cells the first row did not recognise.
        if start < len(rows):
            sub = {c: header_key(cell, exact=True) for c, cell in enumerate(rows[start])}
            fresh = {c: k for c, k in sub.items() if k and k not in cols}
            if len(fresh) >= 2 and len(set(fresh.values())) == len(fresh):
                for c, key in fresh.items():
                    cols[key] = c
                start += 1
        return cols, start
    return None


def _cell(row: list[Any], cols: dict[str, int], key: str) -> Any:
    c = cols.get(key)
    return row[c] if c is not None and c < len(row) else None


def read_rows(rows: list[list[Any]], cols: dict[str, int], first: int) -> list[Row]:
    """Turn sheet rows into Rows, collecting every row's errors before failing."""
    out: list[Row] = []
    errors: list[str] = []
    last = Row(number=0)
    has_aspect_col = "aspect" in cols
    columns = frozenset(cols)
    for i in range(first, len(rows)):
        raw = rows[i]
        n = i + 1  # Excel's row number
        texts = [clean_text(v) for v in raw if clean_text(v)]
        if not texts:
            continue
        problems: list[str] = []
        row = Row(number=n)
        measure = clean_text(_cell(raw, cols, "measure"))
        problem = clean_text(_cell(raw, cols, "problem"))
        # One text across the row: a heading "一、……方面" (merged across the table), or a
        # note such as "注：……" / "填报单位：……" that is not part of the ledger.
        if len(set(texts)) == 1 and (len(texts) > 1 or not (problem or measure)) and (not measure or measure == texts[0]):
            if not has_aspect_col and _HEADING.match(texts[0]):
                last = Row(number=n, aspect=texts[0])
            continue
        row.aspect = clean_text(_cell(raw, cols, "aspect")) or last.aspect
        row.problem = problem or (last.problem if (measure or _cell(raw, cols, "item")) else "")
        row.item = clean_text(_cell(raw, cols, "item"))
        if not row.item and not problem and measure and last.item:
            row.item = last.item
        row.measure = measure
        row.key = clean_text(_cell(raw, cols, "key"))[:20]
        row.columns = columns
        for key in ("aspect", "problem", "item", "measure"):
            if len(getattr(row, key)) > MAX_TEXT:
                problems.append(f"{key}内容超过 {MAX_TEXT} 字")
        details = {k: _cell(raw, cols, k) for k in ("target", "kind", "leader", "lead_department", "departments", "person", "deadline", "status", "progress")}
        has_details = any(clean_text(v) for v in details.values())
        row.filled = frozenset(k for k, v in details.items() if clean_text(v))
        if not row.problem and not row.item:
            if row.aspect and not measure and not has_details:
                last = Row(number=n, aspect=row.aspect)
                out.append(row)
                continue
            if measure:
                problems.append("缺少“问题”")
            elif not has_details:
                continue  # only a number or text in columns the ledger does not keep
        if not measure and has_details:
            problems.append("填写了责任或时限，但缺少“整改措施”")
        kind_text = clean_text(details["kind"])
        deadline_text = clean_text(details["deadline"]) if not isinstance(details["deadline"], dt.date) else ""
        try:
            kind = parse_kind(kind_text)
            if not kind_text and deadline_text in ("长期坚持", "长期", "持续推进"):
                kind = MeasureKind.LONG_TERM
            elif not kind_text and deadline_text in ("立行立改", "立即整改"):
                kind = MeasureKind.IMMEDIATE
            row.fields["kind"] = kind
        except ValueProblem as e:
            problems.append(str(e))
        try:
            if deadline_text in ("长期坚持", "长期", "持续推进", "立行立改", "立即整改"):
                row.fields["deadline"] = None
            else:
                row.fields["deadline"] = parse_date(details["deadline"])
        except ValueProblem as e:
            problems.append(str(e))
        try:
            row.fields["status"] = parse_status(details["status"])
        except ValueProblem as e:
            problems.append(str(e))
        for key, limit in (("leader", 100), ("person", 100)):
            value = clean_text(details[key])
            if len(value) > limit:
                problems.append(f"“{key}”超过 {limit} 字")
            row.fields[key] = value[:limit]
        row.fields["target"] = clean_text(details["target"])[:MAX_TEXT]
        row.fields["progress"] = clean_text(details["progress"])[:MAX_TEXT]
        leads = split_names(details["lead_department"])
        row.lead_department = leads[0] if leads else ""
        row.departments = [d for d in split_names(details["departments"]) if d != row.lead_department] + leads[1:]
        if any(len(d) > 100 for d in [row.lead_department, *row.departments]):
            problems.append("部门名称超过 100 字")
        if problems:
            errors.append(f"第 {n} 行：" + "；".join(problems))
        else:
            out.append(row)
        last = row
    if errors:
        raise XlsxImportError(errors)
    if not any(r.measure for r in out) and not any(r.problem for r in out):
        raise LedgerError("表格中没有找到问题和整改措施")
    return out


def load_rows(source: str | IO[bytes]) -> list[Row]:
    """Open the workbook and read the first sheet with a recognisable header.

    xlsx_guard opens it (limits, zip bomb, broken parts: one Chinese message) and
    fills merged ranges with their top-left value.
    """
    from . import xlsx_guard

    for sheet in xlsx_guard.read_sheets(source):
        found = find_columns(sheet.rows)
        if found:
            cols, first = found
            return read_rows(sheet.rows, cols, first)
    raise LedgerError("没有找到表头：表格需要包含“问题”和“整改措施”两列（以及 责任领导、牵头部门、责任人、完成时限 等）")


def source_from_rows(rows: list[Row], name: str = "") -> merging.Source:
    """Sheet rows as incoming rows: a column the sheet lacks is left alone; an empty 措施类型/整改状态 cell too."""
    out: list[merging.Incoming] = []
    for row in rows:
        path: list[tuple[str, str, str]] = []
        if row.aspect:
            path.append((Finding.Level.ASPECT, row.aspect, ""))
        if row.problem:
            path.append((Finding.Level.PROBLEM, row.problem, ""))
        if row.item:
            path.append((Finding.Level.ITEM if row.problem else Finding.Level.PROBLEM, row.item, ""))
        if not path:
            continue
        fields: dict[str, Any] = {}
        for key in ("target", "leader", "person", "deadline", "progress"):
            if key in row.columns and key in row.fields:
                fields[key] = row.fields[key]
        if "kind" in row.filled or ("deadline" in row.filled and row.fields.get("kind") != MeasureKind.DEADLINE):
            fields["kind"] = row.fields["kind"]
        if "status" in row.filled:
            fields["status"] = row.fields["status"]
        out.append(merging.Incoming(
            path=path, text=row.measure, key=row.key, fields=fields,
            lead_department=row.lead_department if "lead_department" in row.columns else None,
            departments=row.departments if ({"departments", "lead_department"} & row.columns) else None,
            where=f"第 {row.number} 行",
        ))
    return merging.Source(kind="xlsx", name=name, rows=out)


def import_rows(unit: Unit, rows: list[Row], user=None) -> ImportResult:
    """Merge sheet rows into the unit's ledger at once (no preview; nothing is archived)."""
    plan = merging.plan_import(unit, source_from_rows(rows))
    done = merging.apply_import(unit, plan, user=user)
    return ImportResult(unit=unit, findings=done.findings, measures=done.created, applied=done)


def import_xlsx(unit: Unit, source: str | IO[bytes], user=None) -> ImportResult:
    return import_rows(unit, load_rows(source), user=user)
