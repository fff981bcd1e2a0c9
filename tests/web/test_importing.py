"""Uploading documents and task tables through the web page."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenggai.ledger.models import Finding, Measure


def xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = ["序号", "问题", "整改措施", "责任领导", "牵头部门", "责任人", "完成时限"]


def test_office_imports_task_table(login, ledger, people):
    unit = ledger.other_unit
    from zhenggai.ledger.models import Membership, Role

    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    data = xlsx([HEADER, [1, "新问题", "新措施", "张三", "办公室", "王五", "2026-01-31"]])
    c = login(people.office)
    r = c.post(reverse("ledger:import", args=[unit.id]),
               {"file": SimpleUploadedFile("任务分解表.xlsx", data), "replace": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Measure.objects.active().filter(finding__unit=unit, text="新措施").exists()
    # the old feedback of that unit was archived, not deleted
    assert Finding.objects.filter(unit=unit, title="外单位的问题", archived_at__isnull=False).exists()


def test_row_errors_are_listed_and_nothing_changes(login, ledger, people):
    before = Measure.objects.filter(finding__unit=ledger.unit).count()
    data = xlsx([HEADER, [1, "问题", "措施", "张三", "办公室", "王五", "下周"], [2, "问题", "措施", "", "", "", "2026-02-30"]])
    r = login(people.office).post(reverse("ledger:import", args=[ledger.unit.id]),
                                  {"file": SimpleUploadedFile("t.xlsx", data), "replace": "on"})
    body = r.content.decode()
    assert r.status_code == 400
    assert "第 2 行" in body and "第 3 行" in body and "未导入任何内容" in body
    assert Measure.objects.filter(finding__unit=ledger.unit).count() == before
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == before


def test_wrong_files_are_refused_in_chinese(login, ledger, people):
    c = login(people.office)
    url = reverse("ledger:import", args=[ledger.unit.id])
    for name, content, words in (
        ("table.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("table.xlsx", b"garbage", "无法打开"),
        ("empty.txt", b"", "空"),
        ("report.docx", b"not a zip", "文档"),
    ):
        r = c.post(url, {"file": SimpleUploadedFile(name, content)})
        assert r.status_code == 400 and words in r.content.decode(), (name, r.content.decode()[-1500:])
    assert c.post(url, {}).status_code == 400


def test_existing_ledger_needs_replace(login, ledger, people):
    data = xlsx([HEADER, [1, "问题", "措施", "张三", "办公室", "王五", "2026-01-31"]])
    r = login(people.office).post(reverse("ledger:import", args=[ledger.unit.id]), {"file": SimpleUploadedFile("t.xlsx", data)})
    assert r.status_code == 400 and "替换现有台账" in r.content.decode()
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == 5


def test_office_imports_a_docx_report(login, ledger, people, synthetic_report_docx):
    from zhenggai.ledger.models import Membership, Role

    unit = ledger.other_unit
    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    with open(synthetic_report_docx, "rb") as f:
        upload = SimpleUploadedFile("整改进展情况通报.docx", f.read())
    r = login(people.office).post(reverse("ledger:import", args=[unit.id]), {"file": upload, "replace": "on"})
    assert r.status_code == 302
    problems = Finding.objects.active().filter(unit=unit, level=Finding.Level.PROBLEM)
    assert problems.count() == 3
    assert Measure.objects.active().filter(finding__unit=unit).count() == 6
    rec = Measure.objects.active().filter(finding__unit=unit).first().history.first()
    assert rec.history_user == people.office and rec.history_change_reason == "ledger.measure.create"


def test_upload_size_limit(login, ledger, people, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.txt", "问题".encode("utf-8") * (600 * 1024))
    r = login(people.office).post(reverse("ledger:import", args=[ledger.unit.id]), {"file": big, "replace": "on"})
    assert r.status_code == 400 and "文件过大" in r.content.decode()
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == 5


def test_gbk_text_imports_and_garbage_text_is_refused(login, ledger, people, synthetic_report_text):
    from zhenggai.ledger.models import Membership, Role

    unit = ledger.other_unit
    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    c = login(people.office)
    url = reverse("ledger:import", args=[unit.id])
    r = c.post(url, {"file": SimpleUploadedFile("garbage.txt", bytes(range(256)) * 40), "replace": "on"})
    assert r.status_code == 400 and "未导入任何内容" in r.content.decode()
    assert Finding.objects.active().filter(unit=unit).count() == 1  # untouched
    gbk = SimpleUploadedFile("通报.txt", synthetic_report_text.encode("gbk"))
    r = c.post(url, {"file": gbk, "replace": "on"})
    assert r.status_code == 302
    assert Measure.objects.active().filter(finding__unit=unit).count() == 6
