"""生成任务: long output made by a background task, with progress, a file or a Chinese error.

A kind of job (the dashboard .xlsx over a body's rounds, every unit's evaluation, an
analysis of the problems) is registered here by the app that knows how to make it
(``register`` from its AppConfig.ready). A kind says who may have it (``allowed``, asked
when the job is requested, when it runs and when its result is opened, so a grant that
ends in between closes the result too) and how to make it (``run``, which reports
progress and returns the bytes or a result for a page). ``start`` records the request and
queues the task (ledger/tasks.py); ``run`` is that task. Files are written under
DATA_DIR/jobs/ with a random name; the name the user sees is only in Content-Disposition.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import GeneratedJob, JobState, LedgerError

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
SUFFIXES = {XLSX: ".xlsx", DOCX: ".docx", ZIP: ".zip", "text/html": ".html"}

Progress = Callable[[int, int, str], None]  # (done, total, stage)


@dataclass
class Output:
    """What a job made: a file (data, its name and type) and/or a result a page shows."""

    data: bytes | None = None
    file_name: str = ""
    content_type: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    stage: str = "已完成"


@dataclass(frozen=True)
class Kind:
    title: str
    allowed: Callable[[Any, dict], bool]  # (user, scope): may this user have this output now?
    run: Callable[[GeneratedJob, Any, Progress], Output]  # (job, requester, progress)
    page: str = ""  # a URL name taking the job id, for kinds whose result is a page (else: download)


KINDS: dict[str, Kind] = {}


def register(code: str, kind: Kind) -> None:
    KINDS[code] = kind


def kind_of(job: GeneratedJob) -> Kind | None:
    return KINDS.get(job.kind)


def allowed(user, job: GeneratedJob) -> bool:
    """Whether the user may open this job's result now: its requester, still covered by the grants."""
    kind = kind_of(job)
    return (kind is not None and getattr(user, "is_authenticated", False) and job.requested_by_id == user.pk
            and kind.allowed(user, job.scope))


def jobs_dir() -> Path:
    path = Path(settings.DATA_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start(user, code: str, scope: dict[str, Any], scope_label: str = "") -> GeneratedJob:
    """Record the request and queue the task; PermissionDenied if the user may not have it."""
    from .tasks import run_generated_job

    kind = KINDS.get(code)
    if kind is None:
        raise LedgerError("没有这种生成任务")
    if not kind.allowed(user, scope):
        raise PermissionDenied("您无权生成这个范围的文件")
    job = GeneratedJob.objects.create(kind=code, title=kind.title, scope=scope, scope_label=scope_label[:300],
                                      requested_by=user, stage="排队等待生成")
    # Views run in autocommit: the row is committed before a worker looks for it.
    run_generated_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _progress(job_id: int) -> Progress:
    def step(done: int, total: int, stage: str) -> None:
        GeneratedJob.objects.filter(pk=job_id).update(done=max(done, 0), total=max(total, 0), stage=stage[:100])

    return step


def _fail(job_id: int, message: str) -> None:
    GeneratedJob.objects.filter(pk=job_id).update(state=JobState.FAILED, error=message, stage="未能生成",
                                                  finished_at=timezone.now())


def run(job_id: int) -> None:
    """The background part. Every failure ends the job with a Chinese message, never a traceback."""
    job = GeneratedJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.state != JobState.QUEUED:
        return
    GeneratedJob.objects.filter(pk=job_id).update(state=JobState.RUNNING, stage="正在准备")
    kind = kind_of(job)
    try:
        if kind is None:
            raise LedgerError("没有这种生成任务")
        if not kind.allowed(job.requested_by, job.scope):
            raise LedgerError("申请人已无权查看这个范围，未生成文件")
        out = kind.run(job, job.requested_by, _progress(job_id))
        path = _store(out) if out.data is not None else ""
    except LedgerError as e:
        _fail(job_id, str(e))
        return
    except Exception:  # a bug must still end the job with a message, not leave it spinning
        log.exception("generated job %s (%s) failed", job_id, job.kind)
        _fail(job_id, f"生成时发生内部错误，未能生成；请把任务编号 {job_id} 告诉系统管理员查看日志")
        return
    fresh = GeneratedJob.objects.get(pk=job_id)
    GeneratedJob.objects.filter(pk=job_id).update(
        state=JobState.DONE, path=path, file_name=_safe_name(out.file_name, out.content_type),
        content_type=out.content_type, result=out.result, stage=out.stage[:100], finished_at=timezone.now(),
        done=max(fresh.done, fresh.total), error="",
    )


def _store(out: Output) -> str:
    """Write the file under a random name, whole or not at all; the name is relative to jobs_dir()."""
    name = uuid.uuid4().hex + SUFFIXES.get(out.content_type, ".bin")
    target = jobs_dir() / name
    tmp = target.with_suffix(target.suffix + ".part")
    with open(tmp, "wb") as f:
        f.write(out.data or b"")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return name


def _safe_name(name: str, content_type: str) -> str:
    """The download's name without path separators or control characters, with its suffix."""
    cleaned = "".join(c for c in (name or "") if c.isprintable() and c not in '/\\:*?"<>|').strip(" .")
    suffix = SUFFIXES.get(content_type, "")
    if not cleaned:
        cleaned = "生成结果" + suffix if suffix else ""
    return cleaned[:200]


def file_of(job: GeneratedJob) -> Path | None:
    """The stored file, if the job made one that is still there (a path always inside jobs_dir())."""
    if job.state != JobState.DONE or not job.path or Path(job.path).name != job.path:
        return None
    path = jobs_dir() / job.path
    return path if path.is_file() else None


def recent(user, limit: int = 20):
    return GeneratedJob.objects.filter(requested_by=user).defer("result")[:limit]
