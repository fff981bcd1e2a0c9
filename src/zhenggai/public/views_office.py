"""The office's side of 码上监督: approve publication, QR codes and the 公示 notice, the opinions.

Thin views: ``zhenggai.ledger.access`` decides (404 outsiders, 403 read-only), services act.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai.ledger import access as acl
from zhenggai.ledger import versions
from zhenggai.ledger.models import Finding, InspectionRound, LedgerError
from zhenggai.ledger.permissions import Perm
from zhenggai.reports.models import IssuedReport, ReportDraft, ReportKind
from zhenggai.workflow import evidence as ev

from . import opinions, publishing, qr
from .forms import AnswerForm, ExemptForm
from .models import Opinion, OpinionPhoto, OpinionStatus, Publication

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, issued_id: int) -> HttpResponse:
    """批准公开 of one issued version, with the paragraphs marked 不予公开."""
    issued = get_object_or_404(IssuedReport.objects.select_related("unit"), pk=issued_id)
    access = acl.whole_unit_for(request.user, issued.unit_id)
    if request.method == "POST":
        if not access.may(Perm.PUBLISH):
            raise PermissionDenied("只有整改办或分管领导可以批准公开")
        action = request.POST.get("action")
        try:
            with versions.editing(Publication.objects.filter(issued=issued).first(), versions.posted(request.POST),
                                  "这份报告的公开设置"):
                if action == "exempt":
                    form = ExemptForm(request.POST)
                    form.is_valid()
                    publishing.mark_exempt(issued, request.user, request.POST.getlist("exempt"), form.cleaned_data.get("reason", ""))
                    messages.success(request, "已保存不予公开的内容")
                elif action == "approve":
                    publishing.approve(issued, request.user)
                    messages.success(request, "已批准公开，公众可通过二维码和公开网址查看")
                elif action == "withdraw":
                    publishing.withdraw(issued, request.user)
                    messages.success(request, "已撤回公开")
                else:
                    raise LedgerError("未知的操作")
        except (LedgerError, ValueError) as e:
            messages.error(request, str(e) if isinstance(e, LedgerError) else "段落编号有误")
        return redirect("public:publish", issued_id=issued.id)
    page = publishing.page(issued)
    return render(request, "public/publish.html", {"unit": issued.unit, "access": access, "issued": issued, "page": page,
                                                   "can_publish": access.may(Perm.PUBLISH) and issued.kind != ReportKind.DISPATCH,
                                                   "form": ExemptForm(initial={"reason": page.publication.exempt_reason
                                                                               if page.publication else ""}),
                                                   "version": versions.token_for(page.publication)})


@login_required
@require_GET
def panel(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's public side at a glance: public URL, QR codes, notice, publications, opinions."""
    access = acl.whole_unit_for(request.user, unit_id)
    unit = access.unit
    pubs = Publication.objects.filter(unit=unit).select_related("issued", "approved_by").defer("docx", "html", "issued__docx",
                                                                                             "issued__html", "issued__text")
    issued = IssuedReport.objects.filter(unit=unit).exclude(kind=ReportKind.DISPATCH).defer("docx", "html", "text")
    counts = {s: 0 for s in OpinionStatus.values}
    for s in Opinion.objects.filter(unit=unit).values_list("status", flat=True):
        counts[s] += 1
    return render(request, "public/panel.html", {
        "unit": unit, "access": access, "pubs": {p.issued_id: p for p in pubs}, "issued": issued,
        "page_url": qr.target_url(unit, "page", request), "opinion_url": qr.target_url(unit, "opinion", request),
        "counts": counts, "can_write": access.can_write})


@login_required
@require_GET
def qr_code(request: HttpRequest, unit_id: int, target: str, fmt: str) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=True)
    if target not in qr.TARGETS or fmt not in ("png", "svg"):
        raise Http404("没有这种二维码")
    data = qr.qr_bytes(qr.target_url(access.unit, target, request), fmt)
    name = f"{access.unit.name}-{qr.TARGETS[target][1]}二维码.{fmt}"
    return _download(data, name, "image/png" if fmt == "png" else "image/svg+xml")


