"""Pages anyone may open, without a login: published reports, the opinion form, the receipt lookup.

Every object is found by a public id and through ``publishing.published()``; anything
else (a draft, an unapproved or withdrawn version, a unit's row id) is a 404.
"""

from __future__ import annotations

from html import escape  # Django's escape, without its lazy-string wrapper per call
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from zhenggai.ledger.models import Body, BodyKind, Unit

from . import limits, opinions
from .forms import OpinionForm, RatingForm, ReceiptForm
from .models import Publication
from .publishing import published

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _unit(public_id: str) -> Unit:
    unit = Unit.objects.active().select_related("inspection").filter(public_id=public_id).first()
    if unit is None:
        raise Http404("没有这个页面")
    return unit


def _publication(public_id: str) -> Publication:
    pub = published().select_related("unit__inspection", "issued").defer("docx", "issued__docx", "issued__html",
                                                                         "issued__text").filter(public_id=public_id).first()
    if pub is None:
        raise Http404("没有这个页面")
    return pub


def _listing(pubs):
    return pubs.select_related("unit__inspection", "issued").defer("docx", "html", "issued__docx", "issued__html",
                                                                 "issued__text").order_by("-approved_at")


def unit_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """A unit's (or an organisation's, over all its rounds) published reports and the opinion form link."""
    unit = Unit.objects.active().select_related("inspection").filter(public_id=public_id).first()
    if unit is not None:
        pubs = _listing(published().filter(unit=unit))
        return render(request, "public/unit.html", {"unit": unit, "name": unit.name, "pubs": pubs})
    org = Body.objects.active().filter(public_id=public_id, kind=BodyKind.ORGANISATION).first()
    if org is None:
        raise Http404("没有这个页面")
    pubs = _listing(published().filter(unit__organisation=org))
    latest = Unit.objects.active().filter(organisation=org).order_by("-inspection__created_at").first()
    return render(request, "public/unit.html", {"unit": latest, "name": org.name, "pubs": pubs})


def _item_options(pub: Publication) -> str:
    """The 问题 choices of the rating form, escaped: a province's report rates 1,000 problems,
    and a template loop over them costs more than the rest of the page."""
    return mark_safe("".join(f'<option value="{escape(str(it["n"]))}">{escape(str(it["title"]))}</option>'  # noqa: S308
                             for it in pub.items))


def report_page(request: HttpRequest, public_id: str) -> HttpResponse:
    pub = _publication(public_id)
    return render(request, "public/report.html", {"pub": pub, "unit": pub.unit, "form": RatingForm(),
                                                  "item_options": _item_options(pub),
                                                  "rated": request.GET.get("rated") == "1"})


def report_docx(request: HttpRequest, public_id: str) -> HttpResponse:
    pub = _publication(public_id)
    data = Publication.objects.values_list("docx", flat=True).get(pk=pub.pk)
    response = HttpResponse(bytes(data), content_type=DOCX)
    name = f"{pub.issued.title}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
def rate(request: HttpRequest, public_id: str) -> HttpResponse:
    pub = _publication(public_id)
    form = RatingForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            limits.hit(limits.client_address(request), "rate")
            opinions.rate(pub, form.cleaned_data["value"], form.cleaned_data.get("item"))
        except (limits.RateLimited, opinions.OpinionRefused) as e:
            error = str(e)
        else:
            return redirect(reverse("public:report", args=[pub.public_id]) + "?rated=1#rate")
    else:
        error = "请选择 满意、基本满意 或 不满意"
    return render(request, "public/report.html", {"pub": pub, "unit": pub.unit, "form": form, "error": error,
                                                  "item_options": _item_options(pub)}, status=422)


def _latest(unit: Unit) -> Publication | None:
    return published().filter(unit=unit).defer("docx", "html").order_by("-approved_at").first()


@require_http_methods(["GET", "POST"])
def opinion_form(request: HttpRequest, public_id: str) -> HttpResponse:
    """码上监督: the form the unit's QR code opens. The receipt code is shown on the answer page once."""
    unit = _unit(public_id)
    pub = None
    wanted = request.GET.get("r") or request.POST.get("r")
    if wanted:
        pub = published().filter(public_id=wanted, unit=unit).defer("docx", "html").first()
    pub = pub or _latest(unit)
    items = pub.items if pub else []
    ctx = {"unit": unit, "pub": pub}
    if request.method == "GET":
        initial = {"item": request.GET.get("item")} if request.GET.get("item") else {}
        return render(request, "public/opinion.html", {**ctx, "form": OpinionForm(initial=initial, items=items)})
    form = OpinionForm(request.POST, request.FILES, items=items)
    if not form.is_valid():
        return render(request, "public/opinion.html", {**ctx, "form": form}, status=422)
    if form.cleaned_data.get("website"):
        # A robot filled the hidden field: nothing is stored, and it is told no more than that.
        return render(request, "public/opinion.html", {**ctx, "form": OpinionForm(items=items), "error": "提交失败，请稍后再试"},
                      status=400)
    try:
        photos = [opinions.check_photo(f.name, f.chunks()) for f in request.FILES.getlist("photos")]
        limits.hit(limits.client_address(request), "opinion")
        opinion, code = opinions.submit(unit, form.cleaned_data["text"], publication=pub, item=form.cleaned_data.get("item"),
                                        name=form.cleaned_data["name"], phone=form.cleaned_data["phone"], photos=photos)
    except (limits.RateLimited, opinions.OpinionRefused) as e:
        return render(request, "public/opinion.html", {**ctx, "form": form, "error": str(e)}, status=422)
    # Shown this once: only its hash is kept.
    response = render(request, "public/receipt.html", {"unit": unit, "code": code, "opinion": opinion})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The sender's view of one opinion, by receipt code (POST, so the code stays out of URLs and logs)."""
    if request.method == "GET":
        return render(request, "public/status.html", {"form": ReceiptForm()})
    form = ReceiptForm(request.POST)
    opinion, error, code = None, "", 422
    if form.is_valid():
        try:
            limits.hit(limits.client_address(request), "lookup")
        except limits.RateLimited as e:
            error, code = str(e), 429
        else:
            opinion = opinions.lookup(form.cleaned_data["code"])
            error, code = ("", 200) if opinion else ("没有找到这个回执码，请核对后重新输入", 404)
    response = render(request, "public/status.html", {
        "form": form, "opinion": opinion, "error": error,
        "status_label": opinions.public_status(opinion) if opinion else ""}, status=code)
    response["Cache-Control"] = "no-store"
    return response
