"""Changing a measure: inline in the ledger (HTMX) or on its own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access as acl
from .. import queries, services, versions
from ..forms import MeasureForm, MeasureInlineForm
from ..models import LedgerError


def _row(request: HttpRequest, measure, access, status: int = 200) -> HttpResponse:
    from zhenggai.oversight.ledger_rules import measure_flags

    aspect, problem, item = queries.problem_of(measure)
    # The row as the ledger page draws it: its own quality flags (the problem's stay on its first row).
    measure.quality_flags = measure_flags(measure.finding.unit_id, queries.LedgerFilter().today, [measure.pk]).of(measure.pk)
    context = {"m": measure, "aspect": aspect, "problem": problem, "item": item, "access": access, "today": queries.LedgerFilter().today}
    return render(request, "ledger/_measure_row.html", context, status=status)


@require_GET
@login_required
def measure_row(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure, access = acl.measure_for(request.user, measure_id)
    return _row(request, measure, access)


@require_http_methods(["GET", "POST"])
@login_required
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure, _ = acl.measure_for(request.user, measure_id)
    if measure.archived_at is not None:  # an old link to an archived measure: its record, read-only
        messages.info(request, "这条措施已归档，只能查看")
        return redirect(reverse("workflow:measure", args=[measure.pk]))
    measure, access = acl.measure_for(request.user, measure_id, write=True)
    unit = measure.finding.unit
    inline = bool(request.htmx)
    form_class = MeasureInlineForm if inline else MeasureForm
    if request.method == "POST":
        form = form_class(request.POST, unit=unit, measure=measure)
        if form.is_valid():
            try:
                with versions.editing(measure, versions.posted(request.POST), "这条整改措施"):
                    changed = services.update_measure(
                        measure,
                        request.user,
                        departments=form.cleaned_data.get("departments") if not inline else None,
                        **form.changes(),
                    )
            except LedgerError as e:
                form.add_error(None, str(e))
            else:
                if inline:
                    return _row(request, measure, access)
                messages.success(request, "已保存" if changed else "没有改动")
                return redirect(reverse("ledger:problem", args=[measure.finding_id]))
    else:
        form = form_class(unit=unit, measure=measure)
    template = "ledger/_measure_edit_row.html" if inline else "ledger/measure_form.html"
    return render(request, template, {"m": measure, "form": form, "unit": unit, "access": access})


@require_POST
@login_required
def measure_archive(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure, access = acl.measure_for(request.user, measure_id, write=True)
    try:
        services.archive_measure(measure, request.user)
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "措施已归档（历史记录保留）")
    if request.htmx:
        return HttpResponse("")
    return redirect(reverse("ledger:problem", args=[measure.finding_id]))


@require_http_methods(["GET", "POST"])
@login_required
def measure_add(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding, access = acl.finding_for(request.user, finding_id, write=True)
    if request.method == "POST":
        form = MeasureForm(request.POST, unit=finding.unit)
        if form.is_valid():
            changes = form.changes()
            try:
                services.add_measure(
                    finding, changes.pop("text"), user=request.user,
                    departments=form.cleaned_data.get("departments") or (), **changes,
                )
            except LedgerError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "已新增整改措施")
                return redirect(reverse("ledger:problem", args=[finding.id]))
    else:
        form = MeasureForm(unit=finding.unit)
    return render(request, "ledger/measure_form.html", {"finding": finding, "form": form, "unit": finding.unit, "access": access})
