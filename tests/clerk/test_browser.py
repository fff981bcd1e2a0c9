"""The clerk's day in headless chromium (Debian's): bulk assignment of 50 measures, the filtered count,
a Chinese date typed into a field, a returned close request in the reporter's notifications, the
warnings selector; and the ledger at 1366 px with 100 realistic measures (screenshots kept for review).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.test_browser import browser_page, goto_settled  # noqa: F401  (the shared chromium fixture)

from .realistic import build

pytestmark = pytest.mark.browser
PASSWORD = "browser-pass-123"
SHOTS = os.environ.get("ZHENGGAI_SCREENSHOTS")  # set it to keep the screenshots (default: the test's tmp dir)



def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    goto_settled(page, base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=退出")


def _user(name: str, unit, role, dept=None, last: str = "", first: str = ""):
    from django.contrib.auth import get_user_model

    from zhenggai.ledger.models import Membership

    user = get_user_model().objects.create_user(username=name, password=PASSWORD, last_name=last, first_name=first)
    Membership.objects.create(user=user, unit=unit, role=role, department=dept)
    return user


# Widths of every text column of the ledger (not the tick boxes), in characters of the table's font.
COLUMN_WIDTHS = """() => {
  const table = document.querySelector('table.ledger');
  const em = parseFloat(getComputedStyle(table.querySelector('td.text') || table).fontSize);
  return Array.from(table.querySelectorAll('thead th:not(.pick)')).map(th => [th.innerText.trim(), th.getBoundingClientRect().width / em]);
}"""


def test_ledger_at_1366_bulk_count_and_date(transactional_db, live_server, browser_page, tmp_path):  # noqa: F811
    from zhenggai.ledger.models import Measure, Role

    unit, depts, measures = build(100)
    _user("zgb", unit, Role.OFFICE, last="郑", first="晓梅")
    page, base = browser_page, live_server.url
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "zgb")
    page.goto(f"{base}/units/{unit.pk}/")
    page.wait_for_selector("table.ledger tbody tr")
    page.screenshot(path=str(shots / "ledger-1366-top.png"))
    page.screenshot(path=str(shots / "ledger-1366-full.png"), full_page=True)
    widths = page.evaluate(COLUMN_WIDTHS)
    narrow = [(name, round(w, 1)) for name, w in widths if name and w < 4]
    assert not narrow, widths  # no column narrower than four characters
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nledger page at 1366 px, 100 measures: {height} px high; column widths (characters): "
          + ", ".join(f"{n or '☐'} {w:.1f}" for n, w in widths))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scrolling

    # A long text folds and opens without JavaScript of ours.
    fold = page.locator("details.fold").first
    fold.locator("summary").click()
    assert fold.get_attribute("open") is not None

    # The filtered count follows the search as it is typed.
    page.fill("input[name=q]", "闲置项目")
    page.wait_for_selector(".filter-count:has-text('筛选出')")
    expected = Measure.objects.filter(finding__unit=unit, text__contains="闲置项目").count()
    assert f"筛选出 {expected} 条 / 共 100 条" in page.inner_text(".filter-count")
    page.fill("input[name=q]", "")
    page.wait_for_selector(".filter-count:not(:has-text('筛选出'))")

    # Bulk: tick 50 rows, set 牵头部门 and a deadline typed as people write it, preview, confirm.
    boxes = page.locator("input[name=ids]")
    for i in range(50):
        boxes.nth(i).check()
    page.locator("details.bulk-panel > summary").click()
    page.select_option("#bulk select[name=lead_department]", label="政策法规股")
    page.fill("#bulk input[name=deadline]", "2027年6月底")
    page.wait_for_selector("#bulk .date-hint:has-text('即 2027年6月30日')")  # shown back as a date
    page.click("#bulk button[type=submit]")
    page.wait_for_selector("text=条将被修改")
    page.screenshot(path=str(shots / "bulk-preview.png"))
    page.click("button[name=confirm]")
    page.wait_for_selector("text=已批量修改")
    changed = Measure.objects.filter(finding__unit=unit, lead_department__name="政策法规股")
    ticked = sorted(m.pk for m in Measure.objects.filter(finding__unit=unit).order_by(
        "finding__sort_key", "position", "id")[:50])
    assert sorted(changed.filter(deadline__year=2027, deadline__month=6, deadline__day=30)
                  .values_list("pk", flat=True)) == ticked


def test_returned_close_request_and_warning_selector(transactional_db, live_server, browser_page, ledger, settings,
                                                     tmp_path):  # noqa: F811
    from zhenggai.ledger.models import Role
    from zhenggai.workflow import evidence
    from zhenggai.workflow import services as wf

    settings.DATA_DIR = tmp_path / "data"
    reporter = _user("caiwu", ledger.unit, Role.REPORTER, ledger.finance, "冯", "建国")
    _user("zgb", ledger.unit, Role.OFFICE, last="郑", first="晓梅")
    m5 = ledger.measures[4]
    wf.request_close(m5, reporter, "违规款项已全部追回",
                     [evidence.check("追回凭证.pdf", [b"%PDF-1.4\n%%EOF\n"], 1024 * 1024)])
    page, base = browser_page, live_server.url

    # The office returns the request in the browser …
    log_in(page, base, "zgb")
    page.goto(f"{base}/flow/measures/{m5.pk}/")
    page.fill("#flow form[action$='/return/'] textarea[name=reason]", "请补充银行回单")
    page.get_by_role("button", name="退回整改").click()
    page.wait_for_selector("#flow .flow-state:has-text('整改中')")

    # … and the reporter finds it in 提醒 at once, with the next step and the way to the measure.
    log_in(page, base, "caiwu")
    assert page.inner_text("header .nav-badge").strip() != ""
    page.goto(f"{base}/notifications/")
    note = page.locator("li.note", has_text="销号申请被退回")
    assert "请补充银行回单" in note.inner_text() and "下一步" in note.inner_text()
    note.get_by_role("link", name="去办理").click()
    page.wait_for_selector("#flow")
    assert page.url.endswith(f"/flow/measures/{m5.pk}/")

    # The warnings page opens on the red list and says so; 筛选 keeps it; choosing 黄色 changes both.
    page.goto(f"{base}/units/{ledger.unit.pk}/warnings/")
    assert page.eval_on_selector("select[name=level]", "s => s.value") == "red"
    assert "红色预警（逾期）：共 1 条" in page.inner_text("#warning-rows")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_timeout(300)
    assert "红色预警（逾期）：共 1 条" in page.inner_text("#warning-rows")
    page.select_option("select[name=level]", "yellow")
    page.wait_for_selector("#warning-rows .counts:has-text('黄色预警')")
    assert page.eval_on_selector("select[name=level]", "s => s.value") == "yellow"
