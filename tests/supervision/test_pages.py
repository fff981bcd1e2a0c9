"""Supervision pages role by role: readers 200, read-only writes 403, outsiders 404, anonymous → login."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenggai.supervision import reminders
from zhenggai.supervision.models import Notification, WarningRule
from tests.pages import version_on

READERS = ("office", "supervisor", "leader", "reporter", "inspection")
OUTSIDERS = ("outsider", "nobody")


def read_urls(ledger) -> list[str]:
    u = ledger.unit.id
    return [
        reverse("supervision:dashboard", args=[u]),
        reverse("supervision:chart", args=[u, "status"]),
        reverse("supervision:chart", args=[u, "aspects"]),
        reverse("supervision:chart", args=[u, "departments"]),
        reverse("supervision:warnings", args=[u]),
        reverse("supervision:warnings", args=[u]) + "?level=yellow",
        reverse("supervision:rule", args=[u]),
    ]


RULE = {"green_days": "15", "yellow_days": "5", "green_to": ["reporter"], "yellow_to": ["reporter", "leader"],
        "red_to": ["reporter", "leader", "office"]}


def test_anonymous_is_sent_to_login(client, ledger):
    urls = [*read_urls(ledger), reverse("supervision:notifications"), reverse("supervision:overview", args=[ledger.round.id])]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/login/"), url
    r = client.post(reverse("supervision:rule", args=[ledger.unit.id]), RULE)
    assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.parametrize("who", READERS)
def test_every_reader_sees_every_page(login, ledger, people, who):
    c = login(getattr(people, who))
    for url in read_urls(ledger):
        r = c.get(url)
        assert r.status_code == 200, (who, url)
    assert c.get(reverse("supervision:notifications")).status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(login, ledger, people, who):
    c = login(getattr(people, who))
    for url in read_urls(ledger):
        assert c.get(url).status_code == 404, (who, url)
    assert c.post(reverse("supervision:rule", args=[ledger.unit.id]), RULE).status_code == 404


def test_bad_ids_and_names_are_404(login, ledger, people):
    c = login(people.office)
    assert c.get("/units/999999/dashboard/").status_code == 404
    assert c.get(reverse("supervision:chart", args=[ledger.unit.id, "secrets"])).status_code == 404
    assert c.get("/rounds/999999/overview/").status_code == 404


@pytest.mark.parametrize("who", ("supervisor", "leader", "reporter", "inspection"))
def test_read_only_roles_cannot_change_the_rule(login, ledger, people, who):
    c = login(getattr(people, who))
    assert c.post(reverse("supervision:rule", args=[ledger.unit.id]), RULE).status_code == 403
    assert not WarningRule.objects.exists()
    body = c.get(reverse("supervision:rule", args=[ledger.unit.id])).content.decode()
    assert "只有整改办可以修改" in body and "<form method=\"post\"" not in body


def test_office_sets_the_rule_and_it_is_audited(login, ledger, people):
    c = login(people.office)
    url = reverse("supervision:rule", args=[ledger.unit.id])
    r = c.post(url, {**RULE, "principal": people.leader.id, "version": version_on(c, url)})
    assert r.status_code == 302
    rule = WarningRule.objects.get(unit=ledger.unit)
    assert (rule.green_days, rule.yellow_days, rule.principal) == (15, 5, people.leader)
    assert rule.red_to == ["leader", "office", "reporter"]
    assert rule.history.first().history_change_reason == "supervision.rule.create"
    assert rule.history.first().history_user == people.office


def test_bad_rule_is_refused_in_chinese(login, ledger, people):
    c = login(people.office)
    r = c.post(reverse("supervision:rule", args=[ledger.unit.id]), {**RULE, "yellow_days": "30"})
    assert r.status_code == 400 and "不能大于绿色提示天数" in r.content.decode()
    r = c.post(reverse("supervision:rule", args=[ledger.unit.id]), {**RULE, "red_to": []})
    assert r.status_code == 400 and "此项必填" in r.content.decode()
    # A principal leader from another unit is not offered.
    r = c.post(reverse("supervision:rule", args=[ledger.unit.id]), {**RULE, "principal": people.outsider.id})
    assert r.status_code == 400 and "选项无效" in r.content.decode()
    assert not WarningRule.objects.exists()


def test_dashboard_figures(login, ledger, people):
    body = login(people.office).get(reverse("supervision:dashboard", args=[ledger.unit.id])).content.decode()
    # 5 measures: m4 completed, m2 long-term, m3 overdue (open), m1 & m5 open.
    assert '<b data-figure="measures">5</b>整改措施' in body and '完成率（按措施） <span data-figure="rate_by_measure">20.00%</span>' in body
    assert '<b data-figure="measures_overdue">1</b>红色预警' in body
    assert "落实上级决策部署方面" in body and "财经纪律方面" in body
    assert "对近三年验收项目开展复查" in body and "逾期 10 天" in body
    assert f'src="/units/{ledger.unit.id}/dashboard/status.svg"' in body


def test_reporter_dashboard_counts_only_their_department(login, ledger, people):
    body = login(people.reporter).get(reverse("supervision:dashboard", args=[ledger.unit.id])).content.decode()
    assert '<b data-figure="measures">3</b>整改措施' in body and "只统计本部门" in body
    assert "全面盘点防汛物资" not in body


def test_charts_are_svg_with_labels_and_values(login, ledger, people):
    c = login(people.office)
    r = c.get(reverse("supervision:chart", args=[ledger.unit.id, "aspects"]))
    assert r["Content-Type"].startswith("image/svg+xml")
    svg = r.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    # Text stays text (svg.fonttype none), with a CJK font list for the browser.
    assert "落实上级决策部署方面" in svg and "财经纪律方面" in svg and "已完成" in svg and "逾期" in svg
    assert "Noto Sans CJK SC" in svg
    status = c.get(reverse("supervision:chart", args=[ledger.unit.id, "status"])).content.decode()
    assert "正在整改" in status and "其中：逾期" in status and "> 1<" in status
    depts = c.get(reverse("supervision:chart", args=[ledger.unit.id, "departments"])).content.decode()
    assert "工程科" in depts and "财务科" in depts


def test_warning_list_levels_filters_and_htmx_partial(login, ledger, people):
    c = login(people.office)
    url = reverse("supervision:warnings", args=[ledger.unit.id])
    body = c.get(url).content.decode()
    assert "红色预警（逾期）：共 1 条" in body and "对近三年验收项目开展复查" in body and "10 天" in body
    assert "全面盘点防汛物资" not in body  # 30 days ahead: no warning yet
    # Filtered by a department that has no overdue item; HTMX gets the same partial, no page chrome.
    r = c.get(url, {"level": "red", "department": ledger.office.id}, headers={"HX-Request": "true", "HX-Target": "warning-rows"})
    part = r.content.decode()
    assert "<html" not in part and "共 0 条" in part
    assert "共 1 条" in c.get(url, {"department": ledger.finance.id}).content.decode()  # 财务科 shares m3
    # A bad level falls back to the overdue list rather than failing.
    assert "红色预警" in c.get(url, {"level": "purple"}).content.decode()


def test_notifications_are_personal(login, ledger, people):
    reminders.remind(timezone.localdate())
    mine = Notification.objects.filter(user=people.reporter).first()
    assert mine is not None
    c = login(people.reporter)
    body = c.get(reverse("supervision:notifications")).content.decode()
    assert mine.title in body and "提醒 <span class=\"nav-badge\">" in body
    # Someone else's notification: 404, unchanged.
    theirs = Notification.objects.filter(user=people.office).first()
    assert c.post(reverse("supervision:notification_read", args=[theirs.id])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # Mark read through HTMX: the same row partial comes back.
    r = c.post(reverse("supervision:notification_read", args=[mine.id]), headers={"HX-Request": "true"})
    assert r.status_code == 200 and f'id="note-{mine.id}"' in r.content.decode() and "<html" not in r.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert c.get(reverse("supervision:notification_read", args=[mine.id])).status_code == 405
    assert c.post(reverse("supervision:notifications_read_all")).status_code == 302
    assert not Notification.objects.filter(user=people.reporter, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=people.office, read_at__isnull=True).exists()


def test_round_overview(login, ledger, people):
    url = reverse("supervision:overview", args=[ledger.round.id])
    c = login(people.inspection)
    body = c.get(url).content.decode()
    assert ledger.unit.name in body and ledger.other_unit.name in body and "完成率（按措施） 16.67%" in body
    svg = c.get(reverse("supervision:overview_chart", args=[ledger.round.id])).content.decode()
    assert "中共测试县水务局党组" in svg and "20.00%" in svg and "完成率（按措施" in svg
    # Unit roles may not read across units: 403; people with nothing in the round: 404.
    for who in ("office", "supervisor", "leader", "reporter", "outsider"):
        assert login(getattr(people, who)).get(url).status_code == 403, who
    assert login(people.nobody).get(url).status_code == 404
    assert "总览" in login(people.inspection).get(reverse("ledger:home")).content.decode()


def test_reports_due_panel_is_the_same_partial_for_page_and_htmx(login, ledger, people):
    from zhenggai.supervision.dashboard import reports_available

    if not reports_available():
        pytest.skip("zhenggai.workflow provides no due_reports")
    url = reverse("supervision:reports", args=[ledger.unit.id])
    dash = login(people.office).get(reverse("supervision:dashboard", args=[ledger.unit.id])).content.decode()
    assert f'hx-get="{url}"' in dash
    c = login(people.office)
    part = c.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and "应报送" in part and "未报送" in part
    page = c.get(url).content.decode()
    assert "<html" in page and "应报送" in page
    # The reporter sees only their department's measures and no per-department chase list.
    mine = login(people.reporter).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "应报送 2 项" in mine and "填报人" not in mine  # m3, m5 open in 财务科 (m4 completed)
    for who in ("outsider", "nobody"):
        assert login(getattr(people, who)).get(url).status_code == 404


def test_round_rule_by_the_inspection_office_only(login, ledger, people):
    url = reverse("supervision:round_rule", args=[ledger.round.id])
    for who in ("office", "supervisor", "leader", "reporter", "outsider"):
        c = login(getattr(people, who))
        assert c.get(url).status_code == 403, who
        assert c.post(url, RULE).status_code == 403, who
    assert login(people.nobody).post(url, RULE).status_code == 404
    c = login(people.inspection)
    body = c.get(url).content.decode()
    assert "全轮次预警规则" in body and 'name="principal"' not in body
    assert c.post(url, {**RULE, "yellow_days": "40"}).status_code == 400
    assert c.post(url, {**RULE, "version": version_on(c, url)}).status_code == 302
    rule = WarningRule.objects.get(inspection=ledger.round)
    assert rule.history.first().history_change_reason == "supervision.round_rule.create"
    # Both units follow it until one sets its own.
    from zhenggai.supervision.services import rule_for, set_unit_rule

    assert rule_for(ledger.unit).thresholds.green_days == 15 and rule_for(ledger.unit).source == "轮次"
    set_unit_rule(ledger.unit, people.office, green_days=30, yellow_days=7, green_to=["reporter"],
                  yellow_to=["leader"], red_to=["office"])
    assert rule_for(ledger.unit).thresholds.green_days == 30 and rule_for(ledger.other_unit).thresholds.green_days == 15


def test_warning_list_as_csv(login, ledger, people):
    url = reverse("supervision:warnings_csv", args=[ledger.unit.id])
    r = login(people.office).get(url, {"level": "red"})
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff问题,整改措施") and "逾期天数" in text
    assert "对近三年验收项目开展复查" in text and text.rstrip().endswith(",10")
    # The reporter's CSV is scoped like their page; outsiders get 404.
    assert "对近三年验收项目开展复查" in login(people.reporter).get(url).content.decode()
    assert login(people.outsider).get(url).status_code == 404
