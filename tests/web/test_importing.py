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


def upload(c, unit, name: str, data: bytes):
    """Upload and follow to the import's page (the test settings run the reading task at once)."""
    return c.post(reverse("ledger:import", args=[unit.id]), {"file": SimpleUploadedFile(name, data)}, follow=True)


def job_of(r):
    from zhenggai.ledger.models import ImportJob

    return ImportJob.objects.get(pk=r.resolver_match.kwargs["job_id"])


def test_office_imports_task_table_after_a_preview(login, ledger, people):
    unit = ledger.other_unit
    from zhenggai.ledger.models import Membership, Role

    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    data = xlsx([HEADER, [1, "新问题", "新措施", "张三", "办公室", "王五", "2026-01-31"]])
    c = login(people.office)
    r = upload(c, unit, "任务分解表.xlsx", data)
    body = r.content.decode()
    assert r.status_code == 200 and "新增措施（1）" in body and "表格中没有的原有措施（1）" in body
    assert not Measure.objects.filter(finding__unit=unit, text="新措施").exists()  # a preview writes nothing
    r = c.post(reverse("ledger:import_apply", args=[job_of(r).pk]))
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Measure.objects.active().filter(finding__unit=unit, text="新措施").exists()
    # the unit's other feedback is kept: nothing is archived unless ticked in the preview
    assert Measure.objects.active().filter(pk=ledger.other_measure.pk).exists()
    assert Finding.objects.active().filter(unit=unit, title="外单位的问题").exists()


def test_row_errors_are_listed_and_nothing_changes(login, ledger, people):
    before = Measure.objects.filter(finding__unit=ledger.unit).count()
    data = xlsx([HEADER, [1, "问题", "措施", "张三", "办公室", "王五", "下周"], [2, "问题", "措施", "", "", "", "2026-02-30"]])
    r = upload(login(people.office), ledger.unit, "t.xlsx", data)
    body = r.content.decode()
    assert r.status_code == 400
    assert "第 2 行" in body and "第 3 行" in body and "未导入任何内容" in body
    assert Measure.objects.filter(finding__unit=ledger.unit).count() == before
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == before


