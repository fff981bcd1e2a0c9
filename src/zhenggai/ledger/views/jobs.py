"""生成任务 pages: the status (a progress bar HTMX polls), the download, the requester's list.

Who may open a job is ledger.access.job_for: its requester, while still covered."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import access as acl
from .. import jobs


@require_GET
@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    polling = bool(request.htmx and request.GET.get("poll"))
    job = acl.job_for(request.user, job_id, light=True)
    kind = jobs.kind_of(job)
    if polling:
        if job.busy:
            return render(request, "ledger/_job_progress.html", {"job": job})
        response = HttpResponse("")
        response["HX-Redirect"] = reverse("ledger:job", args=[job.pk])
        return response
    if job.state == job.State.DONE and kind and kind.page and not request.GET.get("status"):
        return redirect(reverse(kind.page, args=[job.pk]))
    return render(request, "ledger/job.html", {"job": job, "has_file": jobs.file_of(job) is not None})


@require_GET
@login_required
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = acl.job_for(request.user, job_id, light=True)
    path = jobs.file_of(job)
    if path is None:
        raise Http404("这个生成任务没有可下载的文件")
    resp = FileResponse(open(path, "rb"), content_type=job.content_type or "application/octet-stream")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.file_name)}"
    resp["Cache-Control"] = "private, no-store"
    return resp


@require_GET
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ledger/jobs.html", {"jobs": jobs.recent(request.user)})
