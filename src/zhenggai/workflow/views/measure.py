"""A measure's workflow page and its verbs. The page and every HTMX answer render _flow.html."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhenggai.ledger import access as acl
from zhenggai.ledger import history
from zhenggai.ledger.models import Measure

from .. import forms, permissions, services, states
from ..models import (
    AuditEvent,
    CloseRequest,
    Comment,
    Evidence,
    Extension,
    Lookback,
    ProgressReport,
)
from ..states import Verb

ACTION_LABELS = {
    "workflow.progress.report": "报送进展",
    "workflow.close.request": "申请销号",
    "workflow.close.approve": "审核通过",
    "workflow.close.return": "退回整改",
    "workflow.close.long_term": "转为长期坚持",
    "workflow.close.reopen": "重新打开",
    "workflow.extension.request": "申请延期",
    "workflow.extension.approve": "批准延期",
    "workflow.extension.refuse": "不予批准延期",
    "workflow.handover": "责任交接",
    "workflow.lookback.schedule": "安排回头看",
    "workflow.lookback.record": "回头看（未反弹）",
    "workflow.lookback.rebound": "回头看发现反弹回潮，重新打开",
    "workflow.comment.add": "发表意见",
    "workflow.settings.update": "修改流程设置",
    "ledger.import.apply": "导入台账",
    "ledger.import.expire": "导入过期（上传文件已删除）",
    "inspection.common.publish": "发布共性问题",
    "oversight.category.correct": "更正问题分类",
}


@dataclass(frozen=True)
class Action:
    verb: Verb | None  # None: not a state transition (comment, schedule)
    form: type[djforms.Form]
    run: Callable[[Measure, Any, dict], object]
    done: str


ACTIONS: dict[str, Action] = {
    "report": Action(Verb.REPORT, forms.ReportForm,
                     lambda m, u, d: services.report_progress(m, u, d["text"], d["percent"], d["files"]), "进展已报送"),
    "close": Action(Verb.REQUEST_CLOSE, forms.CloseForm,
                    lambda m, u, d: services.request_close(m, u, d["summary"], d["files"]), "已申请销号，等待审核"),
    "approve": Action(Verb.APPROVE, forms.ReasonForm, lambda m, u, d: services.approve(m, u, d["reason"]), "已审核通过"),
    "return": Action(Verb.RETURN, forms.RequiredReasonForm,
                     lambda m, u, d: services.return_for_rework(m, u, d["reason"]), "已退回整改"),
    "long_term": Action(Verb.MARK_LONG_TERM, forms.LongTermForm,
                        lambda m, u, d: services.mark_long_term(m, u, d["review_date"], d["reason"]), "已转为长期坚持"),
    "reopen": Action(Verb.REOPEN, forms.RequiredReasonForm, lambda m, u, d: services.reopen(m, u, d["reason"]), "已重新打开"),
    "extension": Action(Verb.REQUEST_EXTENSION, forms.ExtensionForm,
                        lambda m, u, d: services.request_extension(m, u, d["new_deadline"], d["reason"]), "已提交延期申请"),
    "lookback": Action(Verb.RECORD_LOOKBACK, forms.LookbackForm,
                       lambda m, u, d: services.record_lookback(m, u, d["found"], d["rebound"]), "回头看已记录"),
    "schedule": Action(None, forms.ScheduleForm, lambda m, u, d: services.schedule_lookback(m, u, d["due_on"]), "已安排回头看"),
    "comment": Action(None, forms.CommentForm, lambda m, u, d: services.comment(m, u, d["text"]), "意见已发表"),
}


def _verb_roles(verb: Verb) -> frozenset[str]:
    """Every role that may do this verb in some state: anyone else is refused with 403 up front."""
    return frozenset().union(*(t.roles for t in states.TRANSITIONS if t.verb == verb))


def _authorize(access: acl.Access, measure: Measure, name: str, action: Action) -> None:
    if action.verb is not None:
        allowed = permissions.holds(access, _verb_roles(action.verb), measure)
    elif name == "schedule":
        allowed = permissions.is_office(access)
    else:
        allowed = access.can_comment
    if not allowed:
        raise PermissionDenied("您的角色不能办理此事项")


def flow_context(request: HttpRequest, measure: Measure, access: acl.Access, error: str = "", form_name: str = "") -> dict:
    state = services.state_of(measure)
    cfg = services.settings_for(measure.finding.unit)
    can = {name: a.verb is not None and permissions.may(access, state, a.verb, measure) for name, a in ACTIONS.items()}
    can["schedule"] = permissions.is_office(access) and state in (states.State.CLOSED, states.State.LONG_TERM)
    can["comment"] = access.can_comment
    if measure.archived_at is not None:  # an archived measure is a record to read, not work to do
        can = dict.fromkeys(can, False)
    ext_roles = permissions.extension_roles(cfg.extension_approver)
    reports = list(ProgressReport.objects.filter(measure=measure).select_related("author").prefetch_related("files"))
    requests = list(
        CloseRequest.objects.filter(measure=measure).select_related("requested_by").prefetch_related("files", "approvals__approver")
    )
    events = list(AuditEvent.objects.filter(measure=measure).select_related("actor")[:200])
    for e in events:
        e.label = ACTION_LABELS.get(e.action, "流程操作")  # never the internal code
    return {
        "m": measure,
        "unit": measure.finding.unit,
        "access": access,
        "state": state,
        "cfg": cfg,
        "can": can,
        "can_decide_extension": permissions.holds(access, ext_roles, measure),
        "reports": reports,
        "requests": requests,
        "extensions": Extension.objects.filter(measure=measure).select_related("requested_by", "decided_by"),
        "lookbacks": Lookback.objects.filter(measure=measure).select_related("done_by"),
        "comments": Comment.objects.filter(measure=measure).select_related("author"),
        "evidence": Evidence.objects.filter(measure=measure).select_related("uploaded_by"),
        "events": events,
        "error": error,
        "form_name": form_name,
        "today": services._today(),
        "overdue": measure.is_overdue(services._today()),
    }


@require_GET
@login_required
def page(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure, access = acl.measure_for(request.user, measure_id)
    context = flow_context(request, measure, access)
    if request.htmx:
        return render(request, "workflow/_flow.html", context)
    entries = history.entries(finding_ids=[measure.finding_id], measure_ids=[measure.pk])
    for e in entries:  # the ledger's history names its own codes; name ours here
        e.action = ACTION_LABELS.get(e.code, e.action)
    context["history"] = entries
    context["quality_flags"] = _quality_flags(measure)
    return render(request, "workflow/measure.html", context)


def _quality_flags(measure: Measure) -> list:
    """整改质量体检 of this measure and of its problem as a whole, as the ledger row shows them."""
    from django.utils import timezone

    from zhenggai.oversight.ledger_rules import measure_flags

    if measure.archived:
        return []
    return measure_flags(measure.finding.unit_id, timezone.localdate(), [measure.pk]).of(measure.pk, measure.finding_id)


@require_POST
@login_required
def act(request: HttpRequest, measure_id: int, name: str) -> HttpResponse:
    action = ACTIONS.get(name)
    if action is None:
        raise Http404("没有这个操作")
    measure, access = acl.measure_for(request.user, measure_id)
    _authorize(access, measure, name, action)
    form = action.form(request.POST, request.FILES)
    error = ""
    if not form.is_valid():
        error = form.first_error()
    else:
        try:
            action.run(measure, request.user, form.cleaned_data)
        except services.NotAllowed as e:
            raise PermissionDenied(str(e)) from None
        except services.WorkflowError as e:
            error = str(e)
    return _answer(request, measure, access, error, name, action.done)


def _answer(request: HttpRequest, measure: Measure, access: acl.Access, error: str, name: str, done: str) -> HttpResponse:
    if request.htmx:
        measure.refresh_from_db()
        context = flow_context(request, measure, access, error=error, form_name=name)
        if not error:
            context["done"] = done
        return render(request, "workflow/_flow.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("workflow:measure", args=[measure.pk]))


@require_POST
@login_required
def decide_extension(request: HttpRequest, extension_id: int) -> HttpResponse:
    try:
        ext = Extension.objects.select_related("measure").get(pk=int(extension_id))
    except (Extension.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这份延期申请") from None
    measure, access = acl.measure_for(request.user, ext.measure_id)
    cfg = services.settings_for(measure.finding.unit)
    if not permissions.holds(access, permissions.extension_roles(cfg.extension_approver), measure):
        raise PermissionDenied(f"延期申请由{cfg.get_extension_approver_display()}审批")
    form = forms.DecideExtensionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = form.first_error()
    else:
        try:
            services.decide_extension(ext, request.user, form.cleaned_data["decision"] == "approve", form.cleaned_data["reason"])
        except services.NotAllowed as e:
            raise PermissionDenied(str(e)) from None
        except services.WorkflowError as e:
            error = str(e)
    return _answer(request, measure, access, error, "decide", "延期申请已审批")


__all__ = ["ACTIONS", "ACTION_LABELS", "act", "decide_extension", "flow_context", "page"]
