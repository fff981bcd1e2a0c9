"""Importing a feedback/report document or an Excel task table into a unit: upload → progress → preview → apply.

The reading and comparing run as a background task (import_jobs / tasks.py);
these views only store the upload, show progress (HTMX polling), show the
preview and pass the clerk's choices to the merge service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access as acl
from .. import import_jobs, merging
from ..forms import ImportForm
from ..models import ImportJob, ImportState

PREVIEW_LIMIT = 500  # rows shown per section; the counts always cover all of them


def _job_for(request: HttpRequest, job_id: int, light: bool = False) -> tuple[ImportJob, acl.Access]:
    """The job and the user's write access to its unit; ``light`` leaves the (possibly large) preview unread."""
    jobs = ImportJob.objects.select_related("unit")
    if light:
        jobs = jobs.defer("plan", "result")
    try:
        job = jobs.get(pk=int(job_id))
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这次导入") from None
    access = acl.unit_for(request.user, job.unit_id, write=True)
    return job, access


@require_http_methods(["GET", "POST"])
@login_required
def import_file(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=True)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = import_jobs.start(access.unit, form.cleaned_data["file"], request.user)
            return redirect(reverse("ledger:import_job", args=[job.pk]))
    else:
        form = ImportForm()
    recent = ImportJob.objects.filter(unit=access.unit).select_related("created_by")[:10]
    return render(
        request, "ledger/import.html", {"unit": access.unit, "access": access, "form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


def _sections(plan: dict) -> dict:
    rows = list(enumerate(plan["rows"]))
    new = [(i, r) for i, r in rows if r["op"] == "new"]
    changed = [(i, r) for i, r in rows if r["op"] == "changed"]
    unchanged = [(i, r) for i, r in rows if r["op"] == "unchanged"]
    successors = {i: r for i, r in new}
    missing = [dict(m, successor_text=successors[m["successor"]]["text"] if m.get("successor") in successors else "")
               for m in plan["missing"]]
    notes = [(r["where"], n) for _, r in rows for n in r["notes"]]
    return {
        "new": new[:PREVIEW_LIMIT], "changed": changed[:PREVIEW_LIMIT], "unchanged": unchanged[:PREVIEW_LIMIT],
        "missing": missing[:PREVIEW_LIMIT], "notes": notes[:PREVIEW_LIMIT], "findings": plan["findings"][:PREVIEW_LIMIT],
        "limit": PREVIEW_LIMIT,
    }


@require_GET
@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    polling = bool(request.htmx and request.GET.get("poll"))
    job, access = _job_for(request, job_id, light=polling)
    context = {"unit": job.unit, "access": access, "job": job}
    if polling:
        if job.busy:
            return render(request, "ledger/_import_progress.html", context)
        response = HttpResponse("")
        response["HX-Redirect"] = reverse("ledger:import_job", args=[job.pk])
        return response
    if job.plan and job.state in (ImportState.READY, ImportState.APPLIED, ImportState.APPLYING):
        context.update(plan=job.plan, summary=merging.summary(job.plan), facts=job.plan.get("unit") or {},
                       **_sections(job.plan))
    return render(request, "ledger/import_job.html", context, status=400 if job.state == ImportState.FAILED else 200)


@require_POST
@login_required
def import_apply(request: HttpRequest, job_id: int) -> HttpResponse:
    job, access = _job_for(request, job_id)
    if job.state != ImportState.READY:
        messages.error(request, "这次导入已不在待确认状态，不能再确认")
        return redirect(reverse("ledger:import_job", args=[job.pk]))
    missing = {m["measure"] for m in job.plan["missing"]}
    try:
        archive = sorted({int(v) for v in request.POST.getlist("archive")} & missing)
    except ValueError:
        archive = []
    confirmed = request.POST.get("confirm_organization") == "on"
    import_jobs.request_apply(job, request.user, archive, confirmed)
    job.refresh_from_db()
    if job.state == ImportState.APPLIED:
        messages.success(request, job.stage)
        return redirect(reverse("ledger:ledger", args=[job.unit_id]))
    return redirect(reverse("ledger:import_job", args=[job.pk]))


@require_POST
@login_required
def import_discard(request: HttpRequest, job_id: int) -> HttpResponse:
    job, access = _job_for(request, job_id)
    if import_jobs.discard(job):
        messages.success(request, "已放弃这次导入，台账未作任何修改")
    return redirect(reverse("ledger:import", args=[job.unit_id]))
