"""In a real browser: the Content-Security-Policy blocks nothing the pages need, and the
confirmations that used to be inline onsubmit handlers still ask (static/zhenggai/app.js)."""

from __future__ import annotations

import pytest

from .test_browser import browser_page  # noqa: F401 - the shared chromium fixture

pytestmark = pytest.mark.browser
PASSWORD = "pw-for-tests-only"


def test_pages_raise_no_csp_violation_and_confirm_still_asks(transactional_db, live_server, browser_page, ledger, people):  # noqa: F811
    from zhenggai.ledger.models import Measure

    page = browser_page
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    unit = ledger.unit.id
    for path in ("/", f"/units/{unit}/", f"/problems/{ledger.problems[0].id}/", f"/units/{unit}/dashboard/",
                 f"/units/{unit}/warnings/", f"/units/{unit}/reports/", f"/units/{unit}/reports/progress/", "/admin/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        if path.startswith("/admin/"):
            continue  # Django's admin (its login page here): only the CSP must hold
        # htmx loaded from our static files and configured by the meta tag
        assert page.evaluate("() => typeof htmx === 'object' && htmx.config.allowEval === false"), path
    assert problems == [], problems

    measure = ledger.measures[0]
    page.goto(live_server.url + f"/problems/{ledger.problems[0].id}/")
    row = page.locator(f"#measure-{measure.id}")
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    row.get_by_role("button", name="归档").click()
    page.wait_for_timeout(300)
    assert asked and "归档后不再出现在台账中" in asked[0]
    measure.refresh_from_db()
    assert measure.archived_at is None  # said no: nothing happened
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        row.get_by_role("button", name="归档").click()
    assert Measure.objects.get(pk=measure.pk).archived_at is not None
