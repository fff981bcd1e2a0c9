"""Report pages: 404 for outsiders and bad ids, 403 for read-only writes, edit, preview, issue, downloads."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from tests.pages import version_on


def url(name, *args):
    return reverse(f"reports:{name}", args=args)


@pytest.fixture
def issued(ledger):
    from zhenggai.reports import services

    return services.issue(services.draft_for(ledger.unit, "progress"), None)


def test_outsiders_and_bad_ids_get_404(ledger, people, login, issued):
    c = login(people.outsider)
    u = ledger.unit.id
    for target in (url("index", u), url("draft", u, "progress"), url("draft_download", u, "progress", "docx"),
                   url("issued", issued.id), url("issued_download", issued.id, "docx"), url("tables", u, "xlsx")):
        assert c.get(target).status_code == 404, target
    assert c.post(url("issue", u, "progress")).status_code == 404
    c = login(people.office)
    assert c.get(url("draft", u, "nonsense")).status_code == 404
    assert c.get(url("draft", 999999, "progress")).status_code == 404
    assert c.get(url("issued", 999999)).status_code == 404
    assert c.get(url("draft_download", u, "progress", "pdf")).status_code == 404
    assert c.get(url("tables", u, "csv")).status_code == 404


def test_anonymous_is_sent_to_login(ledger, client):
    r = client.get(url("index", ledger.unit.id))
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_read_only_roles_see_but_cannot_write(ledger, people, login):
    from zhenggai.reports.models import IssuedReport, ReportDraft

    c = login(people.supervisor)
    u = ledger.unit.id
    page = c.get(url("draft", u, "progress"))
    assert page.status_code == 200 and "防汛物资储备台账不清" in page.content.decode()
    assert "印发" not in page.content.decode().split("<h2>预览</h2>")[0].split("</h1>")[1]
    assert c.post(url("draft", u, "progress"), {"as_of": "2025-06-30"}).status_code == 403
    assert c.post(url("preview", u, "progress"), {"as_of": "2025-06-30"}).status_code == 403
    assert c.post(url("issue", u, "progress")).status_code == 403
    assert not ReportDraft.objects.exists() and not IssuedReport.objects.exists()


def test_office_edits_previews_and_issues(ledger, people, login):
    from zhenggai.reports.models import IssuedReport, ReportDraft

    c = login(people.office)
    u = ledger.unit.id
    form = {"as_of": "2025-06-30", "basic": "局党组专题研究整改工作。", "next_steps": "", "phone": "0000-2222222",
            "address": "测试县人民路2号", "postcode": "100001", "email": "sw@example.cn"}
    r = c.post(url("draft", u, "progress"), {**form, "version": version_on(c, url("draft", u, "progress"))})
    assert r.status_code == 302
    draft = ReportDraft.objects.get(unit=ledger.unit, kind="progress")
    assert draft.phone == "0000-2222222" and str(draft.as_of) == "2025-06-30"

    r = c.post(url("preview", u, "progress"), {**form, "phone": "0000-3333333"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "0000-3333333" in r.content.decode() and 'id="report-document"' in r.content.decode()
    draft.refresh_from_db()
    assert draft.phone == "0000-2222222"  # preview saves nothing

    page = c.get(url("draft", u, "progress")).content.decode()
    assert 'class="date-text"' in page and 'value="2025-06-30"' in page  # the date box shows it as a date
    half = c.post(url("preview", u, "progress"), {**form, "as_of": "", "basic": "半截输入"}).content.decode()
    assert "半截输入" in half and "截至2025年6月30日" in half  # valid fields preview, the blank date keeps its value

    bad = c.post(url("draft", u, "progress"), {**form, "postcode": "12", "email": "no",
                                               "version": version_on(c, url("draft", u, "progress"))})
    assert bad.status_code == 422 and "邮政编码应为6位数字" in bad.content.decode()

    r = c.post(url("issue", u, "progress"),
               {"version": version_on(c, url("draft", u, "progress"), url("issue", u, "progress"))})
    issued = IssuedReport.objects.get()
    assert r.status_code == 302 and r["Location"] == url("issued", issued.id)
    page = c.get(url("issued", issued.id))
    assert page.status_code == 200 and issued.sha256 in page.content.decode()
    assert "第1版" in c.get(url("index", u)).content.decode()
    history = c.get(url("draft", u, "progress")).content.decode()
    assert "修改草稿" in history and "印发第1版" in history
    assert "数字核对" in history and "0.00%" in history


def test_downloads(ledger, people, login, issued):
    c = login(people.leader)
    u = ledger.unit.id
    r = c.get(url("draft_download", u, "progress", "docx"))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert docx.Document(io.BytesIO(r.content)).paragraphs[0].text.startswith(ledger.unit.name)
    assert "一、整改工作基本情况" in c.get(url("draft_download", u, "progress", "txt")).content.decode()
    assert "<article" in c.get(url("draft_download", u, "final", "html")).content.decode()
    assert c.get(url("issued_download", issued.id, "docx")).content == bytes(issued.docx)
    assert c.get(url("issued_download", issued.id, "txt")).content.decode() == issued.text
    assert c.get(url("tables", u, "docx")).status_code == 200
    assert c.get(url("draft", u, "dispatch")).status_code == 200


def test_nav_links_to_reports(ledger, people, login):
    page = login(people.office).get(reverse("ledger:ledger", args=[ledger.unit.id]))
    assert url("index", ledger.unit.id) in page.content.decode()
