"""The clerk corrects a parsed document's outline before it is saved, and the corrections become test cases.

The import job keeps what the parser read (``parsed``) and the list of
operations (``corrections``); the outline shown and merged is always
``outline_edits.replay(parsed, corrections)``, so the preview of new/changed
/unchanged measures follows each correction and the same operations give the
same outline on a new parse of the same file. When a corrected import is
applied, the operations and the outline they give are kept as a
CorrectionExample (document hash and parser version with them).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from django.db import transaction

from zhenggai.parsing import Finding as ParsedFinding
from zhenggai.parsing import Report

from . import importing_doc, merging, outline_edits
from .models import CorrectionExample, ImportJob, ImportState, LedgerError

DOCUMENT_SUFFIXES = (".docx", ".txt", ".md")
EXPORT_FORMAT = "zhenggai.corrections/1"


def parser_version() -> str:
    import zhenggai
    import zhenggai.parsing as parsing

    return str(getattr(parsing, "__version__", None) or getattr(parsing, "PARSER_VERSION", None) or zhenggai.__version__)


def is_document(name: str) -> bool:
    return os.path.splitext(name.lower())[1] in DOCUMENT_SUFFIXES


def sha256_of(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parsed_facts(report: Report) -> dict[str, Any]:
    """What the job keeps of the parse: the report's JSON plus the parser's confidence, when it gives one."""
    data = report.to_dict()
    confidence = getattr(report, "confidence", None)
    data["confidence"] = confidence if isinstance(confidence, (int, float)) else None
    return data


def warning_texts(parsed: dict[str, Any] | None) -> list[str]:
    """The parser's warnings as sentences, whether it gives them as strings or as objects with a message."""
    out = []
    for w in (parsed or {}).get("warnings") or []:
        if isinstance(w, dict):
            w = w.get("message") or w.get("text") or "；".join(str(v) for v in w.values() if v)
        if str(w).strip():
            out.append(str(w).strip())
    return out


def tree(job: ImportJob) -> outline_edits.Tree:
    """The outline as corrected so far."""
    if not job.parsed:
        return []
    return outline_edits.replay(job.parsed.get("findings") or [], job.corrections or [])


def report_for(parsed: dict[str, Any], findings: outline_edits.Tree) -> Report:
    """A Report carrying the parsed facts and the (corrected) findings, for source_from_report."""
    from zhenggai.parsing.model import Contact, Inspection

    insp = parsed.get("inspection") or {}
    contact = parsed.get("contact") or {}
    return Report(
        title=parsed.get("title"), organization=parsed.get("organization"),
        inspection=Inspection(**{k: insp.get(k) for k in ("kind", "inspector", "round", "start", "end", "feedback")},
                              types=list(insp.get("types") or [])),
        findings=[ParsedFinding.from_dict(f) for f in findings],
        contact=Contact(phone=list(contact.get("phone") or []), email=list(contact.get("email") or []),
                        address=contact.get("address"), postcode=contact.get("postcode")),
        source=parsed.get("source"), warnings=list(parsed.get("warnings") or []),
    )


def source_for(job: ImportJob, corrections: list[dict] | None = None) -> merging.Source:
    ops = job.corrections if corrections is None else corrections
    findings = outline_edits.replay(job.parsed.get("findings") or [], ops or [])
    return importing_doc.source_from_report(report_for(job.parsed, findings), job.file_name)


def read_document(job: ImportJob, progress: merging.Progress) -> merging.Source:
    """Parse the upload once, keep the result on the job, and give the rows of the (uncorrected) outline."""
    if job.parsed is None:
        progress(10, "正在读取文件")
        report = importing_doc.parse_document(job.path)
        progress(35, "文档已解析")
        job.parsed = parsed_facts(report)
        job.document_sha256 = sha256_of(job.path)
        job.parser_version = parser_version()[:40]
        ImportJob.objects.filter(pk=job.pk).update(
            parsed=job.parsed, document_sha256=job.document_sha256, parser_version=job.parser_version
        )
    return source_for(job)


def _with_operations(job: ImportJob, change, seen: int | None) -> None:
    """Rebuild the preview from the parsed outline and ``change(current operations)``, and keep both on the job.

    The job row is locked for the change, and ``seen`` (how many corrections the clerk's page showed) must
    still be the count: a path like "1.0" means the tree the clerk saw, so a correction made meanwhile by
    someone else is never silently built upon.
    """
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().select_related("unit").get(pk=job.pk)
        if locked.state != ImportState.READY or not locked.parsed:
            raise LedgerError("这次导入已不在待确认状态，不能再更正")
        current = list(locked.corrections or [])
        if seen is not None and seen != len(current):
            raise LedgerError("提纲刚被他人更正过，下面已是最新的提纲，请核对后再改")
        ops = change(locked, current)
        try:
            source = source_for(locked, ops)
        except outline_edits.OutlineError as e:
            raise LedgerError(str(e)) from None
        plan = merging.plan_import(locked.unit, source)
        ImportJob.objects.filter(pk=job.pk).update(corrections=ops, plan=plan, errors=[])
    job.corrections, job.plan, job.errors = ops, plan, []


def correct(job: ImportJob, op: dict[str, Any], seen: int | None = None) -> None:
    """Apply one correction (checked against the current outline) and rebuild the preview; LedgerError if it cannot."""
    if job.state != ImportState.READY or not job.parsed:
        raise LedgerError("只有待确认的文档导入可以更正提纲")
    clean = {k: op[k] for k in ("op", "node", "measure", "to") if op.get(k) not in (None, "")}

    def change(locked: ImportJob, current: list[dict]) -> list[dict]:
        try:
            outline_edits.apply(tree(locked), clean)
        except outline_edits.OutlineError as e:
            raise LedgerError(str(e)) from None
        return [*current, clean]

    _with_operations(job, change, seen)


def undo(job: ImportJob, seen: int | None = None) -> None:
    def change(locked: ImportJob, current: list[dict]) -> list[dict]:
        if not current:
            raise LedgerError("没有可以撤销的更正")
        return current[:-1]

    _with_operations(job, change, seen)


def save_example(job: ImportJob, user=None) -> CorrectionExample | None:
    """Keep a corrected import as an example (once per job); nothing for an import without corrections."""
    if not job.corrections or not job.parsed:
        return None
    example, _ = CorrectionExample.objects.get_or_create(job=job, defaults={
        "document_sha256": job.document_sha256, "file_name": job.file_name[:255],
        "parser_version": job.parser_version, "operations": copy.deepcopy(job.corrections),
        "outline": outline_edits.outline(tree(job)),
        "created_by": user if getattr(user, "is_authenticated", False) else None,
    })
    return example


def export_examples(out: str | os.PathLike[str]) -> int:
    """Write every example to a JSON file (atomically: a temporary file renamed); the number written."""
    examples = [e.to_dict() for e in CorrectionExample.objects.all()]
    data = {"format": EXPORT_FORMAT, "examples": examples}
    target = Path(out)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target)
    return len(examples)
