"""An import as the clerk meets it: upload → (background) read and compare → preview → apply.

The web page and the CLI both go through merging.plan_import / apply_import;
this module keeps the upload, the plan and the outcome on an ImportJob row so
that a background task (ledger/tasks.py) can do the long part and the page can
poll for progress. Reading and comparing never run inside a transaction: only
the apply writes, so other people's work goes on during a long import.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import import_corrections, importing_doc, importing_xlsx, merging
from .forms import XLSX_SUFFIXES
from .models import ImportJob, ImportState, LedgerError, Unit

log = logging.getLogger(__name__)


def upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_source(path: str | os.PathLike[str], name: str, progress: merging.Progress | None = None) -> merging.Source:
    """Parse the file (sheet or document) into incoming rows; LedgerError with a Chinese message if it cannot."""
    step = progress or (lambda pct, stage: None)
    suffix = os.path.splitext(name.lower())[1]
    step(10, "正在读取文件")
    if suffix in XLSX_SUFFIXES:
        rows = importing_xlsx.load_rows(str(path))
        step(35, f"已读取 {len(rows)} 行")
        return importing_xlsx.source_from_rows(rows, name)
    report = importing_doc.parse_document(path)
    step(35, "文档已解析")
    return importing_doc.source_from_report(report, name)


def start(unit: Unit, upload, user) -> ImportJob:
    """Keep the upload and queue the task that reads it and builds the preview."""
    from .tasks import plan_import_job

    suffix = os.path.splitext((upload.name or "").lower())[1]
    target = upload_dir() / f"{uuid.uuid4().hex}{suffix}"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        unit=unit, created_by=user if getattr(user, "is_authenticated", False) else None,
        file_name=(upload.name or "upload")[:255], path=str(target), stage="排队等待读取",
    )
    # Views and the CLI run in autocommit, so the job row is committed and the worker can see it.
    plan_import_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _progress(job_id: int) -> merging.Progress:
    def step(pct: int, stage: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress=min(max(pct, 0), 99), stage=stage[:100])

    return step


def _fail(job: ImportJob, errors: list[str]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportState.FAILED, errors=errors[:200], stage="未导入任何内容", finished_at=timezone.now()
    )
    _remove_upload(job)


def _remove_upload(job: ImportJob) -> None:
    if job.path:
        Path(job.path).unlink(missing_ok=True)


def run_plan(job_id: int) -> None:
    """The background part: parse and compare (no transaction), then store the preview."""
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    if job.state != ImportState.QUEUED:
        return
    ImportJob.objects.filter(pk=job_id).update(state=ImportState.PARSING, progress=1, stage="正在读取文件")
    step = _progress(job_id)
    try:
        if import_corrections.is_document(job.file_name):
            source = import_corrections.read_document(job, step)
        else:
            source = read_source(job.path, job.file_name, step)
        plan = merging.plan_import(job.unit, source, step)
    except importing_xlsx.XlsxImportError as e:
        _fail(job, e.errors)
        return
    except LedgerError as e:
        _fail(job, [str(e)])
        return
    except Exception:  # a bug must still end the job with a message, not leave it spinning
        log.exception("import %s failed", job_id)
        _fail(job, ["读取文件时发生内部错误，未导入任何内容；请把文件交给系统管理员查看日志"])
        return
    ImportJob.objects.filter(pk=job_id).update(state=ImportState.READY, plan=plan, progress=100, stage="请核对预览后确认导入")


def request_apply(job: ImportJob, user, archive: list[int], confirm_organization: bool) -> bool:
    """Claim the job for applying (once) and queue it; False if it was no longer waiting for confirmation."""
    from .tasks import apply_import_job

    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportState.READY).update(
        state=ImportState.APPLYING, stage="正在写入台账", progress=0
    )
    if not claimed:
        return False
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    apply_import_job.enqueue(job.pk, user_id, sorted(archive), confirm_organization)
    return True


def run_apply(job_id: int, user_id: int | None, archive: list[int], confirm_organization: bool) -> None:
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    if job.state != ImportState.APPLYING:
        return
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None

    def checkpoint(state: dict) -> None:
        # Inside each chunk's transaction: the rows written and the record of them commit together.
        pct = 100 * state["step"] // max(state["steps"], 1)
        ImportJob.objects.filter(pk=job_id).update(
            result={"checkpoint": state}, progress=min(pct, 99), stage=f"正在写入台账（{state['done']['created']} 条措施已写入）"
        )

    resume = (job.result or {}).get("checkpoint")
    try:
        done = merging.apply_import(job.unit, job.plan, user, archive=archive, confirm_organization=confirm_organization,
                                    checkpoint=checkpoint, resume=resume)
    except Exception as e:
        if not isinstance(e, LedgerError):
            log.exception("applying import %s failed", job_id)
        message = str(e) if isinstance(e, LedgerError) else "导入时发生内部错误"
        if ImportJob.objects.get(pk=job_id).result.get("checkpoint"):
            # Part of a large import is written (each part whole); confirming again goes on from there.
            ImportJob.objects.filter(pk=job_id).update(
                state=ImportState.READY, errors=[f"{message}；已写入的部分保留，再次确认将从中断处继续"], stage="导入中断"
            )
        else:
            # Nothing was written; the preview stays so the clerk can correct the choice and confirm again.
            ImportJob.objects.filter(pk=job_id).update(
                state=ImportState.READY, errors=[f"{message}，台账未作任何修改"], stage="未导入，请按提示处理后重新确认"
            )
        return
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportState.APPLIED, result=done.to_dict(), errors=[], progress=100, stage=done.summary(),
        finished_at=timezone.now(),
    )
    import_corrections.save_example(job, user)
    _remove_upload(job)
    from zhenggai.web.db import refresh_statistics

    refresh_statistics(full=False)  # a big import changes the tables' sizes: SQLite re-reads what went stale


def discard(job: ImportJob) -> bool:
    changed = ImportJob.objects.filter(pk=job.pk, state__in=[ImportState.READY, ImportState.FAILED]).update(
        state=ImportState.DISCARDED, stage="已放弃，台账未作任何修改", finished_at=timezone.now()
    )
    if changed:
        _remove_upload(job)
    return bool(changed)


# ---- expiry: an upload nobody confirms does not stay on the server for ever ---------------------

# Waiting to be read or confirmed. APPLYING is not here: a big import interrupted half-way resumes from
# its checkpoint when confirmed again, and its rows are already partly in the ledger.
EXPIRABLE = (ImportState.QUEUED, ImportState.PARSING, ImportState.READY)
EXPIRED_STAGE = "上传已过期，文件已删除，请重新上传"


@dataclass
class Expired:
    jobs: int = 0
    orphans: int = 0  # files in imports/ that no waiting job holds (left by a crash), removed too

    def summary(self) -> str:
        return f"过期的导入 {self.jobs} 个" + (f"，清理无主的上传文件 {self.orphans} 个" if self.orphans else "")


def expire_stale(now: dt.datetime | None = None, hours: int | None = None, dry_run: bool = False) -> Expired:
    """Mark imports uploaded more than ``hours`` ago and never applied as expired and remove their files.

    Each expiry is one ``ledger.import.expire`` event in the unit's workflow record. Files of applied
    jobs (removed at apply anyway) and evidence (another directory) are never touched: only files in
    imports/ that no job still waiting, applying or applied refers to.
    """
    from zhenggai.workflow.services import log as audit

    now = now or timezone.now()
    hours = hours if hours is not None else settings.IMPORT_EXPIRY_HOURS
    cutoff = now - dt.timedelta(hours=hours)
    out = Expired()
    for job in ImportJob.objects.filter(state__in=EXPIRABLE, created_at__lt=cutoff).select_related("unit"):
        if dry_run:
            out.jobs += 1
            continue
        with transaction.atomic():
            # Conditional, so a confirmation arriving at the same moment (READY → APPLYING) wins or loses cleanly.
            claimed = ImportJob.objects.filter(pk=job.pk, state=job.state).update(
                state=ImportState.EXPIRED, stage=EXPIRED_STAGE, finished_at=now)
            if claimed:
                audit(job.unit, None, "ledger.import.expire", None, job.file_name[:200], job=job.pk,
                      uploaded_at=job.created_at.isoformat(), state=job.state, hours=hours)
        if claimed:
            _remove_upload(job)
            out.jobs += 1
    kept = {os.path.realpath(p) for p in ImportJob.objects.exclude(
        state__in=[ImportState.EXPIRED, ImportState.DISCARDED, ImportState.FAILED]).exclude(path="")
        .values_list("path", flat=True)}
    for f in upload_dir().iterdir():
        if f.is_symlink() or not f.is_file() or os.path.realpath(f) in kept:
            continue
        if dt.datetime.fromtimestamp(f.stat().st_mtime, tz=dt.timezone.utc) < cutoff:
            if not dry_run:
                f.unlink(missing_ok=True)
            out.orphans += 1
    return out
