"""The 巡察办's background jobs in Debian's headless chromium: the dashboard's Excel is made and
downloaded from its job page; an analysis finds the recurring problem, a class is corrected,
and the group is published as the round's 共性问题 for the units kept ticked."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.oversight.test_browser import PASSWORD, log_in
from tests.web.test_browser import browser_page, goto_settled  # noqa: F401  (the shared chromium fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def three_units(transactional_db, django_user_model, settings, tmp_path):
    from zhenggai.ledger import services, tree
    from zhenggai.ledger.models import BodyKind, Finding, Grant, GrantRole

    settings.DATA_DIR = tmp_path / "data"
    city = tree.child(None, BodyKind.LEVEL, "某市")
    body = tree.child(city, BodyKind.INSPECTING, "市委巡察办")
    rnd = services.round_named("市委2026年第一轮巡察", body=body)
    units = [services.unit_named(rnd, n) for n in ("中共某市林业局党组", "中共某市水利局党组", "中共某市文旅局党组")]
    for u, title in zip(units, ("护林员补助发放不及时", "护林员补助发放不够及时", "景区门票收入管理混乱")):
        services.add_finding(u, Finding.Level.PROBLEM, title)
    ban = django_user_model.objects.create_user(username="ban", password=PASSWORD, last_name="王巡察")
    Grant.objects.create(user=ban, role=GrantRole.INSPECTION_OFFICE, body=body)
    return rnd, units


def test_board_excel_and_analysis_to_common_problem(live_server, browser_page, three_units):  # noqa: F811
    from zhenggai.inspection.models import CommonProblem
    from zhenggai.oversight.models import CategoryCorrection

    rnd, (forest, water, tourism) = three_units
    page, base = browser_page, live_server.url
    log_in(page, base, "ban")
    goto_settled(page, base + "/oversight/")
    page.get_by_role("button", name="看板（Excel）").click()
    page.wait_for_selector("text=已完成")
    with page.expect_download() as got:
        page.get_by_role("link", name="下载").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(got.value.path(), "rb").read()))
    assert {r[1].value for r in wb["整改监督看板"].iter_rows(min_row=2)} == {forest.name, water.name, tourism.name}

    goto_settled(page, base + "/oversight/analysis/")
    page.get_by_role("button", name="开始分析").click()
    page.wait_for_selector("h1:has-text('共性问题分析结果')")
    group = page.locator("details.group", has_text="护林员补助")
    assert "涉及 2 个单位、1 个轮次" in group.inner_text()

    row = page.locator("tr", has_text="景区门票收入管理混乱")
    row.locator("select[name=code]").select_option(label="意识形态")
    row.get_by_role("button", name="更正").click()
    page.wait_for_selector("text=以后的分析按此更正分类")
    assert CategoryCorrection.objects.get().code == "ideology"

    page.locator("details.group", has_text="护林员补助").locator("summary").click()
    page.locator("details.group", has_text="护林员补助").get_by_role("link", name="发布为共性问题").click()
    page.wait_for_selector("h1:has-text('发布为共性问题')")
    assert page.input_value("input[name=title]").startswith("护林员补助发放")
    assert page.is_checked(f"input[name=units][value='{forest.id}']") and page.is_checked(f"input[name=units][value='{water.id}']")
    assert not page.is_checked(f"input[name=units][value='{tourism.id}']")
    page.uncheck(f"input[name=units][value='{water.id}']")
    page.get_by_role("button", name=f"发布到“{rnd.name}”").click()
    page.wait_for_selector("text=1 个单位须对照整改")
    cp = CommonProblem.objects.get()
    assert set(cp.units.all()) == {forest}
