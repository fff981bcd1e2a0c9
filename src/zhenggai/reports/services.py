"""Report verbs: get a draft, save its narrative, build it, issue it. Views, CLI and tests call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhenggai.ledger import exporting, lists, versions
from zhenggai.ledger.models import Finding, LedgerError, Unit

from . import compose
from .compose import Document, FindingData, Narrative
from .data import report_data
from .dispatch import dispatch_data
from .models import IssuedReport, ProblemText, ReportDraft, ReportKind
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


def accepted_texts(draft: ReportDraft) -> dict[int, str]:
    """Finding id → the text the office accepted for it on this draft (withdrawn ones left out)."""
    if draft.pk is None:
        return {}
    return dict(ProblemText.objects.filter(draft=draft).exclude(text="").values_list("finding_id", "text"))


def compose_draft(draft: ReportDraft) -> Document:
    """The document as the ledger stands now, with the draft's words and accepted texts.

    The 调度报告 is internal (office and supervisors, never reporters or the public): it quotes
    progress as reported. The public kinds say of each problem only what the office accepted."""
    if draft.kind == ReportKind.DISPATCH:
        start = draft.period_start or draft.as_of - dt.timedelta(days=30)
        return compose.compose_dispatch(dispatch_data(draft.unit, start, draft.as_of, narrative(draft)))
    data = report_data(draft.unit, draft.as_of, narrative(draft), accepted_texts(draft))
    return compose.compose_public(data, compose.FINAL if draft.kind == ReportKind.FINAL else compose.PROGRESS)


# --- the office's review of what the report says of each problem -----------------------


@dataclass
class Review:
    """One problem on the draft page: where its suggestion comes from, and what was accepted."""

    finding: FindingData
    suggestion: str
    accepted: ProblemText | None
    version: str = versions.NEW  # the accepted text's version, carried by its form

    @property
    def is_accepted(self) -> bool:
        return self.accepted is not None and bool(self.accepted.text)

    @property
    def stale(self) -> bool:
        """The ledger (a measure or its progress) changed since the office accepted the text."""
        return self.is_accepted and self.accepted.suggested != self.suggestion


def reviews(draft: ReportDraft) -> list[Review]:
    """Every problem with measures, in report order, with its suggestion and accepted text."""
    if draft.kind == ReportKind.DISPATCH:
        return []
    data = report_data(draft.unit, draft.as_of)
    texts = {t.finding_id: t for t in ProblemText.objects.filter(draft=draft).select_related("accepted_by")} if draft.pk else {}
    tokens = versions.tokens_for(ProblemText, texts.values())
    return [Review(f, compose.suggestion(f), texts.get(f.key), tokens.get(getattr(texts.get(f.key), "pk", None), versions.NEW))
            for f in data.all_findings() if f.measures]


def _text_finding(draft: ReportDraft, finding_id) -> Finding:
    if draft.kind == ReportKind.DISPATCH:
        raise LedgerError("调度报告是内部材料，不需要逐项采用文字")
    try:
        return Finding.objects.active().get(pk=int(finding_id), unit_id=draft.unit_id)
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise LedgerError("没有这个问题") from None


@transaction.atomic
def accept_text(draft: ReportDraft, finding_id, user, text: str) -> ProblemText:
    """采用: this text (the suggestion as is, or edited) is what the report says of the problem."""
    finding = _text_finding(draft, finding_id)
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise LedgerError("采用的文字不能为空；不采用时请点“撤回”，报告将只列出台账中的措施")
    if len(text) > 20000:
        raise LedgerError("采用的文字过长（不超过20000字）")
    suggested = next((r.suggestion for r in reviews(draft) if r.finding.key == finding.id), "")
    row = ProblemText.objects.select_for_update().filter(draft=draft, finding=finding).first() or ProblemText(draft=draft, finding=finding)
    row.text, row.suggested, row.accepted_at = text, suggested, timezone.now()
    row.accepted_by = user if getattr(user, "is_authenticated", False) else None
    _stamp(row, user, "reports.text.accept")
    row.save()
    return row


@transaction.atomic
def withdraw_text(draft: ReportDraft, finding_id, user) -> bool:
    """撤回: the report goes back to listing the ledger's measures for the problem. False if nothing was accepted."""
    finding = _text_finding(draft, finding_id)
    row = ProblemText.objects.select_for_update().filter(draft=draft, finding=finding).exclude(text="").first()
    if row is None:
        return False
    row.text = ""
    _stamp(row, user, "reports.text.withdraw")
    row.save()
    return True


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
        "rate": str(f.rate),  # 完成率（按问题）, the key kept for versions issued before the two were named
        "rate_by_problem": str(f.rate_by_problem),
        "rate_by_measure": str(f.rate_by_measure),
        "measures_long_term": f.tally.long_term,
        "measures_overdue": f.tally.overdue,
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
