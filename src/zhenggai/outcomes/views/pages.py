"""Outcome pages: the list with derived totals (everyone who reads the unit), and recording (整改办)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai.ledger import access as acl
from zhenggai.ledger import paging
from zhenggai.ledger.models import LedgerError

from .. import services
from ..forms import FORMS
from ..models import Accountability, Meeting, MoneyRecord, RuleRecord


PAGE_SIZE = 50


def _rows(model, unit):
    return model.objects.active().filter(unit=unit).select_related("created_by").prefetch_related("findings")


@require_GET
@login_required
def outcome_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    summary = services.summary(unit)
    context = {
        "unit": unit,
        "access": access,
        "summary": summary,
        # A Counter answers 0 to any key, so the template cannot ask it for .total.
        "meetings_total": sum(summary.meetings.values()),
        # Breakdowns in the order reports list them, only kinds that occurred.
        "by_accountability": [(label, summary.accountability[k]) for k, label in Accountability.Kind.choices if summary.accountability[k]],
        "by_money": [(label, summary.money_wan(k)) for k, label in MoneyRecord.Kind.choices if k in summary.money_yuan],
    }
    # Each list pages on its own (?accountability_page=2 keeps the others where they are).
    for key, model in (("accountability", Accountability), ("money", MoneyRecord), ("rules", RuleRecord), ("meetings", Meeting)):
        paged = paging.paginate(request, _rows(model, unit), PAGE_SIZE, param=f"{key}_page")
        context[key] = paged.page.object_list
        context[f"{key}_paged"] = paged
    return render(request, "outcomes/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def outcome_add(request: HttpRequest, unit_id: int, what: str) -> HttpResponse:
    # The form itself is a write action: read-only roles get 403 before seeing it.
    access = acl.unit_for(request.user, unit_id, write=True)
    if what not in FORMS:
        raise Http404("没有这类整改成果")
    form_class, label = FORMS[what]
    unit = access.unit
    form = form_class(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        findings, fields = form.record_fields()
        try:
            services.record(what, unit, request.user, findings, **fields)
        except (LedgerError, ValidationError) as e:
            form.add_error(None, "；".join(getattr(e, "messages", [str(e)])))
        else:
            messages.success(request, f"已登记{label}")
            return redirect("outcomes:list", unit.id)
    return render(request, "outcomes/form.html", {"unit": unit, "access": access, "form": form, "label": label, "what": what},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def outcome_archive(request: HttpRequest, unit_id: int, what: str, pk: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=True)
    model = services.MODELS.get(what)
    obj = model.objects.filter(pk=pk, unit=access.unit).first() if model else None
    if obj is None:
        raise Http404("没有这条记录")
    try:
        services.archive(obj, request.user)
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已归档：{obj}（不再计入统计，历史记录保留）")
    return redirect("outcomes:list", access.unit.id)
