"""The user's own in-app notifications (站内提醒) and the round overview for 巡视巡察办."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai.ledger import paging
from zhenggai.ledger.access import visible_units
from zhenggai.ledger import versions
from zhenggai.ledger.models import LedgerError

from .. import charts, dashboard
from zhenggai.ledger.permissions import Perm

from ..access import round_for
from ..forms import NoticePreferenceForm, RuleForm
from ..models import EmailChoice, Notification, WarningRule, email_choice
from ..services import mark_all_read, mark_read, round_rule, set_notice_preference, set_round_rule
from .unit import svg_response

PAGE_SIZE = 50


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).select_related("unit", "measure")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    # Units the user has since lost access to keep their messages, but without links.
    readable = set(visible_units(request.user).values_list("id", flat=True))
    paged = paging.paginate(request, qs, PAGE_SIZE)  # keeps ?unread=1 in the page links
    context = {"page": paged.page, "paged": paged, "readable": readable, "unread_only": bool(request.GET.get("unread")),
               "email_choice_label": EmailChoice(email_choice(request.user)).label}
    if request.htmx and request.htmx.target == "notification-rows":
        return render(request, "supervision/_notification_rows.html", context)
    return render(request, "supervision/notifications.html", context)


@require_POST
@login_required
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    # Someone else's notification is a 404, never a 403: ids reveal nothing.
    note = Notification.objects.filter(pk=notification_id, user=request.user).select_related("unit", "measure").first()
    if note is None:
        raise Http404("没有这条提醒")
    mark_read(note, request.user)
    if request.htmx:
        readable = set(visible_units(request.user).values_list("id", flat=True))
        return render(request, "supervision/_notification_row.html", {"n": note, "readable": readable})
    return redirect("supervision:notifications")


@require_http_methods(["GET", "POST"])
@login_required
def notice_preference(request: HttpRequest) -> HttpResponse:
    """每件事即时发邮件 / 每天一封汇总邮件 / 不发邮件: the user's own choice, nobody else's."""
    form = NoticePreferenceForm(request.POST or None, initial={"email": email_choice(request.user)})
    if request.method == "POST" and form.is_valid():
        set_notice_preference(request.user, form.cleaned_data["email"])
        messages.success(request, f"邮件提醒方式已改为：{EmailChoice(form.cleaned_data['email']).label}")
        return redirect("supervision:notifications")
    return render(request, "supervision/notice_preference.html", {"form": form, "has_email": bool(request.user.email)},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    n = mark_all_read(request.user)
    messages.success(request, f"已将 {n} 条提醒标为已读")
    return redirect("supervision:notifications")


@require_GET
@login_required
def overview(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = round_for(request.user, round_id)
    rows = dashboard.round_overview(rnd, timezone.localdate())
    total = dashboard.Bucket("合计")
    for r in rows:
        total.total += r.total
        total.completed += r.completed
        total.long_term += r.long_term
        total.overdue += r.overdue
    return render(request, "supervision/overview.html", {"round": rnd, "rows": rows, "total": total})


@require_GET
@login_required
def overview_chart(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = round_for(request.user, round_id)
    rows = dashboard.round_overview(rnd, timezone.localdate())
    return svg_response(charts.rate_bars(rows, f"{rnd.name}：各单位完成率（按措施）"))


@require_http_methods(["GET", "POST"])
@login_required
def round_rule_page(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = round_for(request.user, round_id, Perm.ROUND_RULES)
    rule = round_rule(rnd)
    stored = WarningRule.objects.filter(inspection=rnd).first()
    form = RuleForm(request.POST or None, unit=None, rule=rule)
    form.initial["version"] = versions.token_for(stored)
    if request.method == "POST" and form.is_valid():
        try:
            with versions.editing(stored, versions.posted(request.POST), "本轮次预警规则"):
                set_round_rule(rnd, request.user, **form.rule_fields())
        except LedgerError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "本轮次预警规则已保存；已自定规则的单位仍按本单位规则")
            return redirect("supervision:round_rule", rnd.id)
    return render(request, "supervision/round_rule.html", {"round": rnd, "form": form, "rule": rule},
                  status=400 if form.errors else 200)
