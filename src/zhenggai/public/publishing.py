"""Publication verbs: mark paragraphs 不予公开, approve (批准公开), withdraw. Views and tests call these.

The public version is cut from the issued version's own paragraphs (never recomposed from
today's ledger), so it says exactly what was issued, minus the exempt items; the figures
paragraphs cannot be exempted and so stay as issued.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhenggai.ledger.access import unit_for
from zhenggai.ledger.models import Finding, LedgerError
from zhenggai.ledger.permissions import Perm
from zhenggai.reports.compose import Document, FindingData, Para, heading_title
from zhenggai.reports.models import IssuedReport, ReportKind
from zhenggai.reports.render_docx import render_docx
from zhenggai.reports.render_html import render_html

from .models import Publication

_TITLE = re.compile(r'<h1 class="gw-title">(.*?)</h1>', re.S)
_PARA = re.compile(r'<p class="gw-([a-z0-9]+)">(.*?)</p>', re.S)
HEADINGS = ("h1", "h2", "h3", "h4")
# Parts of a report that are never left out: the title block, the signature, and the figures.
FIXED_ROLES = ("title", "subtitle", "signature", "date")
_FIGURES = re.compile(r"\d+个问题|完成率|\d+(?:\.\d+)?%|整改措施\d+|\d+项")


def document_of(issued: IssuedReport) -> Document:
    """The issued version's paragraphs, read back from its frozen HTML (the renderer writes one <p> each)."""
    m = _TITLE.search(issued.html)
    title = htmllib.unescape(m.group(1)) if m else issued.title
    paras = [Para(htmllib.unescape(text), role) for role, text in _PARA.findall(issued.html)]
    return Document(title, paras)


def exemptable(p: Para) -> bool:
    """Whether an office may mark the paragraph 不予公开 (figures and the title block stay)."""
    return p.role not in FIXED_ROLES and p.role != "h1" and not _FIGURES.search(p.text)


def _depth(role: str) -> int:
    return HEADINGS.index(role) if role in HEADINGS else 99


def left_out(doc: Document, exempt: set[int]) -> set[int]:
    """The paragraphs the public version leaves out: each exempt one, and a heading's whole block."""
    out: set[int] = set()
    i = 0
    while i < len(doc.paras):
        if i in exempt and exemptable(doc.paras[i]):
            out.add(i)
            depth = _depth(doc.paras[i].role)
            j = i + 1
            while depth < 99 and j < len(doc.paras) and _depth(doc.paras[j].role) > depth and exemptable(doc.paras[j]):
                out.add(j)
                j += 1
            i = j if depth < 99 else i + 1
            continue
        i += 1
    return out


def public_document(issued: IssuedReport, exempt: set[int]) -> Document:
    doc = document_of(issued)
    gone = left_out(doc, exempt)
    return Document(doc.title, [p for i, p in enumerate(doc.paras) if i not in gone])


def problem_items(issued: IssuedReport, doc: Document) -> list[dict]:
    """The public document's problem headings matched to the unit's findings (what visitors may rate)."""
    findings = list(Finding.objects.active().filter(unit_id=issued.unit_id).exclude(level=Finding.Level.ASPECT))
    parents = set(Finding.objects.active().filter(unit_id=issued.unit_id, parent__isnull=False).values_list("parent_id", flat=True))
    titles = [(heading_title(FindingData(f.title, f.level)), f) for f in findings if f.id not in parents]
    titles.sort(key=lambda t: -len(t[0]))
    items = []
    for n, p in enumerate(doc.paras):
        if p.role not in HEADINGS[1:]:
            continue
        for title, f in titles:
            if p.text.endswith(title):
                items.append({"n": n, "finding": f.id, "title": p.text})
                break
    return items


@dataclass
class Draft:
    """The publication page: the issued paragraphs with what is exempt and what may be."""

    issued: IssuedReport
    publication: Publication | None
    doc: Document
    gone: set[int]

    def rows(self):
        exempt = set(self.publication.exempt) if self.publication else set()
        for i, p in enumerate(self.doc.paras):
            yield i, p, exemptable(p), i in exempt, i in self.gone


def page(issued: IssuedReport) -> Draft:
    pub = Publication.objects.filter(issued=issued).first()
    doc = document_of(issued)
    return Draft(issued, pub, doc, left_out(doc, set(pub.exempt) if pub else set()))


def _check(user, issued: IssuedReport):
    access = unit_for(user, issued.unit_id, write=False)
    access.require_whole_unit()
    if not access.may(Perm.PUBLISH):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有整改办或分管领导可以批准公开")
    if issued.kind == ReportKind.DISPATCH:
        raise LedgerError("调度报告是内部材料，不能公开")
    return access


@transaction.atomic
def mark_exempt(issued: IssuedReport, user, paragraphs: list[int], reason: str = "") -> Publication:
    """不予公开: the paragraphs (and a heading's block) the public version leaves out; before approval only."""
    _check(user, issued)
    pub = Publication.objects.select_for_update().filter(issued=issued).first() or Publication(issued=issued, unit_id=issued.unit_id)
    if pub.approved_at:
        raise LedgerError("已批准公开的版本不能再修改不予公开的内容；如需调整，请撤回公开后印发新版本")
    doc = document_of(issued)
    chosen = sorted({int(n) for n in paragraphs})
    bad = [n for n in chosen if not (0 <= n < len(doc.paras)) or not exemptable(doc.paras[n])]
    if bad:
        raise LedgerError("标题、落款和统计数字所在的段落不能设为不予公开")
    reason = " ".join((reason or "").split())[:300]
    if chosen and not reason:
        raise LedgerError("请填写不予公开的理由（如：涉及国家秘密、个人隐私）")
    pub.exempt, pub.exempt_reason = chosen, reason
    pub._history_user = user
    pub._change_reason = "public.publication.exempt"
    pub.save()
    return pub


@transaction.atomic
def approve(issued: IssuedReport, user) -> Publication:
    """批准公开: render the public version once, record who and when; from now on it is reachable."""
    _check(user, issued)
    pub = Publication.objects.select_for_update().filter(issued=issued).first() or Publication(issued=issued, unit_id=issued.unit_id)
    if pub.withdrawn_at:
        raise LedgerError("该版本已撤回公开，不能再次公开；请印发新版本后批准公开")
    if pub.approved_at:
        raise LedgerError("该版本已经批准公开")
    doc = public_document(issued, set(pub.exempt))
    pub.html = render_html(doc)
    pub.docx = render_docx(doc)
    pub.sha256 = hashlib.sha256(bytes(pub.docx)).hexdigest()
    pub.items = problem_items(issued, doc)
    pub.approved_by, pub.approved_at = user, timezone.now()
    pub._history_user = user
    pub._change_reason = "public.publication.approve"
    pub.save()
    return pub


@transaction.atomic
def withdraw(issued: IssuedReport, user) -> Publication:
    """撤回公开: the public pages stop showing it (404); the record and the opinions on it stay."""
    _check(user, issued)
    pub = Publication.objects.select_for_update().filter(issued=issued, approved_at__isnull=False, withdrawn_at__isnull=True).first()
    if pub is None:
        raise LedgerError("该版本没有公开，无需撤回")
    pub.withdrawn_by, pub.withdrawn_at = user, timezone.now()
    pub._history_user = user
    pub._change_reason = "public.publication.withdraw"
    pub.save()
    return pub


def published():
    """Every publication the public may see: approved and not withdrawn, of a unit not archived."""
    return Publication.objects.filter(approved_at__isnull=False, withdrawn_at__isnull=True, unit__archived_at__isnull=True)
