"""A parsed feedback or report document becomes a unit's feedback tree and measures.

The parser (zhenggai.parsing) knows nothing of Django; this module maps its
Report onto the ledger: headings by depth become 方面 → 问题 → 具体问题, the
listed measures (一是…二是…) become measures, the finding's status their status.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from django.db import transaction

from zhenggai.parsing import Finding as ParsedFinding
from zhenggai.parsing import ParseError, Report

from . import services
from .models import Finding, InspectionKind, LedgerError, Measure, Unit
from .models.measures import MeasureKind, MeasureStatus

STATUS_FROM_REPORT = {
    "completed": MeasureStatus.COMPLETED,
    "ongoing": MeasureStatus.IN_PROGRESS,
    "long_term": MeasureStatus.LONG_TERM,
}

_NUMBER = re.compile(r"^\s*([（(]?[一二三四五六七八九十百零〇\d]+[)）]?[、.．]?)\s*")


@dataclass
class ImportResult:
    unit: Unit
    findings: int = 0
    measures: int = 0
    archived: int = 0

    def summary(self) -> str:
        text = f"导入 {self.findings} 个问题（含方面）、{self.measures} 条整改措施"
        if self.archived:
            text += f"，原有 {self.archived} 条记录已归档"
        return text


def _height(f: ParsedFinding) -> int:
    return 1 + max((_height(c) for c in f.children), default=0)


def _levels(report: Report) -> list[str]:
    """Tree depth → level. Two levels are 方面/问题, three add 具体问题; one level is problems only."""
    height = max((_height(f) for f in report.findings), default=0)
    if height <= 1:
        return [Finding.Level.PROBLEM]
    if height == 2:
        return [Finding.Level.ASPECT, Finding.Level.PROBLEM]
    return [Finding.Level.ASPECT, Finding.Level.PROBLEM, Finding.Level.ITEM]


def _split_number(title: str) -> tuple[str, str]:
    m = _NUMBER.match(title)
    if m and len(title) > m.end():
        return m.group(1).strip("、.． "), title[m.end():].strip()
    return "", title.strip()


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _ensure_unit_empty(unit: Unit, replace: bool, user) -> int:
    if Finding.objects.active().filter(unit=unit).exists():
        if not replace:
            raise LedgerError(f"“{unit.name}”已有反馈问题；如需重新导入，请勾选“替换现有台账”（命令行加 --replace），原记录归档保留")
        return services.archive_feedback(unit, user)
    return 0


@transaction.atomic
def import_report(unit: Unit, report: Report, user=None, replace: bool = False) -> ImportResult:
    """Build the unit's ledger from one parsed report. All or nothing."""
    if not report.findings:
        raise LedgerError("文档中没有识别出反馈问题，未导入任何内容")
    result = ImportResult(unit=unit, archived=_ensure_unit_empty(unit, replace, user))
    levels = _levels(report)
    _fill_round_facts(unit, report)

    def add(node: ParsedFinding, parent: Finding | None, depth: int) -> None:
        level = levels[min(depth, len(levels) - 1)]
        if node.measures and level == Finding.Level.ASPECT:
            level = Finding.Level.PROBLEM
        number, title = _split_number(node.title)
        finding = services.add_finding(unit, level, title or node.title, parent=parent, number=number, user=user)
        result.findings += 1
        status = STATUS_FROM_REPORT.get(node.status or "", MeasureStatus.NOT_STARTED)
        kind = MeasureKind.LONG_TERM if status == MeasureStatus.LONG_TERM else MeasureKind.DEADLINE
        for text in node.measures:
            if text.strip():
                services.add_measure(finding, text[:5000], user=user, status=status, kind=kind)
                result.measures += 1
        for child in node.children:
            add(child, finding, depth + 1)

    for top in report.findings:
        add(top, None, 0)
    if result.measures == 0 and not Finding.objects.active().filter(unit=unit, level=Finding.Level.PROBLEM).exists():
        raise LedgerError("文档中没有识别出问题和整改措施，未导入任何内容")
    return result


def _fill_round_facts(unit: Unit, report: Report) -> None:
    """Copy what the document says about the inspection into empty fields only."""
    insp = report.inspection
    rnd = unit.inspection
    changed = []
    for attr, value in (
        ("kind", insp.kind if insp.kind in InspectionKind.values else None),
        ("inspector", (insp.inspector or "")[:200]),
        ("round", (insp.round or "")[:100]),
        ("types", "、".join(insp.types)[:200]),
        ("start", _iso(insp.start)),
        ("end", _iso(insp.end)),
    ):
        if not value or value == getattr(rnd, attr):
            continue
        # kind always has a default, so the document decides it while the round has only this unit.
        only_unit = not rnd.units.exclude(pk=unit.pk).exists()
        if not getattr(rnd, attr) or (attr == "kind" and only_unit):
            setattr(rnd, attr, value)
            changed.append(attr)
    if changed:
        rnd._change_reason = "ledger.round.from_document"
        rnd.save(update_fields=changed)
    fb = _iso(insp.feedback)
    if fb and not unit.feedback_date:
        unit.feedback_date = fb
        unit._change_reason = "ledger.unit.from_document"
        unit.save(update_fields=["feedback_date"])


MAX_DOC_BYTES = 20 * 1024 * 1024


def parse_document(path: str | os.PathLike[str]) -> Report:
    """Parse a .txt/.docx file into one report; parser errors become LedgerError."""
    from zhenggai.parsing import parse_file

    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise LedgerError(f"无法读取文件: {e}") from None
    if size > MAX_DOC_BYTES:
        raise LedgerError(f"文件过大（{size // 1024 // 1024} MB），上限 {MAX_DOC_BYTES // 1024 // 1024} MB")
    try:
        reports = parse_file(path)
    except ParseError as e:
        raise LedgerError(f"文档无法解析: {e.message}") from None
    except (UnicodeError, ValueError, KeyError, OSError) as e:  # a broken file the parser did not catch
        raise LedgerError(f"文档无法读取（文件损坏或编码无法识别）: {type(e).__name__}") from None
    if not reports:
        raise LedgerError("文档中没有识别出整改报告或反馈意见")
    return reports[0]


def measure_count(unit: Unit) -> int:
    return Measure.objects.active().filter(finding__unit=unit).count()
