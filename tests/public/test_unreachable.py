"""Nothing but approved, not withdrawn publications is reachable without a login, by any URL."""

from __future__ import annotations

import pytest

from zhenggai.public import urls as public_urls

PUBLIC_NAMES = {"status", "report", "report_docx", "rate", "unit", "opinion"}


def _public_paths(ids):
    """Every public route, filled with each candidate id."""
    out = []
    for name in ("report", "report_docx", "unit", "opinion"):
        pattern = next(p for p in public_urls.urlpatterns if p.name == name)
        for i in ids:
            out.append("/" + str(pattern.pattern).replace("<slug:public_id>", str(i)))
    return out


def test_public_routes_are_exactly_these():
    # A new public route must be added to this test's list (and so to its checks).
    names = {p.name for p in public_urls.urlpatterns if str(p.pattern).startswith("gk/")}
    assert names == PUBLIC_NAMES


def test_unapproved_and_guessed_ids_are_404(issued, people, ledger, client):
    from zhenggai.public import publishing
    from zhenggai.public.models import Publication

    # Exempt marks make a Publication row, but it is not public until approved.
    n = next(i for i, p in enumerate(publishing.document_of(issued).paras) if p.role == "h3")
    pub = publishing.mark_exempt(issued, people.office, [n], "理由")
    guesses = [pub.public_id, issued.id, issued.draft_id, ledger.unit.id, ledger.round.public_id,
               ledger.round.id, ledger.problems[0].id, ledger.measures[0].id, "1", "0", "aaaaaaaaaaaa", "..%2f"]
    for path in _public_paths(guesses):
        assert client.get(path).status_code == 404, path
    # The unit page exists (it carries the opinion form) but lists nothing before approval.
    page = client.get(f"/gk/{ledger.unit.public_id}/").content.decode()
    assert issued.title not in page and "暂无公开" in page
    assert Publication.objects.count() == 1


def test_published_report_shows_no_internal_text(published, ledger, people, client):
    from zhenggai.ledger.models import Lead
    from zhenggai.workflow import services as wf

    wf.report_progress(ledger.measures[0], people.office, "内部进展：仓库钥匙由孙一保管，尚未盘点完毕")
    Lead.objects.create(unit=ledger.unit, summary="某干部涉嫌违规的问题线索", transferred_to="县纪委监委")
    pages = [client.get(f"/gk/r/{published.public_id}/"), client.get(f"/gk/{ledger.unit.public_id}/"),
             client.get(f"/gk/{ledger.unit.public_id}/yijian/")]
    for r in pages:
        assert r.status_code == 200
        text = r.content.decode()
        for secret in ("内部进展", "问题线索", "孙一", "李二", "周三", "钱立", "吴正", "office", "draft"):
            assert secret not in text, secret
    # The issued page, its downloads, drafts and the office's pages all want a login.
    for path in (f"/reports/{published.issued_id}/", f"/reports/{published.issued_id}/report.docx",
                 f"/units/{ledger.unit.id}/reports/progress/", f"/units/{ledger.unit.id}/reports/progress/draft.docx",
                 f"/units/{ledger.unit.id}/opinions/", f"/units/{ledger.unit.id}/public/", f"/reports/{published.issued_id}/publish/",
                 f"/units/{ledger.unit.id}/public/qr-page.png", f"/units/{ledger.unit.id}/", "/api/v1/units"):
        r = client.get(path)
        assert r.status_code in (302, 401), path
        if r.status_code == 302:
            assert "/login/" in r["Location"]


def test_published_is_reachable_by_public_id_only(published, ledger, client):
    assert client.get(f"/gk/r/{published.public_id}/").status_code == 200
    assert client.get(f"/gk/r/{published.id}/").status_code == 404
    listing = client.get(f"/gk/{ledger.unit.public_id}/").content.decode()
    assert f"/gk/r/{published.public_id}/" in listing
    # Another unit's page never lists it.
    assert f"/gk/r/{published.public_id}/" not in client.get(f"/gk/{ledger.other_unit.public_id}/").content.decode()


def test_archived_unit_hides_its_reports(published, ledger, client):
    from django.utils import timezone

    from zhenggai.ledger.models import Unit

    Unit.objects.filter(pk=ledger.unit.pk).update(archived_at=timezone.now())
    assert client.get(f"/gk/r/{published.public_id}/").status_code == 404
    assert client.get(f"/gk/{ledger.unit.public_id}/").status_code == 404


def test_public_pages_have_no_inline_script_or_style(published, ledger, client):
    import re

    for path in (f"/gk/r/{published.public_id}/", f"/gk/{ledger.unit.public_id}/", f"/gk/{ledger.unit.public_id}/yijian/",
                 "/gk/chaxun/"):
        text = client.get(path).content.decode()
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", text), path
        assert "public/public.css" in text


def test_organisation_page_lists_its_rounds_reports(published, ledger, client):
    from zhenggai.ledger.models import Body, BodyKind, Unit

    org = Body.objects.create(kind=BodyKind.ORGANISATION, name="中共测试县水务局党组")
    Unit.objects.filter(pk=ledger.unit.pk).update(organisation=org)
    page = client.get(f"/gk/{org.public_id}/").content.decode()
    assert f"/gk/r/{published.public_id}/" in page and f"/gk/{ledger.unit.public_id}/yijian/" in page
    level = Body.objects.create(kind=BodyKind.LEVEL, name="测试县")
    assert client.get(f"/gk/{level.public_id}/").status_code == 404  # only organisations have a public page
