"""The supervision journeys in Debian's headless chromium: the 巡察办 issues a 督办 notice,
the unit's 整改办 signs for it and replies; a notice left unanswered past its deadline goes
up the ladder and the unit signs for the next one; the 巡察办 draws a 回头看 sample, records a
mismatch, and the item is open again; a ledger row's quality badge opens on its explanation."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.web.test_browser import browser_page, goto_settled  # noqa: F401  (the shared chromium fixture)

pytestmark = pytest.mark.browser
PASSWORD = "browser-pass-123"



def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    goto_settled(page, base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.fixture
def round_with_unit(transactional_db, django_user_model):
    from zhenggai.ledger import services, tree
    from zhenggai.ledger.models import BodyKind, Finding, Grant, GrantRole, Measure, Membership, Role

    city = tree.child(None, BodyKind.LEVEL, "某市")
    body = tree.child(city, BodyKind.INSPECTING, "市委巡察办")
    rnd = services.round_named("市委2026年第一轮巡察", body=body)
    unit = services.unit_named(rnd, "中共某市林业局党组")
    p = services.add_finding(unit, Finding.Level.PROBLEM, "护林员补助发放不及时")
    late = services.add_measure(p, "核对并补发护林员补助", person="林一", deadline=dt.date.today() - dt.timedelta(days=3))
    done = services.add_measure(p, "建立补助按月发放制度", person="林二", deadline=dt.date.today(),
                                status=Measure.Status.COMPLETED)
    ban = django_user_model.objects.create_user(username="ban", password=PASSWORD, last_name="王巡察")
    Grant.objects.create(user=ban, role=GrantRole.INSPECTION_OFFICE, body=body)
    office = django_user_model.objects.create_user(username="zgb", password=PASSWORD, last_name="李整改")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    return unit, late, done


def test_escalation_journey(live_server, browser_page, round_with_unit):  # noqa: F811
    from zhenggai.oversight.models import Notice, NoticeState

    unit, late, _ = round_with_unit
    page, base = browser_page, live_server.url
    log_in(page, base, "ban")
    page.goto(base + "/oversight/")
    page.get_by_role("link", name=unit.name).click()
    page.get_by_role("button", name="发出督办文书").click()
    page.wait_for_selector("text=已发出提醒函")
    assert "核对并补发护林员补助" in page.locator("table.notices").inner_text()

    log_in(page, base, "zgb")
    page.goto(base + f"/oversight/units/{unit.id}/")
    page.get_by_role("button", name="签收").click()
    page.wait_for_selector("text=已签收提醒函")
    page.fill("textarea[name=reply]", "已于本周补发全部护林员补助，并建立按月发放台账")
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_selector("text=已答复提醒函")
    assert "已答复" in page.locator("table.notices .state").inner_text()
    n = Notice.objects.get(unit=unit)
    assert n.state == NoticeState.REPLIED and "按月发放台账" in n.reply and n.signed_by.username == "zgb"


def test_sampling_journey(live_server, browser_page, round_with_unit):  # noqa: F811
    from zhenggai.ledger.models import Measure
    from zhenggai.oversight.models import CheckResult, SampleItem

    unit, _, done = round_with_unit
    page, base = browser_page, live_server.url
    log_in(page, base, "ban")
    page.goto(base + f"/oversight/units/{unit.id}/")
    page.get_by_role("button", name="抽取已销号事项").click()
    page.wait_for_selector("text=已抽取 1 个已销号事项")
    row = page.locator("tr.sample-item", has_text="建立补助按月发放制度")
    row.locator("input[value=mismatch]").check()
    row.locator("input[name=notes]").fill("现场查看，制度尚未印发")
    row.get_by_role("button", name="记录").click()
    page.wait_for_selector("text=该事项已重新打开")
    assert "与销号情况不符" in page.locator("tr.sample-item .result").inner_text()
    done.refresh_from_db()
    assert done.status == Measure.Status.IN_PROGRESS
    assert SampleItem.objects.get(measure=done).result == CheckResult.MISMATCH


def test_unanswered_notice_escalates_and_the_next_step_is_signed(live_server, browser_page, round_with_unit):  # noqa: F811
    from zhenggai.oversight import services
    from zhenggai.oversight.models import Notice, NoticeState

    unit, _, _ = round_with_unit
    page, base = browser_page, live_server.url
    log_in(page, base, "ban")
    goto_settled(page, base + f"/oversight/units/{unit.id}/")
    page.get_by_role("button", name="发出督办文书").click()
    page.wait_for_selector("text=已发出提醒函")
    first = Notice.objects.get(unit=unit)

    # Nobody answers; the daily `zhenggai remind` runs after the reply deadline.
    made = services.escalate_overdue(first.reply_due + dt.timedelta(days=1))
    assert [n.name for n in made] == ["督办通知书"]

    goto_settled(page, base + f"/oversight/units/{unit.id}/")
    rows = page.locator("table.notices tr.notice")
    assert rows.count() == 2
    assert "已升级" in rows.nth(0).locator(".state").inner_text()
    assert "逾期未答复" in rows.nth(1).inner_text() and "督办通知书" in rows.nth(1).inner_text()
    goto_settled(page, base + "/oversight/")
    assert "督办通知书" in page.locator("tr.unit-row", has_text=unit.name).inner_text()

    log_in(page, base, "zgb")
    goto_settled(page, base + f"/oversight/units/{unit.id}/")
    page.get_by_role("button", name="签收").click()
    page.wait_for_selector("text=已签收督办通知书")
    first.refresh_from_db()
    second = Notice.objects.get(pk=made[0].pk)
    assert first.state == NoticeState.ESCALATED and first.escalated_to_id == second.pk
    assert second.state == NoticeState.SIGNED and second.signed_by.username == "zgb"


def test_ledger_row_quality_badge_opens_on_its_explanation(live_server, browser_page, round_with_unit):  # noqa: F811
    unit, _, done = round_with_unit  # done: completed without evidence or a progress report
    page, base = browser_page, live_server.url
    log_in(page, base, "zgb")
    from django.urls import reverse

    goto_settled(page, base + reverse("ledger:ledger", args=[unit.id]))
    row = page.locator(f"#measure-{done.id}")
    badge = row.locator("details.qflag", has_text="销号无佐证")
    assert not badge.locator(".why").is_visible()
    badge.locator("summary").click()
    assert "没有上传任何佐证材料" in badge.locator(".why").inner_text()
    assert "否则不应销号" in badge.locator(".why").inner_text()
    page.check("input[name=flagged]")
    page.wait_for_selector(f"#measure-{done.id}")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.ledger tbody tr").count() == 1