@login_required
@require_GET
def notice(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=True)
    draft = ReportDraft.objects.filter(unit=access.unit).exclude(kind=ReportKind.DISPATCH).order_by("-updated_at").first()
    contacts = {k: getattr(draft, k) for k in ("phone", "address", "postcode", "email")} if draft else {}
    return _download(qr.notice_docx(access.unit, contacts, request), f"{access.unit.name}-公示.docx", DOCX)


@login_required
@require_GET
def opinion_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.whole_unit_for(request.user, unit_id)
    qs = Opinion.objects.filter(unit=access.unit).select_related("finding").prefetch_related("photos")
    wanted = request.GET.get("status", "")
    if wanted in OpinionStatus.values:
        qs = qs.filter(status=wanted)
    return render(request, "public/opinions.html", {"unit": access.unit, "access": access, "opinions": qs[:200],
                                                    "statuses": OpinionStatus.choices, "wanted": wanted})


def _opinion(request: HttpRequest, unit_id: int, opinion_id: int, write: bool = False):
    access = acl.whole_unit_for(request.user, unit_id, write=write)
    opinion = Opinion.objects.filter(unit=access.unit, pk=opinion_id).select_related("finding", "answered_by").first()
    if opinion is None:
        raise Http404("没有这条意见")
    return access, opinion


@login_required
@require_http_methods(["GET", "POST"])
def opinion_detail(request: HttpRequest, unit_id: int, opinion_id: int) -> HttpResponse:
    access, opinion = _opinion(request, unit_id, opinion_id, write=request.method == "POST")
    form = AnswerForm(initial={"answer": opinion.answer})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            with versions.editing(opinion, versions.posted(request.POST), "这条群众意见"):
                _office_action(request, opinion, action)
        except LedgerError as e:
            messages.error(request, str(e))
        return redirect("public:opinion_detail", unit_id=access.unit.id, opinion_id=opinion.id)
    findings = Finding.objects.active().filter(unit=access.unit).exclude(level=Finding.Level.ASPECT)
    return render(request, "public/opinion_detail.html", {"unit": access.unit, "access": access, "opinion": opinion,
                                                          "form": form, "findings": findings,
                                                          "photos": opinion.photos.all(),
                                                          "version": versions.token_for(opinion)})


def _office_action(request: HttpRequest, opinion: Opinion, action: str | None) -> None:
    """One of the office's verbs on an opinion (the caller has checked the version)."""
    if action == "take_up":
        opinions.take_up(opinion, request.user, request.POST.get("note", ""))
        messages.success(request, "已标为办理中")
    elif action == "link":
        opinions.link(opinion, request.user, request.POST.get("finding"))
        messages.success(request, "已关联问题")
    elif action == "answer":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            raise LedgerError("请填写答复内容")
        opinions.answer(opinion, request.user, form.cleaned_data["answer"])
        messages.success(request, "已答复，提交人凭回执码可以看到")
    elif action == "spam":
        opinions.mark_spam(opinion, request.user)
        messages.success(request, "已标为无效信息")
    else:
        raise LedgerError("未知的操作")


@login_required
@require_GET
def opinion_photo(request: HttpRequest, unit_id: int, opinion_id: int, photo_id: int) -> HttpResponse:
    _access, opinion = _opinion(request, unit_id, opinion_id)
    photo = OpinionPhoto.objects.filter(opinion=opinion, pk=photo_id).first()
    if photo is None:
        raise Http404("没有这张照片")
    from django.conf import settings

    path = ev.path_for(settings.DATA_DIR, photo.sha256)
    if not path.exists():
        raise Http404("照片文件缺失")
    response = _download(path.read_bytes(), photo.name, ev.content_type(photo.kind), inline=True)
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_GET
def round_opinions(request: HttpRequest, round_id: int) -> HttpResponse:
    """The inspecting body's view: per unit how many came in and were answered; units with none stand out."""
    rnd = InspectionRound.objects.active().filter(pk=round_id).first()
    if rnd is None:
        raise Http404("没有这个轮次")
    rows = opinions.round_counts(request.user, rnd)
    return render(request, "public/round.html", {"round": rnd, "rows": rows, "silent": sum(1 for r in rows if r.none)})