def test_wrong_files_are_refused_in_chinese(login, ledger, people):
    c = login(people.office)
    for name, content, words in (
        ("table.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("table.xlsx", b"garbage", "无法打开"),
        ("empty.txt", b"", "空"),
        ("report.docx", b"not a zip", "文档"),
    ):
        r = upload(c, ledger.unit, name, content)
        assert r.status_code == 400 and words in r.content.decode(), (name, r.content.decode()[-1500:])
    assert c.post(reverse("ledger:import", args=[ledger.unit.id]), {}).status_code == 400
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == 5


def test_reimport_shows_changes_field_by_field_and_archives_only_what_is_ticked(login, ledger, people):
    from zhenggai.ledger import exporting

    c = login(people.office)
    wb = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    ws = wb["整改台账"]
    header = [cell.value for cell in ws[2]]
    person, text = header.index("责任人") + 1, header.index("整改措施") + 1
    rows = {ws.cell(r, text).value: r for r in range(3, ws.max_row + 1)}
    ws.cell(rows["全面盘点防汛物资并建立电子台账"], person).value = "赵六"
    ws.delete_rows(rows["对违规报销款项予以追回"])  # the last row, so no merged cell moves
    buf = io.BytesIO()
    wb.save(buf)
    r = upload(c, ledger.unit, "台账.xlsx", buf.getvalue())
    body = r.content.decode()
    assert "修改的措施（1）" in body and "责任人：孙一 → <strong>赵六</strong>" in body
    assert "表格中没有的原有措施（1）" in body and "未变的措施（3）" in body
    dropped = ledger.measures[4]
    job = job_of(r)
    # an id the preview did not list as missing refuses the whole confirmation: nothing happens
    r = c.post(reverse("ledger:import_apply", args=[job.pk]), {"archive": [str(dropped.pk), "999999"]})
    assert r.status_code == 302
    dropped.refresh_from_db()
    assert dropped.archived_at is None
    assert Measure.objects.get(pk=ledger.measures[0].pk).person != "赵六"
    r = c.post(reverse("ledger:import_apply", args=[job.pk]), {"archive": [str(dropped.pk)]})
    assert r.status_code == 302
    dropped.refresh_from_db()
    assert dropped.archived_at is not None
    assert Measure.objects.get(pk=ledger.measures[0].pk).person == "赵六"
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == 4
    # the archived measure's page still answers, marked as archived
    page = c.get(reverse("workflow:measure", args=[dropped.pk]))
    assert page.status_code == 200 and "已归档" in page.content.decode()
    # a preview applies once
    r = c.post(reverse("ledger:import_apply", args=[job.pk]), follow=True)
    assert "不在待确认状态" in r.content.decode()
    assert Measure.objects.filter(finding__unit=ledger.unit).count() == 5


def test_progress_is_polled_until_the_preview_is_ready(login, ledger, people):
    from zhenggai.ledger.models import ImportJob, ImportState

    c = login(people.office)
    job = ImportJob.objects.create(unit=ledger.unit, created_by=people.office, file_name="大文件.docx",
                                   state=ImportState.PARSING, progress=42, stage="正在比对第 501 行")
    url = reverse("ledger:import_job", args=[job.pk])
    r = c.get(url + "?poll=1", HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert 'value="42"' in body and "正在比对第 501 行" in body and 'hx-trigger="every 1s"' in body
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.FAILED, errors=["文档无法解析"])
    r = c.get(url + "?poll=1", HTTP_HX_REQUEST="true")
    assert r["HX-Redirect"] == url
    assert login(people.supervisor).get(url).status_code == 403
    assert login(people.outsider).get(url).status_code == 404


def test_office_imports_a_docx_report(login, ledger, people, synthetic_report_docx):
    from zhenggai.ledger.models import Membership, Role

    unit = services_unit(ledger)
    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    with open(synthetic_report_docx, "rb") as f:
        c = login(people.office)
        r = upload(c, unit, "整改进展情况通报.docx", f.read())
    assert r.status_code == 200
    r = c.post(reverse("ledger:import_apply", args=[job_of(r).pk]), {"confirm_organization": "on"})
    assert r.status_code == 302
    problems = Finding.objects.active().filter(unit=unit, level=Finding.Level.PROBLEM)
    assert problems.count() == 3
    assert Measure.objects.active().filter(finding__unit=unit).count() == 6
    rec = Measure.objects.active().filter(finding__unit=unit).first().history.first()
    assert rec.history_user == people.office and rec.history_change_reason == "ledger.measure.create"


def services_unit(ledger):
    from zhenggai.ledger import services

    return services.unit_named(ledger.round, "中共测试县林草局党组")


def test_upload_size_limit(login, ledger, people, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.txt", "问题".encode("utf-8") * (600 * 1024))
    r = login(people.office).post(reverse("ledger:import", args=[ledger.unit.id]), {"file": big})
    assert r.status_code == 400 and "文件过大" in r.content.decode()
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == 5


def test_gbk_text_imports_and_garbage_text_is_refused(login, ledger, people, synthetic_report_text):
    from zhenggai.ledger.models import Membership, Role

    unit = services_unit(ledger)
    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    c = login(people.office)
    r = upload(c, unit, "garbage.txt", bytes(range(256)) * 40)
    assert r.status_code == 400 and "未导入任何内容" in r.content.decode()
    assert not Finding.objects.filter(unit=unit).exists()  # untouched
    r = upload(c, unit, "通报.txt", synthetic_report_text.encode("gbk"))
    assert r.status_code == 200 and "新增措施（6）" in r.content.decode()
    c.post(reverse("ledger:import_apply", args=[job_of(r).pk]), {"confirm_organization": "on"})
    assert Measure.objects.active().filter(finding__unit=unit).count() == 6
