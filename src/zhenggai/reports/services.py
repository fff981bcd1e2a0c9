"""Report verbs: get a draft, save its narrative, build it, issue it. Views, CLI and tests call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from zhenggai.ledger import exporting, lists
from zhenggai.ledger.models import LedgerError, Unit

from . import compose
from .compose import Document, Narrative
from .data import report_data
from .dispatch import dispatch_data
from .models import IssuedReport, ReportDraft, ReportKind
from .render_docx import render_docx, tables_docx
from .render_html import render_html
from .render_text import render_text

NARRATIVE_FIELDS = ("basic", "next_steps", "phone", "address", "postcode", "email")
DRAFT_FIELDS = (*NARRATIVE_FIELDS, "as_of", "period_start")
LIST_KEYS = ("problems", "tasks", "responsibilities")


def _stamp(obj, user, reason: str) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = user
    obj._change_reason = reason


def draft_for(unit: Unit, kind: str, user=None) -> ReportDraft:
    """The unit's draft of this kind, created empty on first use."""
    if kind not in ReportKind.values:
        raise LedgerError(f"未知的报告类别：{kind}")
    draft = ReportDraft.objects.filter(unit=unit, kind=kind).first()
    if draft is None:
        draft = ReportDraft(unit=unit, kind=kind, as_of=dt.date.today())
        if kind == ReportKind.DISPATCH:
            draft.period_start = draft.as_of - dt.timedelta(days=30)
        _stamp(draft, user, "reports.draft.create")
        draft.save()
    return draft


@transaction.atomic
def save_draft(draft: ReportDraft, user, **changes) -> list[str]:
    """Save the changed narrative fields; returns their names (nothing saved when none changed)."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise LedgerError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    changed = [k for k, v in changes.items() if getattr(draft, k) != v]
    if draft.kind == ReportKind.DISPATCH:
        start = changes.get("period_start", draft.period_start)
        end = changes.get("as_of", draft.as_of)
        if start and end and start > end:
            raise LedgerError("调度起始日期不能晚于截止日期")
    if not changed:
        return []
    for k in changed:
        setattr(draft, k, changes[k])
    _stamp(draft, user, "reports.draft.edit")
    draft.save(update_fields=[*changed, "updated_at", "updated_by"])
    return changed


ACTIONS = {"reports.draft.create": "创建草稿", "reports.draft.edit": "修改草稿"}


def action_label(code: str | None) -> str:
    """The audit code of a draft's history row, as the page shows it."""
    code = code or ""
    if code.startswith("reports.report.issue:v"):
        return f"印发第{code.rsplit(':v', 1)[1]}版"
    return ACTIONS.get(code, code)


def narrative(draft: ReportDraft) -> Narrative:
    return Narrative(**{k: getattr(draft, k) for k in NARRATIVE_FIELDS})


def compose_draft(draft: ReportDraft) -> Document:
    """The document as the ledger stands now, with the draft's words."""
    if draft.kind == ReportKind.DISPATCH:
        start = draft.period_start or draft.as_of - dt.timedelta(days=30)
        return compose.compose_dispatch(dispatch_data(draft.unit, start, draft.as_of, narrative(draft)))
    data = report_data(draft.unit, draft.as_of, narrative(draft))
    return compose.compose_public(data, compose.FINAL if draft.kind == ReportKind.FINAL else compose.PROGRESS)


@dataclass
class Built:
    document: Document
    text: str
    html: str
    docx: bytes


def build(draft: ReportDraft) -> Built:
    doc = compose_draft(draft)
    return Built(doc, render_text(doc), render_html(doc), render_docx(doc))


def figures_dict(doc: Document) -> dict:
    f = doc.figures
    if f is None:
        return {}
    return {
        "aspects": f.aspects,
        "problems": f.problems,
        "measures": f.measures,
        "measures_done": f.measures_done,
        "by_status": dict(f.by_status),
        "completed": f.completed,
        "rate": str(f.rate),
    }


@transaction.atomic
def issue(draft: ReportDraft, user) -> IssuedReport:
    """Freeze the draft as the next version: text, HTML and .docx as they are now, with sha256."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    built = build(draft)
    last = IssuedReport.objects.filter(unit=draft.unit, kind=draft.kind).aggregate(v=Max("version"))["v"] or 0
    issued = IssuedReport(
        unit=draft.unit,
        draft=draft,
        kind=draft.kind,
        version=last + 1,
        as_of=draft.as_of,
        title=built.document.title[:300],
        text=built.text,
        html=built.html,
        docx=built.docx,
        figures=figures_dict(built.document),
        issued_by=user if getattr(user, "is_authenticated", False) else None,
    )
    issued.save()
    # The draft's history records the issue, so its page shows who issued which version when.
    _stamp(draft, user, f"reports.report.issue:v{issued.version}")
    draft.save(update_fields=["updated_at", "updated_by"])
    return issued


def tables_docx_bytes(unit: Unit, access=None) -> bytes:
    tables = [lists.table(unit, key, access=access) for key in LIST_KEYS]
    return tables_docx(tables, f"{unit.name}巡视巡察整改清单")


def tables_xlsx_bytes(unit: Unit, access=None) -> bytes:
    return exporting.xlsx_bytes(unit, list(LIST_KEYS), access=access)
