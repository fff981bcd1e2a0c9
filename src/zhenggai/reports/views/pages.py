"""Report pages: list, preview with the narrative form, issue, downloads.

Thin views: access helper (404 outsiders, 403 read-only on writes), small
form, service call, message and redirect or the preview partial (HTMX).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from zhenggai import ids
from zhenggai.ledger import access as acl
from zhenggai.ledger import paging, versions
from zhenggai.ledger.models import Finding, LedgerError

from .. import services
from ..forms import NarrativeForm
from ..models import IssuedReport, ProblemText, ReportDraft, ReportKind
from ..render_html import render_html

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"docx": DOCX, "txt": "text/plain; charset=utf-8", "html": "text/html; charset=utf-8"}

ISSUED_PAGE_SIZE = 50


def _kind(kind: str) -> str:
    if kind not in ReportKind.values:
        raise Http404("没有这种报告")
    return kind


def _download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _standalone_html(title: str, fragment: str) -> str:
    """A whole page around the (already escaped) fragment; the title is a unit's words, so escaped here."""
    title = escape(title)
    return (
        f'<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>{title}</title>'
        '<style>body{max-width:42em;margin:2em auto;font:16pt/1.8 "仿宋_GB2312","仿宋",FangSong,STFangsong,serif}'
        ".gw-title{text-align:center;font:22pt \"方正小标宋简体\",\"华文中宋\",SimSun,serif}"
        ".gw-body,.gw-h1,.gw-h2,.gw-h3,.gw-h4{text-indent:2em;margin:0}.gw-h1{font-family:\"黑体\",SimHei,sans-serif}"
        ".gw-h2{font-family:\"楷体_GB2312\",\"楷体\",KaiTi,serif}.gw-h3{font-weight:bold}"
        ".gw-signature,.gw-date{text-align:right;margin:0 4em 0 0}.gw-subtitle{text-align:center}</style></head>"
        f"<body>{fragment}</body></html>"
    )


@require_GET
@login_required
def index(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    drafts = {d.kind: d for d in ReportDraft.objects.filter(unit=access.unit)}
    issued = IssuedReport.objects.filter(unit=access.unit).defer("docx", "html", "text").select_related("issued_by")
    if not access.sees_whole_unit:
        issued = issued.none()  # a reporter gets the lists of their departments only (see the template)
    # Issued versions accumulate over the years: one page at a time, newest first (the model's order).
    paged = paging.paginate(request, issued, ISSUED_PAGE_SIZE)
    kinds = [(value, label, drafts.get(value)) for value, label in ReportKind.choices]
    return render(request, "reports/index.html", {"unit": access.unit, "access": access, "kinds": kinds,
                                                  "issued": paged.page.object_list, "issued_paged": paged})


def _form_for(draft: ReportDraft, data=None) -> NarrativeForm:
    initial = {k: getattr(draft, k) for k in services.DRAFT_FIELDS}
    initial["version"] = versions.token_for(draft)
    return NarrativeForm(data, initial=initial, dispatch=draft.kind == ReportKind.DISPATCH)


@login_required
def draft_page(request: HttpRequest, unit_id: int, kind: str) -> HttpResponse:
    """GET: preview and (for the office) the narrative form. POST: save the narrative."""
    kind = _kind(kind)
    access = acl.whole_unit_for(request.user, unit_id, write=request.method == "POST")
    if request.method == "GET":
        draft = ReportDraft.objects.filter(unit=access.unit, kind=kind).first()
        if draft is None:
            draft = ReportDraft(unit=access.unit, kind=kind)  # unsaved: looking creates nothing
        form = _form_for(draft)
    elif request.method == "POST":
        existing = ReportDraft.objects.filter(unit=access.unit, kind=kind).first()
        draft = existing or ReportDraft(unit=access.unit, kind=kind)
        form = _form_for(draft, request.POST)
        if form.is_valid():
            try:
                with versions.editing(existing, versions.posted(request.POST), "这份草稿"):
                    draft = services.draft_for(access.unit, kind, request.user)
                    changed = services.save_draft(draft, request.user, **{k: v for k, v in form.cleaned_data.items() if k in services.DRAFT_FIELDS})
            except LedgerError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "已保存" if changed else "没有修改")
                return redirect("reports:draft", unit_id=access.unit.id, kind=kind)
    else:
        return HttpResponse(status=405)
    doc = services.compose_draft(draft)
    reviews = services.reviews(draft)
    status = 200 if request.method == "GET" or form.is_valid() else 422
    return render(
        request,
        "reports/draft.html",
        {"unit": access.unit, "access": access, "draft": draft, "form": form, "doc": doc, "kind_label": ReportKind(kind).label,
         "version": versions.token_for(draft),
         "issued": IssuedReport.objects.filter(unit=access.unit, kind=kind).defer("docx", "html", "text").select_related("issued_by"),
         "reviews": reviews,
         "accepted_count": sum(1 for r in reviews if r.is_accepted),
         "pending_count": sum(1 for r in reviews if not r.is_accepted),
         "history": [(h, services.action_label(h.history_change_reason)) for h in draft.history.select_related("history_user")[:20]]
         if draft.pk else []},
        status=status,
    )


