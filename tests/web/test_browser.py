"""End to end in a real browser: log in, import a document, edit a deadline inline, see it.

Drives Debian's chromium through Playwright (never a downloaded browser).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip("!!! SKIPPED: chromium 未安装 (apt-get install chromium / make system-deps) — browser test NOT run !!!")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop; Django's ORM must be allowed inside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="zh-CN")
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            browser.close()
            # ORM calls made while Playwright's loop runs get their own context-local
            # connection; close it here or PostgreSQL refuses to drop the test database.
            from django.db import connections

            connections.close_all()



def goto_settled(page, url: str) -> None:
    """Go to a page once the last step's requests are done; a navigation still under way (an
    HTMX swap that reloads the page) aborts a new one with ERR_ABORTED, so wait and try again."""
    for attempt in range(3):
        try:
            page.wait_for_load_state("networkidle")
            page.goto(url)
            return
        except Exception as e:  # playwright's Error; only the abort is retried
            if "ERR_ABORTED" not in str(e) or attempt == 2:
                raise
            page.wait_for_timeout(500)


def test_login_import_edit_deadline(transactional_db, live_server, browser_page, django_user_model, synthetic_report_docx):
    # transactional_db first: the database is then torn down after the live server, not under it.
    from zhenggai.ledger import services
    from zhenggai.ledger.models import Measure, Membership, Role

    user = django_user_model.objects.create_user(username="zgb", password="browser-pass-123")
    unit = services.unit_named(services.round_named("测试县委2025年第二轮巡察"), "中共测试县林草局党组")
    Membership.objects.create(user=user, unit=unit, role=Role.OFFICE)
    page = browser_page

    page.goto(live_server.url + "/")
    page.fill("input[name=username]", "zgb")
    page.fill("input[name=password]", "browser-pass-123")
    page.click("button[type=submit]")
    page.get_by_role("link", name="中共测试县林草局党组").click()

    page.get_by_role("link", name="导入").click()
    page.set_input_files("input[name=file]", str(synthetic_report_docx))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_selector("text=新增措施（6）")  # the preview: nothing written yet
    assert not Measure.objects.filter(finding__unit=unit).exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=导入完成")
    assert Measure.objects.active().filter(finding__unit=unit).count() >= 6

    measure = Measure.objects.active().filter(finding__unit=unit).order_by("finding__sort_key", "position").first()
    row = page.locator(f"#measure-{measure.id}")
    row.get_by_role("button", name="编辑").click()
    page.locator(f"#measure-{measure.id} input[name=deadline]").fill("2031-08-15")
    page.locator(f"#measure-{measure.id}").get_by_role("button", name="保存").click()
    page.wait_for_selector(f"#measure-{measure.id} td.deadline:has-text('2031-08-15')")

    measure.refresh_from_db()
    assert measure.deadline.isoformat() == "2031-08-15"
    assert measure.history.first().history_user == user
    page.reload()
    assert "2031-08-15" in page.locator(f"#measure-{measure.id} td.deadline").inner_text()

    # HTMX filters swap only the rows: nothing is overdue yet, then a text search finds one problem.
    page.check("input[name=overdue]")
    page.wait_for_selector("text=没有符合条件的整改措施")
    page.uncheck("input[name=overdue]")
    page.fill("input[name=q]", "专项资金")
    page.wait_for_function("() => document.querySelectorAll('#ledger-rows tr[id^=measure-]').length === 2")
    assert "q=" in page.url  # the filter is in the address, so it can be bookmarked and shared
