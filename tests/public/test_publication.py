"""批准公开 and 不予公开: who may, what the public version leaves out, and that figures stay as issued."""

from __future__ import annotations

import html
import io

import pytest
from django.core.exceptions import PermissionDenied

from zhenggai.ledger.models import LedgerError
from tests.pages import version_on


def _para(issued, startswith):
    from zhenggai.public import publishing

    doc = publishing.document_of(issued)
    return next(i for i, p in enumerate(doc.paras) if p.text.startswith(startswith))


def test_exempt_heading_leaves_its_block_out_and_figures_stay(issued, people, client):
    from zhenggai.public import publishing

    n = _para(issued, "2.关于“水利工程验收")
    publishing.mark_exempt(issued, people.office, [n], "涉及正在办理的案件")
    pub = publishing.approve(issued, people.office)
    assert "水利工程验收把关不严" not in pub.html
    assert "对近三年验收项目开展复查" not in pub.html  # the block under the heading goes with it
    assert "防汛物资储备台账不清" in pub.html
    # Every figures paragraph of the issued version is in the public one, word for word.
    doc = publishing.document_of(issued)
    figure_paras = [p.text for p in doc.paras if not publishing.exemptable(p) and p.role == "body"]
    assert figure_paras, "the issued report states its figures"
    for text in figure_paras:
        assert text in html.unescape(pub.html)
    # The public .docx is the public version too.
    import docx

    body = "\n".join(p.text for p in docx.Document(io.BytesIO(bytes(pub.docx))).paragraphs)
    assert "水利工程验收把关不严" not in body and "防汛物资储备台账不清" in body
    assert pub.approved_by == people.office and pub.approved_at is not None
    # The rateable problems are those left in.
    assert [it["title"] for it in pub.items if "水利" in it["title"]] == []
    assert len(pub.items) == 2
    r = client.get(f"/gk/r/{pub.public_id}/report.docx")
    assert r.status_code == 200 and bytes(r.content) == bytes(pub.docx)


def test_figures_and_title_cannot_be_exempted(issued, people):
    from zhenggai.public import publishing

    doc = publishing.document_of(issued)
    fixed = [i for i, p in enumerate(doc.paras) if not publishing.exemptable(p)]
    assert fixed
    with pytest.raises(LedgerError):
        publishing.mark_exempt(issued, people.office, [fixed[0]], "理由")
    with pytest.raises(LedgerError):  # a reason is required
        publishing.mark_exempt(issued, people.office, [_para(issued, "2.关于")], "")


def test_approved_version_is_frozen_and_withdrawal_hides_it(issued, people, client):
    from zhenggai.public import publishing

    pub = publishing.approve(issued, people.office)
    with pytest.raises(LedgerError):
        publishing.mark_exempt(issued, people.office, [_para(issued, "2.关于")], "理由")
    with pytest.raises(LedgerError):
        publishing.approve(issued, people.office)
    assert client.get(f"/gk/r/{pub.public_id}/").status_code == 200
    publishing.withdraw(issued, people.leader)
    assert client.get(f"/gk/r/{pub.public_id}/").status_code == 404
    assert client.get(f"/gk/r/{pub.public_id}/report.docx").status_code == 404
    with pytest.raises(LedgerError):
        publishing.approve(issued, people.office)


@pytest.mark.parametrize("who", ["reporter", "supervisor", "inspection"])
def test_only_office_and_leader_approve(issued, people, who):
    from django.http import Http404

    from zhenggai.public import publishing

    with pytest.raises((PermissionDenied, Http404)):
        publishing.approve(issued, getattr(people, who))
    assert not hasattr(issued, "publication") or issued.publication.approved_at is None


def test_outsider_gets_404_and_leader_may_approve(issued, people, login):
    from django.http import Http404

    from zhenggai.public import publishing

    with pytest.raises(Http404):
        publishing.approve(issued, people.outsider)
    client = login(people.outsider)
    assert client.get(f"/reports/{issued.id}/publish/").status_code == 404
    client = login(people.supervisor)
    assert client.get(f"/reports/{issued.id}/publish/").status_code == 200
    assert client.post(f"/reports/{issued.id}/publish/", {"action": "approve", "version": "new"}).status_code == 403
    client = login(people.reporter)
    assert client.get(f"/reports/{issued.id}/publish/").status_code == 403
    client = login(people.leader)
    r = client.post(f"/reports/{issued.id}/publish/",
                    {"action": "approve", "version": version_on(client, f"/reports/{issued.id}/publish/")})
    assert r.status_code == 302
    issued.refresh_from_db()
    assert issued.publication.is_public and issued.publication.approved_by == people.leader


def test_publish_page_marks_exempt_through_the_form(issued, people, login):
    client = login(people.office)
    n = _para(issued, "2.关于“水利工程验收")
    r = client.post(f"/reports/{issued.id}/publish/", {"action": "exempt", "exempt": [str(n)], "reason": "涉及个人隐私",
                                                          "version": version_on(client, f"/reports/{issued.id}/publish/")})
    assert r.status_code == 302
    issued.refresh_from_db()
    assert issued.publication.exempt == [n] and not issued.publication.is_public
    page = client.get(f"/reports/{issued.id}/publish/").content.decode()
    assert 'class="exempt"' in page
    client.post(f"/reports/{issued.id}/publish/",
                {"action": "approve", "version": version_on(client, f"/reports/{issued.id}/publish/")})
    issued.refresh_from_db()
    assert "水利工程验收把关不严" not in issued.publication.html


def test_dispatch_report_is_never_published(ledger, people):
    from zhenggai.public import publishing
    from zhenggai.reports import services

    d = services.issue(services.draft_for(ledger.unit, "dispatch", people.office), people.office)
    with pytest.raises(LedgerError):
        publishing.approve(d, people.office)
