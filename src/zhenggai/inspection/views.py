"""Pages of the round's matters: a unit's milestones, 共性问题 and 日常监督; the group's feedback
draft and its handover; the round's milestone table, coverage check and common problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhenggai import ids
from zhenggai.ledger import access as acl
from zhenggai.ledger import versions
from zhenggai.ledger.models import LedgerError, Unit
from zhenggai.ledger.permissions import Perm
from zhenggai.supervision.access import round_for

from . import forms, outline, services
from .models import CommonAnswer, CommonProblem, FeedbackDraft, SupervisionActivity


def _fail(request, e: Exception) -> None:
    messages.error(request, str(e.args[0] if e.args else e))


@require_http_methods(["GET", "POST"])
@login_required
def unit_matters(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    which = request.POST.get("form")
    done_form = forms.MilestoneDoneForm(request.POST if which == "milestone" else None,
                                        initial={"done_on": timezone.localdate()})
    activity_form = forms.ActivityForm(request.POST if which == "activity" else None, unit=unit)
    answer_form = forms.AnswerForm(request.POST if which == "answer" else None)
    if request.method == "POST":
        try:
            if which == "milestone" and done_form.is_valid():
                d = done_form.cleaned_data
                services.record_milestone(request.user, unit, d["kind"], d["done_on"], d["note"])
                messages.success(request, "已登记")
                return redirect("inspection:unit", unit.id)
            if which == "activity" and activity_form.is_valid():
                d = activity_form.cleaned_data
                services.record_activity(request.user, unit, d["kind"], d["date"], d["people"], d["found"],
                                         list(d["problems"]))
                messages.success(request, "已记录日常监督")
                return redirect("inspection:unit", unit.id)
            if which == "answer" and answer_form.is_valid():
                problem = services.common_for(unit).filter(pk=ids.as_id(request.POST.get("problem"))).first()
                if problem is None:
                    raise Http404("没有这个共性问题")
                services.answer_common(request.user, unit, problem, answer_form.cleaned_data["answer"],
                                       answer_form.cleaned_data["reason"])
                messages.success(request, "已答复，等待巡视巡察办审核")
                return redirect("inspection:unit", unit.id)
        except (LedgerError, PermissionDenied) as e:
            _fail(request, e)
    today = timezone.localdate()
    states = [(s, s.status(today)) for s in services.milestone_states(unit)]
    answers = {a.problem_id: a for a in CommonAnswer.objects.filter(unit=unit).select_related("finding")}
    commons = [(cp, answers.get(cp.id)) for cp in services.common_for(unit)]
    activities = SupervisionActivity.objects.active().filter(unit=unit).prefetch_related("problems")
    draft = FeedbackDraft.objects.filter(unit=unit).first()
    return render(request, "inspection/unit.html", {
        "unit": unit, "access": access, "states": states, "commons": commons, "activities": activities,
        "done_form": done_form, "activity_form": activity_form, "answer_form": answer_form, "draft": draft,
        "can_record_milestone": access.can_write or access.may(Perm.ROUND_RULES),
        "can_supervise": access.may(Perm.RECORD_SUPERVISION),
        "can_feedback": access.may(Perm.ENTER_FEEDBACK)
    }, status=400 if (done_form.errors or activity_form.errors or answer_form.errors) else 200)


@require_http_methods(["GET", "POST"])
@login_required
def feedback_draft(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    if not access.may(Perm.ENTER_FEEDBACK):
        raise PermissionDenied("只有巡视巡察组和巡视巡察办可以起草反馈意见")
    unit = access.unit
    draft = services.draft_for(unit)
    fb = outline.Feedback.from_json(draft.content or {})
    which = request.POST.get("form")
    form = forms.DraftForm(request.POST if which == "draft" else None, request.FILES if which == "draft" else None,
                           initial={"text": outline.write(fb), "version": versions.token_for(draft)})
    hand_form = forms.HandOverForm(request.POST if which == "handover" else None,
                                   initial={"on": unit.feedback_date or timezone.localdate()})
    if request.method == "POST":
        try:
            if which == "draft" and form.is_valid():
                upload = request.FILES.get("file")
                text = form.cleaned_data["text"]
                if upload is not None:
                    text = outline.write(_read_document(upload))
                with versions.editing(draft, versions.posted(request.POST), "反馈意见稿"):
                    fb = services.save_draft(request.user, unit, text)
                messages.success(request, f"已保存：{len(fb.aspects)} 个方面、{fb.problem_count} 个问题")
                return redirect("inspection:draft", unit.id)
            if which == "handover" and hand_form.is_valid():
                n = services.hand_over(request.user, unit, hand_form.cleaned_data["on"])
                messages.success(request, f"已向{unit.name}移交反馈意见（{n} 个问题）")
                return redirect("ledger:feedback", unit.id)
        except (LedgerError, PermissionDenied) as e:
            _fail(request, e)
    return render(request, "inspection/draft.html", {
        "unit": unit, "access": access, "draft": draft, "feedback": fb, "form": form, "hand_form": hand_form,
    }, status=400 if (form.errors or hand_form.errors) else 200)


def _read_document(upload) -> outline.Feedback:
    """A feedback document read by the parser; any failure is one Chinese message."""
    from zhenggai.ledger.importing_doc import reason_of
    from zhenggai.parsing import ParseError, parse_file

    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".docx", ".txt", ".md"):
        raise LedgerError("只能上传 .docx、.txt 或 .md 文件")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"feedback{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            reports = parse_file(path)
        except ParseError as e:
            raise LedgerError(f"无法读取这个文档：{reason_of(e)}") from None
        except (UnicodeError, ValueError, KeyError, OSError):  # a broken file the parser did not catch
            raise LedgerError("无法读取这个文档（文件损坏或编码无法识别）") from None
    if not reports or not reports[0].findings:
        raise LedgerError("文档中没有识别出反馈问题，请用提纲方式录入")
    return services.from_document(reports[0])


@require_http_methods(["GET", "POST"])
@login_required
def round_matters(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = round_for(request.user, round_id)
    roles = acl.round_roles(request.user, rnd)
    may_rule = request.user.is_superuser or bool(acl.allows(roles, Perm.ROUND_RULES))
    ms = services.milestones(rnd)
    which = request.POST.get("form")
    days_form = forms.MilestoneDaysForm(request.POST if which == "days" else None, milestones=ms,
                                        initial={"version": versions.group_token(ms)})
    common_form = forms.CommonProblemForm(request.POST if which == "common" else None,
                                          others=services.push_targets(request.user, rnd))
    decide_form = forms.DecideForm(request.POST if which == "decide" else None)
    if request.method == "POST":
        try:
            if not may_rule:
                raise PermissionDenied("只有本轮次的巡视巡察办可以修改")
            if which == "days" and days_form.is_valid():
                with transaction.atomic():
                    versions.check_group(ms, versions.posted(request.POST), "本轮次时间节点")
                    services.set_milestone_days(request.user, rnd, {k: v for k, v in days_form.cleaned_data.items()
                                                                    if k != "version"})
                messages.success(request, "时间节点已保存")
                return redirect("inspection:round", rnd.id)
            if which == "common" and common_form.is_valid():
                cp = services.publish_common(request.user, rnd, common_form.cleaned_data["title"],
                                             common_form.cleaned_data["description"],
                                             list(common_form.cleaned_data["extra_units"]))
                pushed = cp.extra_units.count()
                messages.success(request, f"已向本轮次各单位发布共性问题“{cp.title}”" + (f"，并推送到其他 {pushed} 个单位" if pushed else ""))
                return redirect("inspection:round", rnd.id)
            if which == "decide" and decide_form.is_valid():
                answer = get_object_or_404(CommonAnswer, pk=ids.as_id(request.POST.get("answer")), problem__inspection=rnd)
                services.decide_common(request.user, answer, decide_form.cleaned_data["decision"] == "accept",
                                       decide_form.cleaned_data["note"])
                messages.success(request, "已审核")
                return redirect("inspection:round", rnd.id)
            if which == "decide":  # the decision form is drawn per answer: its error is told as a message
                messages.error(request, next(iter(decide_form.errors.values()))[0])
        except (LedgerError, PermissionDenied) as e:
            _fail(request, e)
    today = timezone.localdate()
    units = list(Unit.objects.active().filter(inspection=rnd).select_related("inspection").order_by("name"))
    table = [(u, [(s, s.status(today)) for s in services.milestone_states(u, ms)]) for u in units]
    commons = []
    for cp in CommonProblem.objects.active().filter(inspection=rnd):
        answers = {a.unit_id: a for a in cp.answers.select_related("finding")}
        targets = services.targets_of(cp)
        commons.append((cp, [(u, answers.get(u.id)) for u in targets]))
    return render(request, "inspection/round.html", {
        "round": rnd, "milestones": ms, "table": table, "coverage": services.coverage(rnd), "commons": commons,
        "may_rule": may_rule, "days_form": days_form, "common_form": common_form,
    }, status=400 if (days_form.errors or common_form.errors) else 200)
