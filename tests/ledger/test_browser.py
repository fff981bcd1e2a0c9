"""In headless chromium (Debian's): a document whose heading+measure paragraph is misread is corrected before saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.test_browser import browser_page  # noqa: F401  (the shared chromium fixture)

pytestmark = pytest.mark.browser
# A heading and its measure in one paragraph, joined by a semicolon: the parser takes it all as the title.
DOCUMENT = Path(__file__).parent / "corrections" / "分号连写.txt"


def test_split_a_glued_heading_demote_another_and_save(transactional_db, live_server, browser_page, django_user_model):
    from zhenggai.ledger import services
    from zhenggai.ledger.models import CorrectionExample, Finding, Measure, Membership, Role

    user = django_user_model.objects.create_user(username="zgb", password="browser-pass-123")
    unit = services.unit_named(services.round_named("示例县委2025年第三轮巡察"), "中共示例县水务局党组")
    Membership.objects.create(user=user, unit=unit, role=Role.OFFICE)
    page = browser_page
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "zgb")
    page.fill("input[name=password]", "browser-pass-123")
    page.click("button[type=submit]")
    page.get_by_role("link", name="中共示例县水务局党组").click()
    page.get_by_role("link", name="导入").click()
    page.set_input_files("input[name=file]", str(DOCUMENT))
    page.get_by_role("button", name="上传并预览").click()

    page.wait_for_selector("text=解析出的提纲")
    glued = page.locator("#node-1")
    assert "？" in glued.locator(".outline-title").inner_text()  # marked as doubtful
    glued.get_by_role("button", name="在首句处拆分").click()
    page.wait_for_selector("#node-1 .outline-measure:has-text('局党组调整充实')")
    page.wait_for_selector("text=新增措施（5）")  # the preview follows the correction
    page.locator("#node-2").get_by_role("button", name="降一级").click()
    page.wait_for_selector("#node-1 ~ li.depth-2:has-text('关于工程项目监管不严的问题')")
    assert not Measure.objects.filter(finding__unit=unit).exists()  # nothing saved before the one step

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=导入完成")
    heading = Finding.objects.get(unit=unit, title="基层党组织建设存在短板；")
    assert Measure.objects.filter(finding=heading).count() == 1
    assert Finding.objects.get(unit=unit, title="关于工程项目监管不严的问题").parent_id == heading.pk
    assert CorrectionExample.objects.get().operations == [{"op": "split", "node": "1"}, {"op": "demote", "node": "2"}]
    page.goto(live_server.url + f"/units/{unit.pk}/")
    body = page.locator("body").inner_text()
    assert "基层党组织建设存在短板" in body and "局党组调整充实了三个支部的班子" in body
