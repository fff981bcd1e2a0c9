"""Workflow messages: every event reaches the people it concerns, at once in-app; e-mail by preference."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from zhenggai.cli import main as cli_main
from zhenggai.supervision.models import NoticeLevel, Notification
from zhenggai.supervision.services import set_notice_preference
from zhenggai.workflow import services as wf
from zhenggai.workflow.notices import send_digest


def notes(user):
    return list(Notification.objects.filter(user=user, level=NoticeLevel.NOTICE).order_by("id"))


def test_close_request_return_and_approval_reach_the_right_people(ledger, named, evidence_file,
                                                                 django_capture_on_commit_callbacks):
    m = ledger.measures[4]  # 财务科: the reporter's department
    with django_capture_on_commit_callbacks(execute=True):
        wf.request_close(m, named.reporter, "追回款项已全部入账", [evidence_file()])
    [asked] = notes(named.office)
    assert "待审核销号申请" in asked.title and "冯建国" in asked.body and asked.todo.startswith("审核")
    assert not notes(named.reporter) and not notes(named.supervisor)  # nobody hears of what they did; others not concerned
    assert [msg.to for msg in mail.outbox] == [["office@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        wf.return_for_rework(m, named.office, "缺少入账凭证")
    [returned] = notes(named.reporter)
    assert "被退回" in returned.title and "缺少入账凭证" in returned.body and "重新申请销号" in returned.todo
    with django_capture_on_commit_callbacks(execute=True):
        wf.request_close(m, named.reporter, "已补充入账凭证")
        wf.approve(m, named.office, "材料齐全")
    assert "已销号" in notes(named.reporter)[-1].title
    assert not notes(named.outsider) and not notes(named.inspection)


def test_extension_reopen_lookback_and_handover(ledger, named, evidence_file):
    m5, m4 = ledger.measures[4], ledger.measures[3]
    ext = wf.request_extension(m5, named.reporter, m5.deadline.replace(year=m5.deadline.year + 1), "须待预算批复")
    assert "待审批延期申请" in notes(named.office)[-1].title
    wf.decide_extension(ext, named.office, False, "预算已安排，无需延期")
    last = notes(named.reporter)[-1]
    assert "未获批准" in last.title and "预算已安排" in last.body
    wf.reopen(m4, named.office, "抽查发现仍有超标报销")
    assert "重新打开" in notes(named.reporter)[-1].title and "重新打开" in notes(named.leader)[-1].title
    wf.hand_over(ledger.unit, named.office, "person", "周三", "冯建国", "岗位调整")
    handover = [n for n in notes(named.reporter) if "责任交接" in n.title]
    assert len(handover) == 1 and "周三 → 冯建国" in handover[0].title  # one message for all its measures
    wf.request_close(m4, named.office, "已整改", [evidence_file()])
    wf.approve(m4, named.office, "")
    wf.record_lookback(m4, named.office, "抽查十份报销单，发现一份超标", rebound=True)
    assert "反弹回潮" in notes(named.reporter)[-1].title


def test_refused_verb_leaves_no_message(ledger, named):
    before = Notification.objects.count()
    try:
        wf.return_for_rework(ledger.measures[4], named.office, "没有待审核的申请")
    except wf.WorkflowError:
        pass
    assert Notification.objects.count() == before


def test_daily_digest_and_no_mail(ledger, named, evidence_file, django_capture_on_commit_callbacks, capsys):
    set_notice_preference(named.office, "daily")
    set_notice_preference(named.leader, "none")
    m = ledger.measures[4]
    with django_capture_on_commit_callbacks(execute=True):
        wf.request_close(m, named.reporter, "追回款项已全部入账", [evidence_file()])
    assert not mail.outbox  # the office waits for the digest
    assert cli_main(["digest"]) == 0 and "每日汇总邮件 1 封" in capsys.readouterr().out
    [digest] = mail.outbox
    assert digest.to == ["office@example.org"] and "待审核销号申请" in digest.body and "下一步：审核" in digest.body
    assert send_digest().mails == 0  # nothing twice


def test_notification_page_shows_next_step_and_link(login, ledger, named, evidence_file):
    m = ledger.measures[4]
    wf.request_close(m, named.reporter, "追回款项已全部入账", [evidence_file()])
    wf.return_for_rework(m, named.office, "缺少入账凭证")
    page = login(named.reporter).get(reverse("supervision:notifications")).content.decode()
    assert "下一步：<strong>按退回理由" in page and reverse("workflow:measure", args=[m.id]) in page and "去办理" in page


def test_preference_page(login, named):
    c = login(named.reporter)
    assert c.get(reverse("supervision:notice_preference")).status_code == 200
    r = c.post(reverse("supervision:notice_preference"), {"email": "daily"})
    assert r.status_code == 302
    assert named.reporter.notice_preference.email == "daily"
    assert c.post(reverse("supervision:notice_preference"), {"email": "weekly"}).status_code == 400
