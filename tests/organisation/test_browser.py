"""The set-up journeys in Debian's headless chromium: a 巡察办 creates a round, a group and a
unit; the unit's 整改办 imports its people from Excel; the group hands over the feedback; the
unit adopts a 共性问题. Every step through the pages, as people would."""

from __future__ import annotations

import openpyxl
import pytest

from tests.web.test_browser import browser_page, goto_settled  # noqa: F401  (the shared chromium fixture)

pytestmark = pytest.mark.browser
PASSWORD = "browser-pass-123"



def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    goto_settled(page, base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_round_unit_people_feedback_and_common_problem(transactional_db, live_server, browser_page, tmp_path):  # noqa: F811
    from django.contrib.auth import get_user_model

    from zhenggai.inspection.models import CommonAnswer
    from zhenggai.ledger import tree
    from zhenggai.ledger.models import BodyKind, Finding, Grant, GrantRole, Membership, Role, Unit

    users = get_user_model()
    city = tree.child(None, BodyKind.LEVEL, "某市")
    body = tree.child(city, BodyKind.INSPECTING, "市委巡察办")
    ban = users.objects.create_user(username="ban", password=PASSWORD, last_name="王巡察")
    Grant.objects.create(user=ban, role=GrantRole.INSPECTION_OFFICE, body=body)
    page, base = browser_page, live_server.url

    # The 巡察办: a round, a group, a unit, a group member.
    log_in(page, base, "ban")
    page.get_by_role("link", name="机构设置").click()
    page.locator("summary", has_text="新建轮次").click()
    page.select_option("select[name=body]", label="市委巡察办")
    page.fill("input[name=name]", "市委2026年第一轮巡察")
    page.get_by_role("button", name="新建轮次").click()
    page.wait_for_selector("text=已新建轮次")
    page.fill("form:has(input[value=group]) input[name=name]", "市委第一巡察组")
    page.get_by_role("button", name="添加巡视巡察组").click()
    page.fill("form:has(input[value=unit]) input[name=name]", "中共某市水务局党组")
    page.select_option("form:has(input[value=unit]) select[name=group]", label="市委第一巡察组")
    page.get_by_role("button", name="添加单位").click()
    page.wait_for_selector("text=已添加被巡视巡察单位")
    unit = Unit.objects.get(name="中共某市水务局党组")
    page.fill("form:has(input[value=person]) input[name=name]", "郑组长")
    page.select_option("form:has(input[value=person]) select[name=role]", GrantRole.INSPECTION_GROUP.value)
    page.select_option("form:has(input[value=person]) select[name=group]", label="市委第一巡察组")
    page.get_by_role("button", name="添加人员").click()
    page.wait_for_selector("text=初始密码")
    group_login = page.locator(".created-people td").nth(1).inner_text()
    group_password = page.locator(".created-people code").inner_text()

    # The group: the feedback as an outline, then 移交.
    log_in(page, base, group_login, group_password)
    page.wait_for_selector("text=修改密码")
    page.fill("input[name=old_password]", group_password)
    page.fill("input[name=new_password1]", "Zuzhang-2026-mima")
    page.fill("input[name=new_password2]", "Zuzhang-2026-mima")
    page.get_by_role("button", name="修改密码").click()
    page.goto(f"{base}/units/{unit.id}/feedback-draft/")
    page.fill("textarea[name=text]", "一、财务管理方面\n1.公务用车管理不规范。\n2.差旅费报销审核不严。\n问题线索：\n某线索一件")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=1 个方面、2 个问题")
    page.get_by_role("button", name="移交给被巡视巡察单位").click()
    page.wait_for_selector("text=已向")
    assert Finding.objects.filter(unit=unit, level="problem").count() == 2

    # The unit's office, made by the 巡察办 through the operator's grant here, imports its people.
    office = users.objects.create_user(username="kezhang", password=PASSWORD, last_name="李科长")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    sheet = tmp_path / "人员.xlsx"
    wb = openpyxl.Workbook()
    for row in (["姓名", "部门", "职务", "手机", "角色"], ["赵填报", "财务科", "科员", "13900000009", "部门填报人"],
                ["钱领导", "", "副局长", "", "分管领导"]):
        wb.active.append(row)
    wb.save(sheet)
    log_in(page, base, "kezhang")
    page.get_by_role("link", name="中共某市水务局党组").click()
    page.locator("header nav").get_by_role("link", name="人员", exact=True).click()
    page.locator("summary", has_text="从 Excel 批量导入").click()
    page.set_input_files("input[name=file]", str(sheet))
    page.get_by_role("button", name="导入人员").click()
    page.wait_for_selector(".created-people")
    assert page.locator(".created-people tbody tr").count() == 2
    assert Membership.objects.get(unit=unit, role=Role.REPORTER).department.name == "财务科"

    # A 共性问题 published by the 巡察办 and adopted by the unit.
    log_in(page, base, "ban")
    page.goto(f"{base}/rounds/{unit.inspection_id}/matters/")
    page.locator("summary", has_text="发布共性问题").click()
    page.fill("input[name=title]", "公务用车管理不规范")
    page.get_by_role("button", name="发布到本轮次各单位").click()
    page.wait_for_selector("text=已向本轮次各单位发布共性问题")
    log_in(page, base, "kezhang")
    page.goto(f"{base}/units/{unit.id}/matters/")
    page.check("input[name=answer][value=adopted]")
    page.get_by_role("button", name="答复").click()
    page.wait_for_selector("text=已答复")
    answer = CommonAnswer.objects.get(unit=unit)
    assert answer.answer == "adopted" and answer.finding.unit == unit
