"""On a phone-sized screen in a real browser: from the QR URL to a report, an opinion with a photo,
its status by receipt code, and the office's answer. Debian's chromium only (never downloaded)."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser_page  # noqa: F401  (the shared Playwright fixture)

from .conftest import png_bytes

pytestmark = pytest.mark.browser


def test_phone_journey(transactional_db, live_server, browser_page, ledger, people, settings, tmp_path):  # noqa: F811
    from zhenggai.public import opinions, publishing, qr
    from zhenggai.public.models import Opinion
    from zhenggai.reports import services as reports

    settings.ZHENGGAI_BASE_URL = live_server.url
    issued = reports.issue(reports.draft_for(ledger.unit, "progress", people.office), people.office)
    pub = publishing.approve(issued, people.office)
    url = qr.target_url(ledger.unit, "page")
    assert url == f"{live_server.url}/gk/{ledger.unit.public_id}/"
    photo = tmp_path / "水渠.png"
    photo.write_bytes(png_bytes((40, 30)))

    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(url)
    page.get_by_role("link", name=issued.title).click()
    assert f"/gk/r/{pub.public_id}/" in page.url
    page.locator(".pub-doc .gw-title").wait_for()
    # The stylesheet (a static file: no inline style) is applied.
    assert page.evaluate("getComputedStyle(document.querySelector('.pub-top')).backgroundColor") == "rgb(183, 28, 28)"
    # Clean on a phone: nothing wider than the screen, the honeypot out of sight.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="反映问题、提出意见建议").click()
    assert not page.locator("input[name=website]").is_visible()
    page.fill("textarea[name=text]", "水渠清淤后仍有垃圾堆放")
    page.select_option("select[name=item]", str(pub.items[0]["n"]))
    page.set_input_files("input[name=photos]", str(photo))
    page.get_by_role("button", name="提交").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code) == 14
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    op = Opinion.objects.get()
    assert op.photos.count() == 1 and op.finding_id == pub.items[0]["finding"]
    page.get_by_role("link", name="查询办理情况和答复").click()
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="查询").click()
    assert page.locator(".pub-status").inner_text() == "已收到"

    opinions.answer(op, people.office, "已安排专人每周巡查清理。")
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="查询").click()
    assert page.locator(".pub-status").inner_text() == "已答复"
    assert "已安排专人每周巡查清理" in page.locator("#opinion-answer").inner_text()
    assert csp_errors == []
