"""Unit pages: dashboard (with its SVG charts), the warning/overdue list, the warning rule."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai.hygiene import spreadsheet_value
from zhenggai.ledger import access as acl
from zhenggai.ledger import paging, versions
from zhenggai.ledger.models import LedgerError
from zhenggai.outcomes.services import summary as outcome_summary

from .. import charts, dashboard
from .. import warnings as w
from ..forms import RuleForm, WarningFilterForm
from ..models import Level, WarningRule
from ..services import rule_for, set_unit_rule

PAGE_SIZE = 100
CHARTS = {"status", "aspects", "departments"}


def svg_response(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    # Private: the figures depend on who asks (a reporter sees their department only).
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
@login_required
def dashboard_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    today = timezone.localdate()
    board = dashboard.unit_dashboard(access.unit, access, today)
    outcomes = outcome_summary(access.unit, today)
    context = {
        "unit": access.unit,
        "access": access,
        "board": board,
        "outcomes": outcomes,
        # A Counter answers 0 to any key, so the template cannot ask it for .total.
        "meetings_total": sum(outcomes.meetings.values()),
        "levels": Level,
        "reports_available": dashboard.reports_available(),
    }
    return render(request, "supervision/dashboard.html", context)


@require_GET
@login_required
def reports_panel(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Reports due this period: the dashboard loads this partial; without JavaScript it is a page."""
    access = acl.unit_for(request.user, unit_id)
    rep = dashboard.reports_due(access.unit, access, timezone.localdate())
    if rep is None:
        raise Http404("未启用进展报送")
    context = {"unit": access.unit, "access": access, "rep": rep}
    if request.htmx:
        return render(request, "supervision/_reports.html", context)
    return render(request, "supervision/reports.html", context)


@require_GET
@login_required
def chart(request: HttpRequest, unit_id: int, name: str) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    if name not in CHARTS:
        raise Http404("没有这个图表")
    board = dashboard.unit_dashboard(access.unit, access, timezone.localdate())
    if name == "status":
        return svg_response(charts.status_bars(board.statuses, board.totals.overdue, "措施状态分布（按措施）"))
    if name == "aspects":
        return svg_response(charts.progress_bars(board.by_aspect, "按方面"))
    return svg_response(charts.progress_bars(board.by_department, "按牵头部门"))


@require_GET
@login_required
def warning_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    today = timezone.localdate()
    form = WarningFilterForm(request.GET or None, unit=unit)
    level = form.level_value()
    rule = rule_for(unit)
    qs = dashboard.warning_measures(unit, access, level, today, rule, form.department_id())
    paged = paging.paginate(request, qs, PAGE_SIZE)
    page = paged.page
    rows = [(m, w.days_left(m.deadline, today)) for m in page.object_list]
    context = {
        "unit": unit, "access": access, "form": form, "level": level, "level_label": Level(level).label,
        "page": page, "paged": paged, "rows": rows, "rule": rule, "query": paged.query, "today": today,
    }
    if request.htmx and request.htmx.target == "warning-rows":
        return render(request, "supervision/_warning_rows.html", context)
    return render(request, "supervision/warnings.html", context)


@require_GET
@login_required
def warning_csv(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The same list as a CSV for the monthly 调度 (opens in Excel: UTF-8 with BOM)."""
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    today = timezone.localdate()
    form = WarningFilterForm(request.GET or None, unit=unit)
    level = form.level_value()
    qs = dashboard.warning_measures(unit, access, level, today, rule_for(unit), form.department_id())
    buf = io.StringIO()
    buf.write("\ufeff")
    out = csv.writer(buf)
    days_label = "逾期天数" if level == w.RED else "剩余天数"
    out.writerow(["问题", "整改措施", "责任领导", "牵头部门", "责任人", "完成时限", "整改状态", days_label])
    for m in qs:
        left = w.days_left(m.deadline, today)
        out.writerow([spreadsheet_value(v) for v in (
            m.finding.title, m.text, m.leader, str(m.lead_department or ""), m.person,
            m.deadline.isoformat(), m.get_status_display(), -left if level == w.RED else left)])
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{Level(level).label}清单-{today:%Y%m%d}.csv"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def rule_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=request.method == "POST")
    unit = access.unit
    rule = rule_for(unit)
    stored = WarningRule.objects.filter(unit=unit).first()
    form = RuleForm(request.POST or None, unit=unit, rule=rule)
    form.initial["version"] = versions.token_for(stored)
    if request.method == "POST" and form.is_valid():
        try:
            with versions.editing(stored, versions.posted(request.POST), "本单位预警规则"):
                set_unit_rule(unit, request.user, **form.rule_fields())
        except LedgerError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "预警规则已保存，下次运行提醒任务时生效")
            return redirect("supervision:rule", unit.id)
    return render(request, "supervision/rule.html", {"unit": unit, "access": access, "form": form, "rule": rule},
                  status=400 if form.errors else 200)
