"""The inspection side from 反馈 to 销号: a group drafts and hands over the feedback, units meet
milestones, answer 共性问题 (举一反三), and the 纪委监委 records its supervision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from zhenggai.inspection import outline, services
from zhenggai.inspection.models import CommonAnswer, FeedbackDraft, MilestoneKind
from zhenggai.ledger import access, services as ledger
from zhenggai.ledger.models import Finding, LedgerError, Lead, Measure

OUTLINE = """一、落实全面从严治党主体责任方面
1.议事决策程序执行不严格。
部分重大事项未经集体研究
2.干部日常监督管理偏松。
二、财务管理方面
（1）公务用车管理不规范。
意见建议：
1.压实整改主体责任
问题线索：
反映某工程结算问题线索1件
"""


def test_outline_round_trips_and_bad_lines_say_where():
    fb = outline.read(OUTLINE)
    assert [a.title for a in fb.aspects] == ["落实全面从严治党主体责任方面", "财务管理方面"]
    assert fb.problem_count == 3 and fb.aspects[0].problems[0].description == ["部分重大事项未经集体研究"]
    assert fb.suggestions == ["压实整改主体责任"] and fb.leads == ["反映某工程结算问题线索1件"]
    assert outline.read(outline.write(fb)) == fb
    with pytest.raises(outline.OutlineError, match="第 1 行"):
        outline.read("没有编号的一句话")


def test_the_group_drafts_and_hands_over_the_feedback(city):
    unit = ledger.unit_named(city.ra, "中共某市新单位党组", group="第一巡察组")
    services.save_draft(city.group, unit, OUTLINE)
    assert not Finding.objects.filter(unit=unit).exists()  # nothing reaches the unit before 移交
    with pytest.raises(PermissionDenied):
        services.save_draft(city.jiwei, unit, OUTLINE)
    with pytest.raises(Http404):
        services.save_draft(city.group, city.a2, OUTLINE)  # another group's unit
    on = dt.date.today() - dt.timedelta(days=3)
    assert services.hand_over(city.group, unit, on) == 3
    unit.refresh_from_db()
    assert unit.feedback_date == on
    titles = list(Finding.objects.filter(unit=unit).order_by("sort_key").values_list("level", "title"))
    assert titles[:3] == [("aspect", "落实全面从严治党主体责任方面"), ("problem", "议事决策程序执行不严格。"),
                          ("item", "部分重大事项未经集体研究")]
    assert Lead.objects.get(unit=unit).transferred_on == on
    with pytest.raises(LedgerError, match="已移交"):
        services.save_draft(city.group, unit, OUTLINE)
    assert FeedbackDraft.objects.get(unit=unit).handed_over_by == city.group


def test_leads_stay_with_the_allowed_roles(city, client):
    Lead.objects.create(unit=city.a1, summary="某线索")
    for user, can in ((city.unit_office, True), (city.jiwei, True), (city.group, True), (city.zuzhibu, False),
                      (city.unit_reporter, False), (city.upper, False)):
        assert access.access_for(user, city.a1).can_see_leads is can


def test_milestones_follow_the_feedback_date_and_missed_ones_show(city):
    today = dt.date.today()
    city.a1.feedback_date = today - dt.timedelta(days=40)
    city.a1.save()
    services.set_milestone_days(city.office, city.ra, {MilestoneKind.PLAN: 30})
    states = {s.kind: s for s in services.milestone_states(city.a1)}
    assert states[MilestoneKind.PLAN].due == city.a1.feedback_date + dt.timedelta(days=30)
    assert states[MilestoneKind.PLAN].status(today) == "已逾期"
    assert set(services.missed_milestones([city.a1, city.a2], today)) == {city.a1.id}
    services.record_milestone(city.unit_office, city.a1, MilestoneKind.PLAN, today - dt.timedelta(days=2))
    plan = {s.kind: s for s in services.milestone_states(city.a1)}[MilestoneKind.PLAN]
    assert plan.status(today) == "逾期完成" and not plan.missed(today)
    with pytest.raises(PermissionDenied):
        services.set_milestone_days(city.jiwei, city.ra, {MilestoneKind.PLAN: 10})
    with pytest.raises(PermissionDenied):
        services.record_milestone(city.unit_reporter, city.a1, MilestoneKind.PLAN, today)


def test_a_common_problem_answered_adopted_and_not_applicable(city):
    cp = services.publish_common(city.office, city.ra, "三重一大决策制度执行不到位")
    adopted = services.answer_common(city.unit_office, city.a1, cp, CommonAnswer.Answer.ADOPTED)
    assert adopted.finding.parent.title == "举一反三" and "三重一大" in adopted.finding.title
    with pytest.raises(LedgerError, match="整改措施"):
        services.decide_common(city.office, adopted, accept=True)  # no measure yet
    ledger.add_measure(adopted.finding, "修订三重一大决策事项清单")
    services.decide_common(city.office, adopted, accept=True)
    assert adopted.state == CommonAnswer.State.ACCEPTED
    office_b = city.unit_office
    with pytest.raises(LedgerError, match="理由"):
        services.answer_common(office_b, city.a1, services.publish_common(city.office, city.ra, "另一个"),
                               CommonAnswer.Answer.NOT_APPLICABLE)
    with pytest.raises(PermissionDenied):
        services.publish_common(city.jiwei, city.ra, "纪委不能发布")
    with pytest.raises(Http404):
        services.answer_common(city.unit_office, city.a1, services.publish_common(city.round_only, city.rb, "别轮"),
                               CommonAnswer.Answer.ADOPTED)


def test_a_returned_answer_can_be_given_again(city):
    cp = services.publish_common(city.office, city.ra, "干部档案管理不规范")
    a = services.answer_common(city.unit_office, city.a1, cp, CommonAnswer.Answer.NOT_APPLICABLE, "本单位无人事档案")
    with pytest.raises(LedgerError, match="理由"):
        services.decide_common(city.office, a, accept=False)
    services.decide_common(city.office, a, accept=False, note="档案由本单位保管，请核实")
    again = services.answer_common(city.unit_office, city.a1, cp, CommonAnswer.Answer.ADOPTED)
    assert again.pk == a.pk and again.state == CommonAnswer.State.PENDING and again.finding is not None


def test_supervision_activities_by_the_discipline_commission(city):
    problem = Finding.objects.filter(unit=city.a1, level=Finding.Level.PROBLEM).first()
    act = services.record_activity(city.jiwei, city.a1, "attend_meeting", dt.date.today(), "张某、李某",
                                   "对照检查不深入", [problem])
    assert act.by_role == "discipline" and list(act.problems.all()) == [problem]
    assert services.record_activity(city.zuzhibu, city.a1, "talk", dt.date.today()).by_role == "org_dept"
    for user in (city.unit_office, city.office, city.upper):
        with pytest.raises(PermissionDenied):
            services.record_activity(user, city.a1, "talk", dt.date.today())


def test_coverage_lists_problems_without_measures(city):
    bare = ledger.add_finding(city.a1, Finding.Level.PROBLEM, "还没有措施的问题")
    rows = {c.unit: c for c in services.coverage(city.ra)}
    assert bare in rows[city.a1].without_measures
    assert not [f for f in rows[city.a2].without_measures if f.measures.exists()]
    assert Measure.objects.filter(finding__unit=city.a1).exists()


def test_pages_role_by_role(city, client):
    def status(user, url, **post):
        client.force_login(user)
        return (client.post(url, post) if post else client.get(url)).status_code

    unit_page = reverse("inspection:unit", args=[city.a1.id])
    assert status(city.unit_office, unit_page) == 200
    assert status(city.jiwei, unit_page) == 200
    assert status(city.round_only, unit_page) == 404
    draft = reverse("inspection:draft", args=[city.a1.id])
    assert status(city.group, draft) == 200
    assert status(city.unit_office, draft) == 403
    assert status(city.group, reverse("inspection:draft", args=[city.a2.id])) == 404
    rpage = reverse("inspection:round", args=[city.ra.id])
    assert status(city.office, rpage) == 200 and status(city.jiwei, rpage) == 200
    assert status(city.jiwei, rpage, form="common", title="偷发") == 200  # refused with a message
    assert not city.ra.common_problems.filter(title="偷发").exists()
    assert status(city.office, reverse("inspection:round", args=[city.rc.id])) == 404
    assert status(city.unit_office, rpage) == 403


def test_a_common_problem_pushed_to_an_organisation_not_inspected_this_round(city):
    later = ledger.round_named("2026年第二轮巡察", body=city.city_office)
    again = ledger.unit_named(later, city.a1.name)  # a1's organisation, inspected again
    targets = set(services.push_targets(city.office, later))
    assert city.a2 in targets and city.a1 not in targets and again not in targets  # a2 not inspected in `later`
    assert city.b1 not in targets  # another body's unit
    cp = services.publish_common(city.office, later, "公务接待超标准", extra_units=[city.a2])
    assert cp in services.common_for(city.a2) and cp in services.common_for(again)
    with pytest.raises(PermissionDenied):
        services.publish_common(city.office, later, "推给别人的单位", extra_units=[city.b1])
    assert cp not in services.common_for(city.a1)  # the organisation answers through its unit of this round


def test_milestone_reminders_are_sent_once_through_the_notifications(city):
    from zhenggai.inspection.reminders import plan, remind_milestones
    from zhenggai.supervision.models import Notification

    today = dt.date.today()
    city.a1.feedback_date = today - dt.timedelta(days=35)  # plan (30 days) missed; report (90) not yet near
    city.a1.save()
    city.a2.feedback_date = today - dt.timedelta(days=25)  # plan due in 5 days
    city.a2.save()
    services.milestones(city.ra)
    assert remind_milestones(today, dry_run=True) > 0 and not Notification.objects.exists()
    sent = remind_milestones(today)
    red = Notification.objects.get(user=city.unit_office)
    assert red.level == "red" and "报送整改方案" in red.title and red.unit == city.a1
    assert Notification.objects.filter(user=city.office, level="red", unit=city.a1).exists()  # the 巡察办 too
    assert not Notification.objects.filter(unit=city.a2, level="red").exists()
    assert remind_milestones(today) == 0 and Notification.objects.count() == sent  # never twice
    services.record_milestone(city.unit_office, city.a1, MilestoneKind.PLAN, today)
    assert all(d.unit != city.a1 or d.kind != MilestoneKind.PLAN for d in plan(today))