@require_POST
@login_required
def preview(request: HttpRequest, unit_id: int, kind: str) -> HttpResponse:
    """HTMX: the document with the form's unsaved words, nothing stored (same partial as the page)."""
    kind = _kind(kind)
    access = acl.whole_unit_for(request.user, unit_id, write=True)
    draft = ReportDraft.objects.filter(unit=access.unit, kind=kind).first() or ReportDraft(unit=access.unit, kind=kind)
    form = _form_for(draft, request.POST)
    form.is_valid()  # a half-typed field keeps its saved value; the others show at once
    for k, v in form.cleaned_data.items():
        if k in services.DRAFT_FIELDS and v is not None:
            setattr(draft, k, v)
    return render(request, "reports/_document.html", {"doc": services.compose_draft(draft)})


@require_POST
@login_required
def problem_text(request: HttpRequest, unit_id: int, kind: str, finding_id: int) -> HttpResponse:
    """采用 (the suggestion as is or edited) or 撤回 what the report says of one problem."""
    kind = _kind(kind)
    access = acl.whole_unit_for(request.user, unit_id, write=True)
    if not Finding.objects.active().filter(pk=ids.as_id(finding_id), unit=access.unit).exists():
        raise Http404("没有这个问题")  # a guessed id: before any draft is made for it
    draft = services.draft_for(access.unit, kind, request.user)
    existing = ProblemText.objects.filter(draft=draft, finding_id=finding_id).first()
    try:
        with versions.editing(existing, versions.posted(request.POST), "这个问题的报告文字"):
            if request.POST.get("action") == "withdraw":
                done = services.withdraw_text(draft, finding_id, request.user)
            else:
                services.accept_text(draft, finding_id, request.user, request.POST.get("text", ""))
        if request.POST.get("action") == "withdraw":
            messages.success(request, "已撤回，报告中该问题只列出台账措施" if done else "该问题尚未采用文字")
        else:
            messages.success(request, "已采用，报告中该问题使用这段文字")
    except LedgerError as e:
        messages.error(request, str(e))
    return redirect(reverse("reports:draft", args=[access.unit.id, kind]) + f"#text-{finding_id}")


@require_POST
@login_required
def issue(request: HttpRequest, unit_id: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    access = acl.whole_unit_for(request.user, unit_id, write=True)
    existing = ReportDraft.objects.filter(unit=access.unit, kind=kind).first()
    try:
        # The words issued are the words the office saw: a draft changed since the page loaded is not issued.
        with versions.editing(existing, versions.posted(request.POST), "这份草稿"):
            issued = services.issue(services.draft_for(access.unit, kind, request.user), request.user)
    except LedgerError as e:
        messages.error(request, str(e))
        return redirect("reports:draft", unit_id=access.unit.id, kind=kind)
    messages.success(request, f"已印发第{issued.version}版")
    return redirect("reports:issued", issued_id=issued.id)


@require_GET
@login_required
def draft_download(request: HttpRequest, unit_id: int, kind: str, fmt: str) -> HttpResponse:
    kind = _kind(kind)
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    access = acl.whole_unit_for(request.user, unit_id)
    draft = ReportDraft.objects.filter(unit=access.unit, kind=kind).first() or ReportDraft(unit=access.unit, kind=kind)
    doc = services.compose_draft(draft)
    name = f"{doc.title}（草稿 {draft.as_of:%Y%m%d}）.{fmt}"
    if fmt == "docx":
        from ..render_docx import render_docx

        return _download(render_docx(doc), name, DOCX)
    if fmt == "txt":
        from ..render_text import render_text

        return _download(render_text(doc).encode("utf-8"), name, FORMATS[fmt])
    return _download(_standalone_html(doc.title, render_html(doc)).encode("utf-8"), name, FORMATS[fmt])


def _issued_for(request: HttpRequest, issued_id: int) -> IssuedReport:
    issued = get_object_or_404(IssuedReport.objects.select_related("unit", "issued_by"), pk=issued_id)
    # 404 for outsiders; 403 for a reporter: an issued report covers every department's measures.
    acl.whole_unit_for(request.user, issued.unit_id)
    return issued


@require_GET
@login_required
def issued_page(request: HttpRequest, issued_id: int) -> HttpResponse:
    issued = _issued_for(request, issued_id)
    access = acl.whole_unit_for(request.user, issued.unit_id)
    return render(request, "reports/issued.html", {"unit": issued.unit, "access": access, "issued": issued})


@require_GET
@login_required
def issued_download(request: HttpRequest, issued_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    issued = _issued_for(request, issued_id)
    name = f"{issued.title}（第{issued.version}版）.{fmt}"
    if fmt == "docx":
        return _download(bytes(issued.docx), name, DOCX)
    if fmt == "txt":
        return _download(issued.text.encode("utf-8"), name, FORMATS[fmt])
    return _download(_standalone_html(issued.title, issued.html).encode("utf-8"), name, FORMATS[fmt])


@require_GET
@login_required
def tables(request: HttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    """The three lists (问题/任务/责任清单) as .docx tables or one .xlsx workbook."""
    access = acl.unit_for(request.user, unit_id)
    if fmt == "docx":
        return _download(services.tables_docx_bytes(access.unit, access), f"{access.unit.name}-整改清单.docx", DOCX)
    if fmt == "xlsx":
        return _download(services.tables_xlsx_bytes(access.unit, access), f"{access.unit.name}-整改清单.xlsx", XLSX)
    raise Http404("没有这种格式")
