"""共性问题分析 pages: start an analysis (a 生成任务), its result (groups and the taxonomy per
problem), correcting a problem's class, and publishing a group as a round's 共性问题.

Who may do what: ledger.access.job_for (the result is its requester's), the dashboard's
scope check for starting, and the services' own checks (round_for with Perm.ROUND_RULES)
for correcting and publishing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from zhenggai.ledger import access as acl
from zhenggai.ledger.models import GeneratedJob, LedgerError
from zhenggai.ledger.paging import paginate
from zhenggai.ledger.permissions import Perm
from zhenggai.supervision.access import round_for

from . import board, common_analysis
from .views import _scope

PER_PAGE = 200


@require_http_methods(["GET", "POST"])
@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    _scope(request, params)  # 404/403 as the dashboard
    if request.method == "POST":
        job = common_analysis.start(request.user, params)
        return redirect("ledger:job", job.pk)
    recent = GeneratedJob.objects.filter(requested_by=request.user, kind=common_analysis.KIND).defer("result")[:10]
    return render(request, "oversight/analysis.html", {
        "rounds": board.round_choices(request.user), "bodies": board.body_choices(request.user), "q": params,
        "recent": recent,
    })


def _result_job(request: HttpRequest, job_id: int) -> GeneratedJob:
    job = acl.job_for(request.user, job_id)
    if job.kind != common_analysis.KIND:
        raise Http404("没有这次分析")
    return job


@require_http_methods(["GET"])
@login_required
def analysis_result(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _result_job(request, job_id)
    if job.state != job.State.DONE:
        return redirect(reverse("ledger:job", args=[job.pk]) + "?status=1")
    rows = common_analysis.rows(request.user, job.result)
    wanted = request.GET.get("class", "")
    shown = [r for r in rows if r.code == wanted] if wanted else rows
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.name] = counts.get(r.name, 0) + 1
    groups = job.result.get("groups", [])
    by_id = {r.finding_id: r for r in rows}
    return render(request, "oversight/analysis_result.html", {
        "job": job, "paged": paginate(request, shown, PER_PAGE), "classes": common_analysis.taxonomy_classes(),
        "counts": sorted(counts.items(), key=lambda kv: -kv[1]), "total": len(rows), "wanted": wanted,
        "groups": [(i, g, [by_id[m] for m in g["members"] if m in by_id]) for i, g in enumerate(groups)],
        "may_publish": any(r.may_correct for r in rows),
    })


@require_POST
@login_required
def analysis_correct(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _result_job(request, job_id)
    try:
        fix = common_analysis.correct_category(request.user, request.POST.get("finding"), request.POST.get("code", ""))
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已把“{fix.finding.title[:40]}”更正为“{fix.name}”；以后的分析按此更正分类")
    back = reverse("oversight:analysis_result", args=[job.pk])
    page = request.POST.get("page")
    return redirect(back + (f"?page={int(page)}" if page and page.isdigit() else "") + "#taxonomy")


class PublishForm(forms.Form):
    title = forms.CharField(label="共性问题", max_length=300)
    description = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    units = forms.MultipleChoiceField(label="须对照整改的单位", widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "请至少选择一个须对照整改的单位"})

    def __init__(self, *args, targets: common_analysis.Targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = (
            [(str(u.id), f"{u.name}（本轮次）") for u in targets.inside]
            + [(str(u.id), f"{u.name}（{u.inspection.name}，本轮未巡察，推送）") for u in targets.outside])


@require_http_methods(["GET", "POST"])
@login_required
def analysis_publish(request: HttpRequest, job_id: int, index: int) -> HttpResponse:
    job = _result_job(request, job_id)
    try:
        g = common_analysis.group(job.result, index)
    except LedgerError:
        raise Http404("没有这组相似问题") from None
    rounds = common_analysis.publish_rounds(request.user, g["members"])
    if not rounds:
        raise PermissionDenied("只有本轮次的巡视巡察办可以发布共性问题")
    wanted = request.POST.get("round") or request.GET.get("round")
    rnd = round_for(request.user, wanted, Perm.ROUND_RULES) if wanted else rounds[0]
    targets = common_analysis.publish_targets(request.user, rnd, g["members"])
    if request.method == "POST":
        form = PublishForm(request.POST, targets=targets)
        if form.is_valid():
            try:
                cp = common_analysis.publish_group(
                    request.user, job, index, rnd, form.cleaned_data["title"], form.cleaned_data["description"],
                    [int(u) for u in form.cleaned_data["units"]])
            except LedgerError as e:
                form.add_error(None, str(e))
            else:
                n = len(form.cleaned_data["units"])
                messages.success(request, f"已发布共性问题“{cp.title}”，{n} 个单位须对照整改")
                return redirect("inspection:round", rnd.id)
    else:
        form = PublishForm(initial={"title": g["name"], "units": [str(u) for u in sorted(targets.chosen)]},
                           targets=targets)
    rows = {r.finding_id: r for r in common_analysis.rows(request.user, job.result)}
    return render(request, "oversight/analysis_publish.html", {
        "job": job, "group": g, "index": index, "form": form, "round": rnd, "rounds": rounds,
        "members": [rows[m] for m in g["members"] if m in rows],
    }, status=400 if form.errors else 200)
