"""Importing a feedback/report document or an Excel task table into a unit: upload → progress → preview → apply.

The reading and comparing run as a background task (import_jobs / tasks.py);
these views only store the upload, show progress (HTMX polling), show the
preview and pass the clerk's choices to the merge service.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai import ids

from .. import access as acl
from .. import versions
from .. import import_corrections, import_jobs, merging, outline_edits
from ..forms import ImportForm
from ..models import ImportJob, ImportState, LedgerError

PREVIEW_LIMIT = 500  # rows shown per section; the counts always cover all of them
OUTLINE_LIMIT = 1500  # headings of a parsed document shown for correction


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
    context = {"unit": job.unit, "access": access, "job": job, "expiry_hours": settings.IMPORT_EXPIRY_HOURS}
    if polling:
        if job.busy:
            return render(request, "ledger/_import_progress.html", context)
        response = HttpResponse("")
        response["HX-Redirect"] = reverse("ledger:import_job", args=[job.pk])
        return response
    if job.plan and job.state in (ImportState.READY, ImportState.APPLIED, ImportState.APPLYING):
        context.update(_review(job, request.GET.get("moving", "")))
        if request.htmx and "moving" in request.GET:  # choosing where a measure goes: the review part only
            return render(request, "ledger/_import_review.html", context)
    return render(request, "ledger/import_job.html", context, status=400 if job.state == ImportState.FAILED else 200)


@require_POST
@login_required
def import_apply(request: HttpRequest, job_id: int) -> HttpResponse:
    job, access = _job_for(request, job_id)
    if job.state != ImportState.READY:
        messages.error(request, "这次导入已不在待确认状态，不能再确认")
        return redirect(reverse("ledger:import_job", args=[job.pk]))
    missing = {m["measure"] for m in job.plan["missing"]}
    chosen = {ids.as_id(v) for v in request.POST.getlist("archive")}
    if not chosen <= missing:  # only measures the preview lists as missing may be archived; nothing else happens
        messages.error(request, "要归档的措施不在本次导入的“缺少”清单中，未作任何修改，请重新勾选")
        return redirect(reverse("ledger:import_job", args=[job.pk]))
    archive = sorted(chosen)
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


def _review(job: ImportJob, moving: str = "") -> dict:
    """The preview and, for a document, the outline the clerk may correct, with its doubtful places."""
    context = {"plan": job.plan, "summary": merging.summary(job.plan), "facts": job.plan.get("unit") or {},
               **_sections(job.plan)}
    if job.parsed is not None and job.state == ImportState.READY:
        context["outline"] = _outline_rows(job, moving)
    return context


def _moving(tree: list[dict], value: str) -> tuple[str, int, str] | None:
    """The measure being moved (``"0.1/2"`` from ?moving=), or None when there is none or it no longer exists."""
    key, _, index = (value or "").partition("/")
    try:
        measure = outline_edits.get(tree, outline_edits.parse_path(key))["measures"][int(index)]
    except (outline_edits.OutlineError, ValueError, IndexError):
        return None
    return key, int(index), measure


def _outline_rows(job: ImportJob, moving: str = "") -> dict:
    tree = import_corrections.tree(job)
    warnings = import_corrections.warning_texts(job.parsed)
    doubts = outline_edits.doubts(tree, warnings)
    rows = []

    def walk(level: list[dict], prefix: tuple[int, ...]) -> None:
        for i, n in enumerate(level):
            path = (*prefix, i)
            key = outline_edits.path_key(path)
            rows.append({
                "key": key, "depth": len(path), "title": n["title"], "status": n.get("status"),
                "doubts": doubts.get(key, []),
                "measures": [(j, m, doubts.get(f"{key}/{j}", [])) for j, m in enumerate(n["measures"])],
                "can_promote": len(path) > 1, "can_demote": i > 0,
                "can_split": outline_edits.split_point(n["title"]) is not None,
                "can_to_measure": not n["children"] and path != (0,),
            })
            walk(n["children"], path)

    walk(tree, ())
    limited = len(rows) > OUTLINE_LIMIT
    return {
        "moving": _moving(tree, moving), "limited": limited, "limit": OUTLINE_LIMIT, 
        "rows": rows[:OUTLINE_LIMIT], "warnings": warnings, "confidence": job.parsed.get("confidence"),
        "corrections": len(job.corrections or []), "doubtful": sum(1 for r in rows if r["doubts"] or any(d for _, _, d in r["measures"])),
    }


@require_POST
@login_required
def import_correct(request: HttpRequest, job_id: int) -> HttpResponse:
    """One correction of the outline (or ``op=undo``); the preview is rebuilt from the corrected outline."""
    job, access = _job_for(request, job_id)
    error = ""
    try:
        typed = request.POST.get("seen", "")  # how many corrections the page showed: its version
        if not (typed.isascii() and typed.isdigit() and len(typed) < 10):  # "²" passes isdigit() but not int()
            raise LedgerError(versions.MISSING)
        seen = int(typed)
        if request.POST.get("op") == "undo":
            import_corrections.undo(job, seen)
        else:
            import_corrections.correct(job, {k: request.POST.get(k) for k in ("op", "node", "measure", "to")}, seen)
    except LedgerError as e:
        error = str(e)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(reverse("ledger:import_job", args=[job.pk]) + "#outline")
    job.refresh_from_db()
    context = {"unit": job.unit, "access": access, "job": job, "correction_error": error}
    if job.plan and job.state == ImportState.READY:
        context.update(_review(job))
    return render(request, "ledger/_import_review.html", context)  # htmx swaps only 2xx; the error is in the partial
