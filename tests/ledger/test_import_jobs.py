"""Imports as background jobs: reading holds no write lock; applying is all or nothing."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from zhenggai.ledger import import_jobs, services
from zhenggai.ledger.models import ImportJob, ImportState, LedgerError, Measure


def sheet(rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ROWS = [["问题", "整改措施", "责任人"], ["防汛物资储备台账不清", "全面盘点防汛物资并建立电子台账", "赵六"],
        ["新的问题", "新的措施", "钱七"]]


@pytest.mark.django_db(transaction=True)
def test_reading_a_file_holds_no_write_lock(ledger, people, settings, tmp_path, monkeypatch):
    """While the task parses, other people's writes go through (on SQLite a held write lock makes them fail)."""
    settings.DATA_DIR = tmp_path
    m3 = ledger.measures[2]
    real = import_jobs.read_source
    seen: dict = {}

    def slow_read(path, name, progress=None):
        source = real(path, name, progress)
        seen["in_transaction"] = connection.in_atomic_block

        def other_user():
            try:
                services.update_measure(Measure.objects.get(pk=m3.pk), people.office, person="同时保存的人")
                seen["write"] = "ok"
            except Exception as e:  # noqa: BLE001 - the test reports what failed
                seen["write"] = repr(e)
            finally:
                from django.db import connections

                connections.close_all()

        t = threading.Thread(target=other_user)
        t.start()
        t.join(30)
        return source

    monkeypatch.setattr(import_jobs, "read_source", slow_read)
    job = import_jobs.start(ledger.unit, SimpleUploadedFile("表.xlsx", sheet(ROWS)), people.office)
    assert seen == {"in_transaction": False, "write": "ok"}
    assert Measure.objects.get(pk=m3.pk).person == "同时保存的人"
    assert job.state == ImportState.READY and job.progress == 100
    assert job.plan["counts"]["changed"] == 1 and job.plan["counts"]["new"] == 1


def test_a_job_goes_from_upload_to_applied_and_keeps_no_upload(ledger, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    job = import_jobs.start(ledger.unit, SimpleUploadedFile("表.xlsx", sheet(ROWS)), people.office)
    assert job.state == ImportState.READY and Path(job.path).exists()
    assert not Measure.objects.filter(text="新的措施").exists()
    assert import_jobs.request_apply(job, people.office, [], False)
    job.refresh_from_db()
    assert job.state == ImportState.APPLIED and job.result["created"] == 1 and job.result["updated"] == 1
    assert not Path(job.path).exists()
    assert Measure.objects.get(pk=ledger.measures[0].pk).person == "赵六"
    assert not import_jobs.request_apply(job, people.office, [], False)  # once only
    from zhenggai.workflow.models import AuditEvent

    event = AuditEvent.objects.get(unit=ledger.unit, action="ledger.import.apply")
    assert event.actor == people.office and event.data["created"] == 1


def test_a_bad_file_fails_the_job_with_the_reason(ledger, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    job = import_jobs.start(ledger.unit, SimpleUploadedFile("表.xlsx", b"PK\x03\x04 broken"), people.office)
    assert job.state == ImportState.FAILED and "无法打开" in job.errors[0]
    assert not Path(job.path).exists()


def test_apply_is_all_or_nothing(ledger, people, monkeypatch):
    from zhenggai.ledger import importing_xlsx, merging

    plan = merging.plan_import(ledger.unit, importing_xlsx.source_from_rows(importing_xlsx.load_rows(io.BytesIO(sheet(ROWS)))))
    missing = [m["measure"] for m in plan["missing"]]

    def broken(measure, user):
        raise LedgerError("归档失败")

    monkeypatch.setattr(services, "archive_measure", broken)
    with pytest.raises(LedgerError):
        merging.apply_import(ledger.unit, plan, people.office, archive=missing[:1])
    assert not Measure.objects.filter(text="新的措施").exists()
    assert Measure.objects.get(pk=ledger.measures[0].pk).person == "孙一"


def test_a_stale_preview_is_refused(ledger, people):
    from zhenggai.ledger import merging

    with pytest.raises(LedgerError, match="过期"):
        merging.apply_import(ledger.unit, {"version": 0}, people.office)


def test_a_large_import_is_written_in_chunks_and_resumes_after_an_interruption(ledger, people, settings, tmp_path, monkeypatch):
    """Each chunk is its own short transaction; a failure keeps the written chunks and confirming again goes on."""
    from zhenggai.ledger import merging

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(merging, "CHUNK_ROWS", 3)
    rows = [["问题", "整改措施", "整改状态"]] + [[f"问题{i // 4}", f"第{i}项措施", "正在整改"] for i in range(10)]
    job = import_jobs.start(ledger.unit, SimpleUploadedFile("大表.xlsx", sheet(rows)), people.office)
    assert job.plan["counts"]["new"] == 10
    real, calls = merging._write_rows, []

    def failing_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise LedgerError("磁盘已满")
        return real(*args, **kwargs)

    monkeypatch.setattr(merging, "_write_rows", failing_third)
    import_jobs.request_apply(job, people.office, [], False)
    job.refresh_from_db()
    assert job.state == ImportState.READY and "从中断处继续" in job.errors[0]
    assert Measure.objects.filter(text__endswith="项措施").count() == 6  # two whole chunks, nothing of the third
    import_jobs.request_apply(job, people.office, [], False)
    job.refresh_from_db()
    assert job.state == ImportState.APPLIED and job.result["created"] == 10
    texts = sorted(Measure.objects.filter(text__endswith="项措施").values_list("text", flat=True))
    assert texts == sorted(f"第{i}项措施" for i in range(10))  # each once
    assert all(m.status == Measure.Status.IN_PROGRESS for m in Measure.objects.filter(text__endswith="项措施"))
