"""Workflow pages: HTMX answers with the same partial, bad input changes nothing, the ledger shows markers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhenggai.ledger.models import Measure
from zhenggai.workflow import services
from zhenggai.workflow.models import (
    AuditEvent,
    CloseRequest,
    Extension,
    Handover,
    ProgressReport,
    WorkflowSettings,
)

from .conftest import PDF, upload
from tests.pages import version_on

HX = {"HTTP_HX_REQUEST": "true"}


def test_measure_page_shows_everything(flow, login, pdf):
    p, m5 = flow.people, flow.m5
    services.report_progress(m5, p.reporter, "追回一半款项", 50, [pdf()])
    ext = services.request_extension(m5, p.reporter, m5.deadline + dt.timedelta(days=30), "等待司法程序")
    services.decide_extension(ext, p.office, True, "同意")
    services.request_close(m5, p.reporter, "全部追回")
    services.return_for_rework(m5, p.office, "缺少银行回单")
    services.comment(m5, p.supervisor, "关注追回进度")
    page = login(p.office).get(f"/flow/measures/{m5.pk}/").content.decode()
    for text in ("整改中", "追回一半款项", "完成 50%", "整改报告.pdf", "等待司法程序", "原定", "缺少银行回单",
                 "关注追回进度", "退回整改", "批准延期", "台账变更记录", "申请销号"):
        assert text in page, text
    # The HTMX refresh is the same partial, without the page around it.
    part = login(p.office).get(f"/flow/measures/{m5.pk}/", **HX).content.decode()
    assert part.lstrip().startswith("{#") is False and 'id="flow"' in part and "<html" not in part


def test_htmx_action_answers_with_partial_and_error(flow, login):
    client = login(flow.people.reporter)
    r = client.post(f"/flow/measures/{flow.m5.pk}/report/", {"text": "  "}, **HX)
    body = r.content.decode()
    assert r.status_code == 200 and 'id="flow"' in body and "请填写进展情况" in body
    assert not ProgressReport.objects.exists()
    r = client.post(f"/flow/measures/{flow.m5.pk}/report/", {"text": "按计划推进", "percent": "30"}, **HX)
    assert "进展已报送" in r.content.decode() and "按计划推进" in r.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("report", {"text": "x", "percent": "百分之五十"}, "完成比例格式不正确"),
        ("report", {"text": "x", "percent": "150"}, "完成比例不能大于 100"),
        ("extension", {"new_deadline": "明年某天", "reason": "r"}, "无法识别"),
        ("extension", {"new_deadline": "2020-02-30", "reason": "r"}, ""),
        ("extension", {"reason": "r"}, "请填写申请延至"),
        ("long_term", {"review_date": "2020-01-01", "reason": "r"}, "复核日期应晚于今天"),
        ("close", {"summary": "已完成"}, "须附佐证材料"),
        ("approve", {}, "当前状态为“整改中”，不能审核通过"),
        ("report", {"text": "x" * 5001}, "进展情况过长"),
    ],
)
def test_bad_input_changes_nothing(flow, login, action, data, message):
    before = (AuditEvent.objects.count(), Measure.objects.get(pk=flow.m5.pk).deadline)
    r = login(flow.people.office).post(f"/flow/measures/{flow.m5.pk}/{action}/", data, **HX)
    body = r.content.decode()
    assert r.status_code == 200 and 'class="messages error"' in body
    assert message in body
    assert (AuditEvent.objects.count(), Measure.objects.get(pk=flow.m5.pk).deadline) == before
    assert not CloseRequest.objects.exists() and not Extension.objects.exists()


def test_non_htmx_error_redirects_with_message(flow, login):
    r = login(flow.people.office).post(f"/flow/measures/{flow.m5.pk}/approve/", {}, follow=True)
    assert "不能审核通过" in r.content.decode()


def test_ledger_rows_link_and_mark_lookbacks(flow, login, pdf):
    p = flow.people
    services.record_lookback(flow.m4, p.office, "未反弹", False)
    ext = services.request_extension(flow.m5, p.reporter, flow.m5.deadline + dt.timedelta(days=10), "理由")
    services.decide_extension(ext, p.office, True)
    page = login(p.office).get(f"/units/{flow.ledger.unit.pk}/").content.decode()
    assert f"/flow/measures/{flow.m4.pk}/" in page and "已回头看" in page and "原定" in page
    assert "整改待办" in page
    assert "待审核销号" not in page
    services.report_progress(flow.m3, p.reporter, "进展", files=[pdf()])
    services.request_close(flow.m3, p.reporter, "已完成")
    page = login(p.office).get(f"/units/{flow.ledger.unit.pk}/").content.decode()
    assert page.count("待审核销号") == 1
    problem = login(p.office).get(f"/problems/{flow.ledger.problems[0].pk}/").content.decode()
    assert f"/flow/measures/{flow.m1.pk}/" in problem


def test_inbox_for_office_reporter_leader(flow, login, pdf):
    p, unit = flow.people, flow.ledger.unit
    services.update_settings(unit, p.office, leader_approval=True)
    services.report_progress(flow.m5, p.reporter, "进展", files=[pdf()])
    services.request_close(flow.m5, p.reporter, "已完成")
    office = login(p.office).get(f"/flow/units/{unit.pk}/").content.decode()
    assert "待我审核的销号申请（1）" in office and "本期未报送的部门" in office and "工程科" in office
    reporter = login(p.reporter).get(f"/flow/units/{unit.pk}/").content.decode()
    assert "本期应报送进展" in reporter and flow.m3.text in reporter and flow.m1.text not in reporter
    assert "待我审核" not in reporter
    services.approve(flow.m5, p.office)
    leader = login(p.leader).get(f"/flow/units/{unit.pk}/").content.decode()
    assert "待我审核的销号申请（1）" in leader and "待分管领导审批" in leader


def test_settings_page(flow, login):
    client = login(flow.people.office)
    unit = flow.ledger.unit.pk
    page = client.get(f"/flow/units/{unit}/settings/").content.decode()
    assert "销号流程状态表" in page and "90,180" in page
    r = client.post(f"/flow/units/{unit}/settings/", {"cadence": "weekly", "extension_approver": "both", "lookback_days": "九十"})
    assert "回头看间隔应为天数" in r.content.decode()
    assert WorkflowSettings.objects.get(unit=unit).cadence == "monthly"
    r = client.post(f"/flow/units/{unit}/settings/", {"cadence": "hourly", "extension_approver": "both", "lookback_days": ""})
    assert "报送周期选项无效" in r.content.decode()
    r = client.post(f"/flow/units/{unit}/settings/", {"cadence": "weekly", "acceptance": "on", "extension_approver": "both", "lookback_days": "180，90",
                                                      "version": version_on(client, f"/flow/units/{unit}/settings/")})
    cfg = WorkflowSettings.objects.get(unit=unit)
    assert r.status_code == 302 and cfg.cadence == "weekly" and cfg.acceptance and cfg.lookback_days == [90, 180]


def test_handover_page(flow, login):
    client = login(flow.people.office)
    unit = flow.ledger.unit.pk
    page = client.get(f"/flow/units/{unit}/handover/").content.decode()
    assert '<option value="吴正">' in page  # names come from the ledger, not typed again
    r = client.post(f"/flow/units/{unit}/handover/", {"field": "person", "predecessor": "没有这人", "successor": "王五", "reason": "调整"})
    assert "没有未完成的整改措施" in r.content.decode() and not Handover.objects.exists()
    r = client.post(f"/flow/units/{unit}/handover/", {"field": "person", "predecessor": "周三", "successor": "王五", "reason": "调整"}, follow=True)
    assert "1 条未完成措施交接给 王五" in r.content.decode()
    assert Measure.objects.get(pk=flow.m5.pk).person == "王五" and Measure.objects.get(pk=flow.m4.pk).person == "周三"


def test_multiple_files_limit(flow, login):
    files = [upload(f"{i}.pdf", PDF + str(i).encode()) for i in range(11)]
    r = login(flow.people.office).post(f"/flow/measures/{flow.m5.pk}/report/", {"text": "x", "files": files}, **HX)
    assert "一次最多上传 10 个文件" in r.content.decode() and not ProgressReport.objects.exists()


def test_today_is_local(flow):
    assert services._today() == timezone.localdate()


def test_demo_has_workflow_records(db, client, settings, tmp_path):
    from zhenggai.ledger import demo
    from zhenggai.workflow.models import Approval, Lookback

    settings.DATA_DIR = tmp_path / "data"
    unit = demo.load_demo()
    assert CloseRequest.objects.filter(measure__finding__unit=unit, state="pending").count() == 1
    assert list(Approval.objects.filter(request__measure__finding__unit=unit).order_by("id").values_list("decision", flat=True)) == [
        "returned", "approved", "approved",
    ]
    assert Lookback.objects.filter(measure__finding__unit=unit, state="done").count() == 2
    assert Extension.objects.filter(measure__finding__unit=unit, state="pending").count() == 1
    client.login(username="caiwu", password=demo.DEMO_PASSWORD)
    assert "本期应报送进展" in client.get(f"/flow/units/{unit.pk}/").content.decode()
    demo.load_demo()  # reloading archives the old ledger and adds the workflow records again


def test_hostile_extension_decision_changes_nothing(flow, login):
    ext = services.request_extension(flow.m5, flow.people.reporter, flow.m5.deadline + dt.timedelta(days=9), "理由")
    client = login(flow.people.office)
    r = client.post(f"/flow/extensions/{ext.pk}/decide/", {"decision": "approve'; DROP TABLE x;--"}, **HX)
    assert "审批结论选项无效" in r.content.decode()
    r = client.post(f"/flow/extensions/{ext.pk}/decide/", {"decision": "refuse", "reason": ""}, **HX)
    assert "请填写不予批准的理由" in r.content.decode()
    ext.refresh_from_db()
    assert ext.state == "pending" and Measure.objects.get(pk=flow.m5.pk).original_deadline is None
    assert client.post("/flow/extensions/abc/decide/").status_code == 404
    assert client.post("/flow/extensions/999999/decide/", {"decision": "approve"}).status_code == 404


def test_files_field_given_as_text_is_ignored(flow, login):
    r = login(flow.people.office).post(f"/flow/measures/{flow.m5.pk}/close/", {"summary": "已完成", "files": "/etc/passwd"}, **HX)
    assert "须附佐证材料" in r.content.decode() and not CloseRequest.objects.exists()
