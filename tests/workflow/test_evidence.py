"""Evidence files: sniffing by content, limits, storage outside static, and who may download."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from zhenggai.workflow import evidence as ev
from zhenggai.workflow.models import Evidence, ProgressReport

from .conftest import JPEG, PDF, PNG, upload


def office_zip(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<x/>")
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("run.exe", "MZ")
    return buf.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", PDF, "pdf"), ("a.PNG", PNG, "png"), ("a.jpg", JPEG, "jpeg"), ("a.jpeg", JPEG, "jpeg"),
        ("a.docx", office_zip("word/document.xml"), "docx"), ("a.xlsx", office_zip("xl/workbook.xml"), "xlsx"),
        ("a.doc", OLE, "ole"), ("a.xls", OLE, "ole"), ("说明.txt", "整改说明\r\n".encode(), "txt"),
        ("gbk.txt", "整改说明".encode("gbk"), "txt"),
    ],
)
def test_accepted_kinds(name, data, kind):
    checked = ev.check(name, [data], 1024 * 1024)
    assert checked.kind == kind and checked.sha256 == hashlib.sha256(data).hexdigest() and checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", PNG, "内容与扩展名不符"),  # extension alone proves nothing
        ("a.txt", PDF, "内容与扩展名不符"),
        ("a.exe", b"MZ\x90\x00\x03" + b"\x00" * 20, "类型不受支持"),
        ("a.zip", plain_zip(), "类型不受支持"),
        ("a.docx", plain_zip(), "类型不受支持"),
        ("a.html", b"<html><script>alert(1)</script></html>", "内容与扩展名不符"),
        ("a.txt", b"", "空文件"),
        ("a.txt", b"binary\x00data", "类型不受支持"),
    ],
)
def test_refused_files(name, data, message):
    with pytest.raises(ev.EvidenceRefused, match=message):
        ev.check(name, [data], 1024 * 1024)


def test_size_limit_stops_reading():
    chunks = iter([b"%PDF-" + b"x" * 600, b"x" * 600, AssertionError])
    with pytest.raises(ev.EvidenceRefused, match="超过"):
        ev.check("big.pdf", chunks, 1000)


def test_clean_name_drops_directories():
    assert ev.clean_name("../../etc/passwd.txt") == "passwd.txt"
    assert ev.clean_name("C:\\Users\\a\\报告.pdf") == "报告.pdf"
    assert ev.clean_name("") == "未命名"


def test_stored_outside_static_root_by_hash(flow, pdf, settings):
    from zhenggai.workflow import services

    services.report_progress(flow.m5, flow.people.reporter, "进展", files=[pdf()])
    item = Evidence.objects.get()
    path = ev.path_for(flow.data, item.sha256)
    assert path.read_bytes() == PDF
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        ev.path_for(flow.data, "../../etc/passwd")


def test_upload_through_the_page_and_download_rights(flow, login, settings):
    settings.MAX_UPLOAD_MB = 1
    p = flow.people
    client = login(p.reporter)
    url = f"/flow/measures/{flow.m5.pk}/report/"
    r = client.post(url, {"text": "进展", "files": [upload("伪装.pdf", PNG)]}, follow=True)
    assert "内容与扩展名不符" in r.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    big = b"%PDF-" + b"0" * (1024 * 1024 + 1)
    r = client.post(url, {"text": "进展", "files": [upload("大.pdf", big)]}, follow=True)
    assert "超过 1 MB" in r.content.decode()
    assert not ProgressReport.objects.exists()
    r = client.post(url, {"text": "进展", "files": [upload("证明.pdf", PDF), upload("现场.png", PNG)]})
    assert r.status_code == 302 and Evidence.objects.count() == 2
    item = Evidence.objects.get(name="证明.pdf")
    r = client.get(f"/flow/evidence/{item.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["X-Content-Type-Options"] == "nosniff" and r["Content-Type"] == "application/pdf"
    assert "sandbox" in r["Content-Security-Policy"]
    for user in (p.office, p.supervisor, p.leader, p.inspection):
        assert login(user).get(f"/flow/evidence/{item.pk}/").status_code == 200, user
    for user in (p.outsider, p.nobody):
        assert login(user).get(f"/flow/evidence/{item.pk}/").status_code == 404, user
    assert login(p.office).get("/flow/evidence/99999/").status_code == 404


def test_reporter_of_other_department_cannot_download(flow, login, pdf, django_user_model):
    from zhenggai.ledger.models import Membership, Role
    from zhenggai.workflow import services

    services.report_progress(flow.m1, flow.people.office, "办公室的进展", files=[pdf()])
    item = Evidence.objects.get()
    other = django_user_model.objects.create_user(username="works")
    Membership.objects.create(user=other, unit=flow.ledger.unit, role=Role.REPORTER, department=flow.ledger.works)
    assert login(other).get(f"/flow/evidence/{item.pk}/").status_code == 404
    assert login(flow.people.reporter).get(f"/flow/evidence/{item.pk}/").status_code == 404
    assert login(flow.people.office).get(f"/flow/evidence/{item.pk}/?download=1")["Content-Disposition"].startswith("attachment")


def test_system_check_refuses_evidence_under_static_root(settings, tmp_path):
    from zhenggai.workflow.checks import evidence_outside_static

    settings.DATA_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    assert evidence_outside_static(None) == []
    settings.STATIC_ROOT = tmp_path
    assert [e.id for e in evidence_outside_static(None)] == ["zhenggai.workflow.E001"]
