"""An upload never confirmed expires: its file leaves DATA_DIR/imports/, the job says so, the audit log records it."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhenggai.cli import main as cli
from zhenggai.ledger import import_jobs
from zhenggai.ledger.models import ImportJob, ImportState
from zhenggai.workflow.models import AuditEvent

from .test_import_jobs import ROWS, sheet


def _upload(ledger, people, hours_ago: float) -> ImportJob:
    job = import_jobs.start(ledger.unit, SimpleUploadedFile("表.xlsx", sheet(ROWS)), people.office)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours_ago))
    job.refresh_from_db()
    return job


def test_an_old_preview_expires_a_recent_one_and_an_applied_one_stay(ledger, people, settings, tmp_path, login):
    settings.DATA_DIR = tmp_path
    old, recent, applied = (_upload(ledger, people, h) for h in (49, 47, 100))
    assert import_jobs.request_apply(applied, people.office, [], False)
    applied.refresh_from_db()
    assert applied.state == ImportState.APPLIED
    # A file the applied job still names (were it kept) and an evidence file are never touched.
    Path(applied.path).write_bytes(b"kept")
    evidence = tmp_path / "evidence" / "e.pdf"
    evidence.parent.mkdir()
    evidence.write_bytes(b"%PDF")
    for f in (Path(applied.path), evidence):
        os.utime(f, (time.time() - 200 * 3600,) * 2)
    # A file no job holds, left by a crash days ago, goes too; a fresh one (an upload being saved) stays.
    orphan, fresh = import_jobs.upload_dir() / "crash.xlsx", import_jobs.upload_dir() / "saving.xlsx"
    orphan.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(orphan, (time.time() - 72 * 3600,) * 2)

    assert import_jobs.expire_stale(dry_run=True).jobs == 1 and Path(old.path).exists()  # a dry run changes nothing
    result = import_jobs.expire_stale()
    assert (result.jobs, result.orphans) == (1, 1)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.state == ImportState.EXPIRED and not Path(old.path).exists()
    assert recent.state == ImportState.READY and Path(recent.path).exists()
    assert Path(applied.path).exists() and evidence.exists() and fresh.exists() and not orphan.exists()
    event = AuditEvent.objects.get(action="ledger.import.expire")
    assert event.unit == ledger.unit and event.data["job"] == old.pk and event.reason == "表.xlsx"
    assert import_jobs.expire_stale().jobs == 0  # once only

    c = login(people.office)
    page = c.get(reverse("ledger:import_job", args=[old.pk])).content.decode()
    assert "这次上传已过期" in page and "48 小时内没有确认导入" in page and "请重新上传" in page
    r = c.post(reverse("ledger:import_apply", args=[old.pk]))
    assert r.status_code == 302 and ImportJob.objects.get(pk=old.pk).state == ImportState.EXPIRED
    assert not AuditEvent.objects.filter(action="ledger.import.apply", data__job=old.pk).exists()


def test_the_setting_sets_the_age(ledger, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.IMPORT_EXPIRY_HOURS = 2
    job = _upload(ledger, people, 3)
    assert import_jobs.expire_stale().jobs == 1
    job.refresh_from_db()
    assert job.state == ImportState.EXPIRED


def test_cleanup_command(ledger, people, settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    job = _upload(ledger, people, 30)
    assert cli(["cleanup", "--hours", "24"]) == 0
    assert "过期的导入 1 个" in capsys.readouterr().out
    job.refresh_from_db()
    assert job.state == ImportState.EXPIRED and not Path(job.path).exists()
    assert cli(["cleanup"]) == 0 and "过期的导入 0 个" in capsys.readouterr().out
