"""The workflow verbs against the database: every allowed transition, refusals, audit records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhenggai.ledger.models import Measure
from zhenggai.workflow import queries, services
from zhenggai.workflow.models import (
    Approval,
    AuditEvent,
    CloseRequest,
    Evidence,
    Extension,
    Handover,
    Lookback,
    ProgressReport,
    RequestState,
)
from zhenggai.workflow.states import State

S = Measure.Status


def codes(measure) -> list[str]:
    return list(AuditEvent.objects.filter(measure=measure).order_by("at", "id").values_list("action", flat=True))


def test_report_progress_starts_item_and_fills_ledger_progress(flow, pdf):
    m5, reporter = flow.m5, flow.people.reporter
    report = services.report_progress(m5, reporter, "  已完成追回款项的清理  ", 40, [pdf()])
    m5.refresh_from_db()
    assert m5.status == S.IN_PROGRESS and m5.progress == "已完成追回款项的清理"
    assert report.percent == 40 and report.files.count() == 1
    assert codes(m5) == ["workflow.progress.report"]
    assert m5.history.first().history_change_reason == "workflow.progress.report"
    assert (flow.data / "evidence").exists()


@pytest.mark.parametrize("percent", [-1, 101])
def test_report_refuses_bad_percent(flow, percent):
    with pytest.raises(services.WorkflowError, match="0 到 100"):
        services.report_progress(flow.m5, flow.people.reporter, "进展", percent)
    assert not ProgressReport.objects.exists()


def test_reporter_cannot_report_outside_department(flow):
    with pytest.raises(services.NotAllowed):
        services.report_progress(flow.m1, flow.people.reporter, "进展")
    with pytest.raises(services.NotAllowed):
        services.report_progress(flow.m5, flow.people.supervisor, "进展")


def test_close_needs_evidence(flow, pdf):
    with pytest.raises(services.WorkflowError, match="佐证材料"):
        services.request_close(flow.m5, flow.people.reporter, "已完成")
    assert not CloseRequest.objects.exists()
    req = services.request_close(flow.m5, flow.people.reporter, "已完成", [pdf()])
    assert req.stage == State.PENDING_OFFICE and services.state_of(flow.m5) == State.PENDING_OFFICE


def test_office_returns_once_then_approves(flow, pdf):
    m5, p = flow.m5, flow.people
    services.request_close(m5, p.reporter, "已完成", [pdf()])
    services.return_for_rework(m5, p.office, "佐证材料不全，请补充追回凭证")
    assert services.state_of(m5) == State.OPEN
    m5.refresh_from_db()
    assert m5.status == S.IN_PROGRESS
    services.request_close(m5, p.reporter, "已补充", [pdf("追回凭证.pdf", b"%PDF-1.4 second")])
    assert services.approve(m5, p.office, "同意销号") == State.CLOSED
    m5.refresh_from_db()
    assert m5.status == S.COMPLETED
    assert list(CloseRequest.objects.filter(measure=m5).order_by("id").values_list("state", flat=True)) == [
        RequestState.RETURNED, RequestState.APPROVED,
    ]
    approvals = list(Approval.objects.filter(request__measure=m5).order_by("id"))
    assert [a.decision for a in approvals] == ["returned", "approved"]
    assert approvals[0].approver == p.office and approvals[0].reason.startswith("佐证材料不全")
    # The frozen copy names every evidence file by hash as it stood at that decision.
    assert len(approvals[0].snapshot["evidence"]) == 1 and len(approvals[1].snapshot["evidence"]) == 2
    assert approvals[1].snapshot["measure"]["text"] == m5.text
    assert codes(m5) == [
        "workflow.close.request", "workflow.close.return", "workflow.close.request", "workflow.close.approve",
    ]
    # Closing schedules the configured look-backs (90 and 180 days by default).
    today = timezone.localdate()
    assert sorted(Lookback.objects.filter(measure=m5).values_list("due_on", flat=True)) == [
        today + dt.timedelta(days=90), today + dt.timedelta(days=180),
    ]
    assert queries.closed_on([m5.pk]) == {m5.pk: today}


def test_leader_and_acceptance_stages(flow, pdf):
    m5, p = flow.m5, flow.people
    services.update_settings(flow.ledger.unit, p.office, leader_approval=True, acceptance=True)
    services.request_close(m5, p.reporter, "已完成", [pdf()])
    assert services.approve(m5, p.office) == State.PENDING_LEADER
    with pytest.raises(services.NotAllowed):
        services.approve(m5, p.office)  # the office cannot pass the leader's stage
    assert services.approve(m5, p.leader) == State.PENDING_ACCEPTANCE
    with pytest.raises(services.NotAllowed):
        services.approve(m5, p.leader)
    assert services.approve(m5, p.inspection, "验收合格") == State.CLOSED
    stages = list(Approval.objects.filter(request__measure=m5).order_by("id").values_list("stage", "approver__username"))
    assert stages == [("pending_office", "office"), ("pending_leader", "leader"), ("pending_acceptance", "inspection")]


def test_leader_outside_area_cannot_approve(flow, pdf):
    p = flow.people
    services.update_settings(flow.ledger.unit, p.office, leader_approval=True)
    services.request_close(flow.m1, p.office, "已完成", [pdf()])
    services.approve(flow.m1, p.office)
    with pytest.raises(services.NotAllowed):
        services.approve(flow.m1, p.leader)  # 钱立's measure, not 吴正's
    services.return_for_rework(flow.m1, _leader_of(flow, "钱立"), "请补充")  # 钱立 may decide his own item
    assert services.state_of(flow.m1) == State.OPEN


def _leader_of(flow, name):
    from django.contrib.auth import get_user_model

    from zhenggai.ledger.models import Membership, Role

    user = get_user_model().objects.create_user(username="qianli", first_name=name)
    Membership.objects.create(user=user, unit=flow.ledger.unit, role=Role.LEADER)
    return user


def test_refused_transitions_change_nothing(flow, pdf):
    p, m4, m5 = flow.people, flow.m4, flow.m5
    with pytest.raises(services.WorkflowError, match="当前状态为“整改中”，不能审核通过"):
        services.approve(m5, p.office)
    with pytest.raises(services.WorkflowError, match="不能申请销号"):
        services.request_close(m4, p.office, "再次申请", [pdf()])
    with pytest.raises(services.WorkflowError, match="不能重新打开"):
        services.reopen(m5, p.office, "理由")
    with pytest.raises(services.WorkflowError, match="不能记录回头看"):
        services.record_lookback(m5, p.office, "检查", False)
    services.request_close(m5, p.reporter, "已完成", [pdf()])
    with pytest.raises(services.WorkflowError, match="不能申请销号"):
        services.request_close(m5, p.reporter, "重复申请", [pdf()])
    with pytest.raises(services.WorkflowError, match="不能报送进展"):
        services.report_progress(m5, p.reporter, "进展")
    with pytest.raises(services.WorkflowError, match="退回理由"):
        services.return_for_rework(m5, p.office, "  ")
    assert CloseRequest.objects.count() == 1 and Approval.objects.count() == 0
    assert codes(m5) == ["workflow.close.request"]


def test_long_term_review_reopen_and_lookback_rebound(flow):
    p, m5 = flow.people, flow.m5
    today = timezone.localdate()
    with pytest.raises(services.WorkflowError, match="复核日期"):
        services.mark_long_term(m5, p.office, today, "需长期坚持")
    services.mark_long_term(m5, p.office, today + dt.timedelta(days=180), "需长期坚持")
    m5.refresh_from_db()
    assert m5.status == S.LONG_TERM and m5.review_date == today + dt.timedelta(days=180)
    services.report_progress(m5, p.reporter, "本季度已抽查")  # long-term items keep reporting
    services.record_lookback(m5, p.office, "机制运行正常", rebound=False)
    m5.refresh_from_db()
    assert m5.status == S.LONG_TERM and m5.looked_back_on == today
    services.record_lookback(m5, p.inspection, "发现同类问题再次出现", rebound=True)
    m5.refresh_from_db()
    assert m5.status == S.IN_PROGRESS and services.state_of(m5) == State.OPEN
    assert codes(m5)[-1] == "workflow.lookback.rebound"
    services.mark_long_term(m5, p.office, today + dt.timedelta(days=30), "整改到位后长期坚持")
    services.reopen(m5, p.office, "重新部署")
    m5.refresh_from_db()
    assert m5.status == S.IN_PROGRESS


def test_reopen_closed_and_scheduled_lookback(flow):
    p, m4 = flow.people, flow.m4  # completed in the ledger fixture
    today = timezone.localdate()
    lb = services.schedule_lookback(m4, p.office, today + dt.timedelta(days=90))
    assert lb.due_on == today + dt.timedelta(days=90)
    with pytest.raises(services.NotAllowed):
        services.schedule_lookback(m4, p.reporter, today + dt.timedelta(days=9))
    done = services.record_lookback(m4, p.office, "未发现反弹", rebound=False)
    assert done.pk == lb.pk and done.state == "done"
    services.reopen(m4, p.office, "群众反映问题仍存在")
    m4.refresh_from_db()
    assert m4.status == S.IN_PROGRESS
    with pytest.raises(services.WorkflowError, match="只有已销号或长期坚持"):
        services.schedule_lookback(m4, p.office, today + dt.timedelta(days=9))


def test_extension_keeps_original_deadline(flow):
    p, m5 = flow.people, flow.m5
    first = m5.deadline
    ext = services.request_extension(m5, p.reporter, first + dt.timedelta(days=30), "需等待审计结果")
    with pytest.raises(services.WorkflowError, match="待审批"):
        services.request_extension(m5, p.reporter, first + dt.timedelta(days=40), "再申请")
    with pytest.raises(services.NotAllowed):
        services.decide_extension(ext, p.leader, True)  # default approver is the office
    with pytest.raises(services.WorkflowError, match="不予批准的理由"):
        services.decide_extension(ext, p.office, False, "")
    services.decide_extension(ext, p.office, True, "同意")
    m5.refresh_from_db()
    assert m5.deadline == first + dt.timedelta(days=30) and m5.original_deadline == first
    with pytest.raises(services.WorkflowError, match="已批准"):
        services.decide_extension(ext, p.office, True)
    ext2 = services.request_extension(m5, p.reporter, first + dt.timedelta(days=60), "再延一次")
    services.update_settings(flow.ledger.unit, p.office, extension_approver="leader")
    services.decide_extension(ext2, p.leader, False, "不同意")
    m5.refresh_from_db()
    assert m5.deadline == first + dt.timedelta(days=30) and m5.original_deadline == first
    assert list(Extension.objects.order_by("id").values_list("state", flat=True)) == ["approved", "refused"]
    assert "workflow.extension.refuse" in codes(m5)


def test_extension_refused_after_deadline_or_backwards(flow):
    p = flow.people
    with pytest.raises(services.WorkflowError, match="已超过完成时限"):
        services.request_extension(flow.m3, p.reporter, flow.m3.deadline + dt.timedelta(days=30), "来不及")
    with pytest.raises(services.WorkflowError, match="应晚于当前"):
        services.request_extension(flow.m5, p.reporter, flow.m5.deadline, "理由")
    assert not Extension.objects.exists()


def test_handover_moves_only_open_items(flow):
    p = flow.people
    h = services.hand_over(flow.ledger.unit, p.office, "leader", "吴正", "郑新", "人员调整")
    assert sorted(h.measure_ids) == sorted([flow.m3.pk, flow.m5.pk])  # m4 is completed: stays with 吴正
    assert set(Measure.objects.filter(leader="郑新").values_list("id", flat=True)) == {flow.m3.pk, flow.m5.pk}
    assert Measure.objects.get(pk=flow.m4.pk).leader == "吴正"
    assert codes(flow.m3) == ["workflow.handover"]
    with pytest.raises(services.WorkflowError, match="没有未完成"):
        services.hand_over(flow.ledger.unit, p.office, "leader", "吴正", "郑新", "再交接")
    with pytest.raises(services.NotAllowed):
        services.hand_over(flow.ledger.unit, p.supervisor, "person", "孙一", "赵六", "调整")
    assert Handover.objects.count() == 1


def test_due_reports_and_missing_reporters(flow):
    unit, p = flow.ledger.unit, flow.people
    today = timezone.localdate()
    due = {d.measure.pk: d for d in queries.due_reports(unit, today)}
    assert set(due) == {flow.m1.pk, flow.m3.pk, flow.m5.pk}  # open items only
    services.report_progress(flow.m5, p.reporter, "本月进展")
    due = {d.measure.pk: d for d in queries.due_reports(unit, today)}
    assert due[flow.m5.pk].reported and due[flow.m5.pk].last_report_on == today
    missing = queries.missing_reporters(unit, today)
    names = {(g.department.name if g.department else None): g for g in missing}
    assert set(names) == {"办公室", "工程科"}
    assert names["办公室"].reporters == [] and [m.pk for m in names["工程科"].measures] == [flow.m3.pk]
    # A reporter's own list: only their departments' measures.
    from zhenggai.ledger.access import access_for

    mine = queries.due_reports(unit, today, access_for(p.reporter, unit))
    assert {d.measure.pk for d in mine} == {flow.m3.pk, flow.m5.pk}


def test_settings_validation(flow):
    with pytest.raises(services.WorkflowError, match="回头看间隔"):
        services.update_settings(flow.ledger.unit, flow.people.office, lookback_days=[0])
    with pytest.raises(services.NotAllowed):
        services.update_settings(flow.ledger.unit, flow.people.leader, cadence="weekly")
    assert services.update_settings(flow.ledger.unit, flow.people.office, cadence="weekly") == ["cadence"]
    assert AuditEvent.objects.filter(action="workflow.settings.update").count() == 1


def test_archived_measure_cannot_be_worked(flow):
    from zhenggai.ledger import services as ledger_services

    ledger_services.archive_measure(flow.m5, flow.people.office)
    with pytest.raises(services.WorkflowError, match="已归档"):
        services.report_progress(flow.m5, flow.people.office, "进展")
    assert Evidence.objects.count() == 0
