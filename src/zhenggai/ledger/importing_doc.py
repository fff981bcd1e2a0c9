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

from zhenggai.parsing import Finding as ParsedFinding
from zhenggai.parsing import ParseError, Report

from . import merging
from .models import Finding, InspectionKind, LedgerError, Measure, Unit
from .models.measures import MeasureStatus

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
    applied: merging.Applied | None = None

    def summary(self) -> str:
        if self.applied is not None and (self.applied.updated or self.applied.archived or self.applied.requests or self.applied.prompts):
            return self.applied.summary()
        return f"导入 {self.findings} 个问题（含方面）、{self.measures} 条整改措施"


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


def source_from_report(report: Report, name: str = "") -> merging.Source:
    """The report's tree as incoming rows (one per measure, or per problem without measures) and its facts."""
    if not report.findings:
        raise LedgerError("文档中没有识别出反馈问题，未导入任何内容")
    levels = _levels(report)
    rows: list[merging.Incoming] = []

    def walk(node: ParsedFinding, path: list[tuple[str, str, str]], depth: int) -> None:
        level = levels[min(depth, len(levels) - 1)]
        if node.measures and level == Finding.Level.ASPECT:
            level = Finding.Level.PROBLEM
        number, title = _split_number(node.title)
        here = [*path, (level, (title or node.title)[:5000], number)]
        status = STATUS_FROM_REPORT.get(node.status or "")
        texts = [t.strip()[:5000] for t in node.measures if t.strip()]
        for text in texts:
            fields = {"status": status} if status else {}
            rows.append(merging.Incoming(path=here, text=text, fields=fields, where=f"第 {len(rows) + 1} 条措施"))
        if not texts and not node.children:
            rows.append(merging.Incoming(path=here, where=f"问题“{title[:20]}”"))
        for child in node.children:
            walk(child, here, depth + 1)

    for top in report.findings:
        walk(top, [], 0)
    if not any(r.text for r in rows) and not any(p[0] == Finding.Level.PROBLEM for r in rows for p in r.path):
        raise LedgerError("文档中没有识别出问题和整改措施，未导入任何内容")
    insp = report.inspection
    contact = report.contact
    contacts = {
        "phone": "、".join(contact.phone)[:200],
        "email": "、".join(contact.email)[:200],
        "address": (contact.address or "")[:300],
        "postcode": (contact.postcode or "")[:12],
    }
    return merging.Source(
        kind="doc", name=name, rows=rows, organization=(report.organization or "")[:200],
        group=(insp.inspector or "")[:200], contacts=contacts,
        inspection={
            "kind": insp.kind, "inspector": insp.inspector, "round": insp.round, "types": list(insp.types),
            "start": insp.start, "end": insp.end, "feedback": insp.feedback,
        },
    )


def import_report(unit: Unit, report: Report, user=None) -> ImportResult:
    """Merge one parsed report into the unit's ledger at once (no preview; nothing is archived)."""
    plan = merging.plan_import(unit, source_from_report(report))
    done = merging.apply_import(unit, plan, user=user, confirm_organization=True)
    return ImportResult(unit=unit, findings=done.findings, measures=done.created, applied=done)


def fill_round_facts(unit: Unit, insp: dict) -> None:
    """Copy what the document says about the inspection into empty fields only."""
    rnd = unit.inspection
    changed = []
    for attr, value in (
        ("kind", insp.get("kind") if insp.get("kind") in InspectionKind.values else None),
        ("inspector", (insp.get("inspector") or "")[:200]),
        ("round", (insp.get("round") or "")[:100]),
        ("types", "、".join(insp.get("types") or [])[:200]),
        ("start", _iso(insp.get("start"))),
        ("end", _iso(insp.get("end"))),
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
    fb = _iso(insp.get("feedback"))
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
        raise LedgerError(f"文档无法解析：{reason_of(e)}") from None
    except (UnicodeError, ValueError, KeyError, OSError):  # a broken file the parser did not catch
        raise LedgerError("文档无法读取（文件损坏或编码无法识别）") from None
    if not reports:
        raise LedgerError("文档中没有识别出整改报告或反馈意见")
    return reports[0]


_ENGLISH_TAIL = re.compile(r"\s*\([\x20-\x7e]*\)\s*$")


def reason_of(e: ParseError) -> str:
    """The parser's reason as a web page tells it: its Chinese part, without the English gloss the
    command line adds or the (temporary) path of the file."""
    return _ENGLISH_TAIL.sub("", e.message).strip() or "文件无法读取"


def measure_count(unit: Unit) -> int:
    return Measure.objects.active().filter(finding__unit=unit).count()
