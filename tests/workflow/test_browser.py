"""The two main journeys in headless chromium (Debian's, never downloaded):
a department reporter reports progress with a file and asks to close; the office
returns it once, then approves it.
"""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser_page, goto_settled  # noqa: F401  (the shared chromium fixture)

from .conftest import PDF

pytestmark = pytest.mark.browser
PASSWORD = "browser-pass-123"



def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    goto_settled(page, base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=退出")


def test_report_close_return_approve(transactional_db, live_server, browser_page, ledger, settings, tmp_path):  # noqa: F811
    from django.contrib.auth import get_user_model

    from zhenggai.ledger.models import Measure, Membership, Role
    from zhenggai.workflow.models import Approval, Evidence

    settings.DATA_DIR = tmp_path / "data"
    users = get_user_model()
    for name, role, dept in (("caiwu", Role.REPORTER, ledger.finance), ("zgb", Role.OFFICE, None)):
        user = users.objects.create_user(username=name, password=PASSWORD)
        Membership.objects.create(user=user, unit=ledger.unit, role=role, department=dept)
    m5 = ledger.measures[4]
    evidence_file = tmp_path / "追回凭证.pdf"
    evidence_file.write_bytes(PDF)
    page, base = browser_page, live_server.url

    # Journey 1: the reporter finds the item in their to-do list, reports with a file, asks to close.
    log_in(page, base, "caiwu")
    page.goto(f"{base}/flow/units/{ledger.unit.pk}/")
    page.get_by_role("link", name=m5.text[:20]).first.click()
    page.locator("summary", has_text="报送进展").click()
    page.fill("#flow textarea[name=text]", "已追回违规报销款项一半")
    page.fill("#flow input[name=percent]", "50")
    page.set_input_files("#flow form[action$='/report/'] input[name=files]", str(evidence_file))
    page.get_by_role("button", name="提交进展").click()
    page.wait_for_selector("text=进展已报送")
    assert page.locator("#flow .files a", has_text="追回凭证.pdf").count() == 1
    page.locator("summary", has_text="申请销号").click()
    page.fill("#flow textarea[name=summary]", "款项已全部追回")
    page.get_by_role("button", name="提交销号申请").click()
    page.wait_for_selector("#flow .flow-state:has-text('待整改办审核')")
    assert Evidence.objects.filter(measure=m5).count() == 1

    # Journey 2: the office returns it once with a reason; the reporter asks again; the office approves.
    log_in(page, base, "zgb")
    page.goto(f"{base}/flow/units/{ledger.unit.pk}/")
    page.locator("table.awaiting").get_by_role("link").first.click()
    page.fill("#flow form[action$='/return/'] textarea[name=reason]", "请补充银行回单")
    page.get_by_role("button", name="退回整改").click()
    page.wait_for_selector("#flow .flow-state:has-text('整改中')")
    assert page.locator("#flow .approvals", has_text="请补充银行回单").count() == 1

    log_in(page, base, "caiwu")
    page.goto(f"{base}/flow/measures/{m5.pk}/")
    page.locator("summary", has_text="申请销号").click()
    page.fill("#flow textarea[name=summary]", "已补充银行回单")
    page.set_input_files("#flow form[action$='/close/'] input[name=files]", str(evidence_file))
    page.get_by_role("button", name="提交销号申请").click()
    page.wait_for_selector("#flow .flow-state:has-text('待整改办审核')")

    log_in(page, base, "zgb")
    page.goto(f"{base}/flow/measures/{m5.pk}/")
    page.fill("#flow form[action$='/approve/'] textarea[name=reason]", "材料齐全，同意销号")
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_selector("#flow .flow-state:has-text('已销号')")
    m5.refresh_from_db()
    assert m5.status == Measure.Status.COMPLETED
    assert list(Approval.objects.filter(request__measure=m5).order_by("id").values_list("decision", flat=True)) == [
        "returned", "approved",
    ]
    page.goto(f"{base}/units/{ledger.unit.pk}/")
    assert "已完成" in page.locator(f"#measure-{m5.pk} td.status").inner_text()
