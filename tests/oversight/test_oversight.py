"""Supervision above the units: the dashboard, the 督办 ladder, 回头看 sampling, evaluation,
the ledger-only quality rules, and who may see and do each over the organisation tree."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhenggai.ledger import services as ls
from zhenggai.ledger.models import Finding, LedgerError, Measure, Membership, Role
from zhenggai.oversight import board, evaluation, ledger_rules, services
from zhenggai.oversight.models import CheckResult, Notice, NoticeState
from tests.pages import version_on

TODAY = dt.date.today()


def _client(client, user):
    client.force_login(user)
    return client


# ---- ledger-only rules -------------------------------------------------------------------

def test_ledger_rules_flag_with_evidence_and_stay_quiet_otherwise(city):
    p = ls.add_finding(city.a1, Finding.Level.PROBLEM, "会议记录不全")
    done = ls.add_measure(p, "补齐2025年党组会议记录12份", person="王五", deadline=TODAY, status=Measure.Status.COMPLETED)
    ls.add_finding(city.a1, Finding.Level.PROBLEM, "没有措施的问题")
    ls.add_measure(p, "建立会议记录月检制度", person="", deadline=None)
    flags = ledger_rules.unit_quality([city.a1.id, city.a2.id], TODAY)
    codes = {(f.rule, f.measure_id) for f in flags[city.a1.id].flags}
    assert ("no_evidence", done.id) in codes
    assert ("closed_before_acting", done.id) in codes
    messages = [f.message for f in flags[city.a1.id].flags if f.rule == "coverage"]
    assert any("没有措施的问题" in m for m in messages)
    assert any("缺少责任人、完成时限" in m for m in messages)
    assert "补齐2025年党组会议记录" in next(f.message for f in flags[city.a1.id].flags if f.rule == "no_evidence")
    assert flags[city.a1.id].score < 100
    # The other unit's measure has a person missing only: no evidence rules (nothing closed).
    assert {f.rule for f in flags[city.a2.id].flags} <= {"coverage"}


def test_text_rules_run_on_ledger_measures(city):
    p = ls.add_finding(city.a2, Finding.Level.PROBLEM, "公务用车管理不规范")
    m = ls.add_measure(p, "进一步加强管理，切实提高认识，认真落实要求。", person="赵六", deadline=TODAY + dt.timedelta(days=9))
    flags = ledger_rules.unit_quality([city.a2.id], TODAY)[city.a2.id].flags
    assert ("empty_words", m.id) in {(f.rule, f.measure_id) for f in flags}


def test_evidence_reuse_across_problems(city, django_user_model):
    from zhenggai.workflow.models import Evidence

    m1 = Measure.objects.filter(finding__unit=city.a1).first()
    p2 = ls.add_finding(city.a1, Finding.Level.PROBLEM, "另一个问题")
    m2 = ls.add_measure(p2, "另一条措施", person="甲")
    now = dt.datetime.now(dt.timezone.utc)
    for m, t in ((m1, now), (m2, now + dt.timedelta(seconds=1))):
        Evidence.objects.create(measure=m, uploaded_by=city.office, uploaded_at=t, name="通知.pdf", kind="pdf", size=3,
                                sha256="a" * 64)
    flags = ledger_rules.evidence_reuse([city.a1.id], TODAY)
    assert [(f.rule, f.measure_id) for f in flags] == [("evidence_reuse", m2.id)]
    # The same file twice on one problem is not reuse.
    Evidence.objects.create(measure=m1, uploaded_by=city.office, uploaded_at=now, name="b.pdf", kind="pdf", size=3,
                            sha256="b" * 64)
    Evidence.objects.create(measure=m1, uploaded_by=city.office, uploaded_at=now, name="b.pdf", kind="pdf", size=3,
                            sha256="b" * 64)
    assert len(ledger_rules.evidence_reuse([city.a1.id], TODAY)) == 1


# ---- evaluation ------------------------------------------------------------------------------

def test_evaluation_explains_every_point_and_vetoes():
    e = evaluation.evaluate({"rate_by_problem": 100, "rate_by_measure": 100, "quality": 100}, {})
    assert (e.score, e.grade) == (100, "好")
    e = evaluation.evaluate({"rate_by_problem": 90, "rate_by_measure": 80, "quality": 50, "overdue": 3,
                             "missed_milestones": 1}, {})
    assert e.score == 36 + 24 + 15 - 3 - 5 and e.grade == "一般"
    assert any("逾期未完成措施 3 条" in t and "扣3分" in t for t, _ in e.lines)
    assert evaluation.evaluate({"rate_by_problem": 100, "rate_by_measure": 100, "quality": 100, "mismatches": 3}, {}).grade == "差"
    custom = evaluation.evaluate({"rate_by_problem": 100, "rate_by_measure": 100, "quality": 100},
                                 {"grades": [["优", 101], ["合格", 0]]})
    assert custom.grade == "合格"


# ---- the 督办 ladder ---------------------------------------------------------------------

def _overdue(unit):
    p = ls.add_finding(unit, Finding.Level.PROBLEM, "整改迟缓的问题")
    return ls.add_measure(p, "清理违规发放津贴", person="钱七", deadline=TODAY - dt.timedelta(days=4))


def test_ladder_issue_sign_reply_and_escalate(city):
    _overdue(city.a1)
    n = services.issue_notice(city.office, city.a1)
    assert n.name == "提醒函" and any("清理违规发放津贴" in i["text"] for i in n.items)
    with pytest.raises(LedgerError):
        services.issue_notice(city.office, city.a1)  # one open notice at a time
    with pytest.raises(LedgerError):
        services.sign_notice(city.office, n)  # the 巡察办 does not sign for the unit
    with pytest.raises(LedgerError):
        services.reply_notice(city.unit_office, n, "已经全部整改到位，措施如下")  # sign first
    services.sign_notice(city.unit_office, n)
    # Nobody replies: the day after the deadline it goes up one step.
    made = services.escalate_overdue(n.reply_due + dt.timedelta(days=1))
    n.refresh_from_db()
    assert n.state == NoticeState.ESCALATED and made[0].name == "督办通知书" and n.escalated_to == made[0]
    assert services.escalate_overdue(n.reply_due + dt.timedelta(days=1)) == []  # idempotent
    services.sign_notice(city.unit_office, made[0])
    services.reply_notice(city.unit_office, made[0], "已召开专题会议，10月底前追回全部款项")
    made[0].refresh_from_db()
    assert made[0].state == NoticeState.REPLIED
    assert services.escalate_overdue(made[0].reply_due + dt.timedelta(days=30)) == []
    row = board.rows([city.a1])[0]
    assert row.escalations == 1 and any("督办逾期未答复升级 1 次" in t for t, _ in row.evaluation.lines)


def test_notice_docx_lists_the_items(city, client):
    from docx import Document

    _overdue(city.a1)
    n = services.issue_notice(city.office, city.a1)
    resp = _client(client, city.unit_office).get(reverse("oversight:notice_docx", args=[n.id]))
    assert resp.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "提醒函" in text and "清理违规发放津贴" in text and "市委巡察办" in text


def test_remind_command_escalates(city, capsys):
    from zhenggai.cli import main

    _overdue(city.a1)
    n = services.issue_notice(city.office, city.a1)
    main(["remind", "--today", (n.reply_due + dt.timedelta(days=2)).isoformat()])
    assert "督办升级 1 件" in capsys.readouterr().out
    assert Notice.objects.filter(unit=city.a1, state=NoticeState.ISSUED, name="督办通知书").exists()


# ---- 回头看 sampling ----------------------------------------------------------------------

def _closed(unit, n):
    p = ls.add_finding(unit, Finding.Level.PROBLEM, "已销号的问题")
    return [ls.add_measure(p, f"第{i}项已完成的整改", person="孙", deadline=TODAY, status=Measure.Status.COMPLETED)
            for i in range(n)]


def test_sample_is_reproducible_and_includes_flagged(city):
    _closed(city.a1, 10)
    s1 = services.draw_sample(city.office, city.a1, percent=20, seed=42)
    s2 = services.draw_sample(city.office, city.a1, percent=20, seed=42)
    ids1 = sorted(s1.items.values_list("measure_id", flat=True))
    assert ids1 == sorted(s2.items.values_list("measure_id", flat=True))
    # Every closed item here lacks evidence (a flag), so every one is drawn whatever the share.
    assert len(ids1) == 10 and all(s1.items.values_list("flagged", flat=True))


def test_sample_share_without_flags(city):
    from zhenggai.workflow.models import Evidence, ProgressReport

    ms = _closed(city.a1, 10)
    now = dt.datetime.now(dt.timezone.utc)
    for i, m in enumerate(ms):
        Evidence.objects.create(measure=m, uploaded_by=city.office, uploaded_at=now, name=f"{i}.pdf", kind="pdf", size=1,
                                sha256=f"{i:064d}")
        ProgressReport.objects.create(measure=m, author=city.office, created_at=now, text="已完成")
    s = services.draw_sample(city.office, city.a1, percent=20, seed=7)
    assert s.items.count() == 2 and not any(s.items.values_list("flagged", flat=True))
    with pytest.raises(LedgerError):
        services.draw_sample(city.jiwei, city.a1)  # reading is not sampling


def test_mismatch_reopens_through_the_workflow(city):
    from zhenggai.workflow.models import AuditEvent

    m = _closed(city.a1, 1)[0]
    item = services.draw_sample(city.office, city.a1, seed=1).items.get(measure=m)
    with pytest.raises(LedgerError):
        services.record_check(city.office, item, matches=False, notes="")
    services.record_check(city.office, item, matches=False, notes="现场询问4人，3人不知情")
    m.refresh_from_db()
    item.refresh_from_db()
    assert m.status == Measure.Status.IN_PROGRESS and item.result == CheckResult.MISMATCH
    assert AuditEvent.objects.filter(measure=m, action="workflow.lookback.rebound", reason__contains="3人不知情").exists()
    assert board.rows([city.a1])[0].mismatches == 1


# ---- the dashboard ---------------------------------------------------------------------

def test_dashboard_figures_match_the_one_definition(city, client):
    from zhenggai.ledger import figures

    _overdue(city.a1)
    resp = _client(client, city.office).get(reverse("oversight:dashboard"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert city.a1.name in body and city.a2.name in body
    assert city.b1.name not in body and city.c1.name not in body  # another body's rounds
    f = figures.unit_figures(city.a1, today=TODAY)
    row = next(r for r in resp.context["rows"] if r.unit == city.a1)
    assert row.figures.named() == f.named() and row.overdue == 1


def test_dashboard_queries_do_not_grow_with_units(city, client):
    c = _client(client, city.office)
    c.get(reverse("oversight:dashboard"))
    with CaptureQueriesContext(connection) as few:
        c.get(reverse("oversight:dashboard"))
    for i in range(6):
        u = ls.unit_named(city.ra, f"中共某市第{i}局党组")
        _overdue(u)
        _closed(u, 2)
    with CaptureQueriesContext(connection) as many:
        c.get(reverse("oversight:dashboard"))
    assert len(many) <= len(few) + 2, (len(few), len(many))


def test_xlsx_export_escapes_formulas(city, client):
    p = ls.add_finding(city.a1, Finding.Level.PROBLEM, "=HYPERLINK(\"x\")问题")
    ls.add_measure(p, "=1+1", person="")
    c = _client(client, city.office)
    job = c.post(reverse("oversight:xlsx"))  # a background 生成任务 (tests/oversight/test_jobs.py)
    resp = c.get(job["Location"] + "download/")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    assert {"整改监督看板", "质量提示", "成效评估"} <= set(wb.sheetnames)
    cells = [c.value for row in wb["质量提示"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    units = [r[1].value for r in wb["整改监督看板"].iter_rows(min_row=2)]
    assert sorted(units) == sorted([city.a1.name, city.a2.name])


def test_filters_and_charts(city, client):
    c = _client(client, city.upper)  # the 省委巡视办 reads lower bodies
    resp = c.get(reverse("oversight:dashboard"), {"body": city.city_office.id})
    names = {r.unit.name for r in resp.context["rows"]}
    assert names == {city.a1.name, city.a2.name}
    assert {r.unit.name for r in c.get(reverse("oversight:dashboard")).context["rows"]} >= {city.b1.name, city.c1.name}
    # Nothing is done yet: every unit grades 差, none 好.
    assert c.get(reverse("oversight:dashboard"), {"grade": "好"}).context["rows"] == []
    assert {r.evaluation.grade for r in c.get(reverse("oversight:dashboard"), {"grade": "差"}).context["rows"]} == {"差"}
    for name in ("rates", "trend"):
        svg = c.get(reverse("oversight:chart", args=[name]))
        assert svg.status_code == 200 and svg.content.startswith(b"<?xml")


# ---- permissions over the tree ---------------------------------------------------------

@pytest.mark.parametrize("who, dashboard, a1_page, c1_page", [
    ("office", 200, 200, 404), ("jiwei", 200, 200, 404), ("zuzhibu", 200, 200, 404), ("upper", 200, 200, 200),
    ("unit_office", 403, 200, 404), ("unit_reporter", 403, 403, 404), ("nobody", 404, 404, 404),
    ("expired", 404, 404, 404), ("round_only", 200, 404, 404),
])
def test_who_sees_what(city, client, who, dashboard, a1_page, c1_page):
    c = _client(client, getattr(city, who))
    assert c.get(reverse("oversight:dashboard")).status_code == dashboard
    assert c.get(reverse("oversight:unit", args=[city.a1.id])).status_code == a1_page
    assert c.get(reverse("oversight:unit", args=[city.c1.id])).status_code == c1_page
    assert c.get(reverse("oversight:unit", args=[999999])).status_code == 404
    if dashboard == 200 and who != "upper":
        # Guessed ids of another body's round, or of another body, reveal nothing.
        assert c.get(reverse("oversight:dashboard"), {"round": city.rc.id}).status_code == 404
        assert c.get(reverse("oversight:xlsx"), {"body": city.rc.body_id}).status_code == 404


@pytest.mark.parametrize("who, status", [("jiwei", 403), ("zuzhibu", 403), ("upper", 403), ("unit_office", 403),
                                         ("nobody", 404), ("round_only", 404)])
def test_only_the_round_office_issues_and_draws(city, client, who, status):
    _overdue(city.a1)
    _closed(city.a1, 1)
    c = _client(client, getattr(city, who))
    assert c.post(reverse("oversight:issue", args=[city.a1.id])).status_code == status
    assert c.post(reverse("oversight:draw", args=[city.a1.id])).status_code == status
    assert not Notice.objects.exists()


def test_units_see_only_their_own_notices(city, client):
    _overdue(city.a1)
    n = services.issue_notice(city.office, city.a1)
    Membership.objects.create(user=city.nobody, unit=city.a2, role=Role.OFFICE)
    c = _client(client, city.nobody)  # now 整改办 of another unit of the same round
    assert c.get(reverse("oversight:notice_docx", args=[n.id])).status_code == 404
    assert c.post(reverse("oversight:sign", args=[n.id])).status_code == 404
    assert "提醒函" not in c.get(reverse("oversight:unit", args=[city.a2.id])).content.decode()
    c = _client(client, city.jiwei)
    assert c.post(reverse("oversight:sign", args=[n.id])).status_code == 403
    n.refresh_from_db()
    assert n.state == NoticeState.ISSUED


# ---- settings, checkers, notifications, the remaining rules ------------------------------------

def test_round_settings_page(city, client):
    url = reverse("oversight:round_settings", args=[city.ra.id])
    assert _client(client, city.jiwei).get(url).status_code == 403
    assert _client(client, city.nobody).get(url).status_code == 404
    c = _client(client, city.office)
    assert "提醒函" in c.get(url).content.decode()
    form = {"steps": "提醒书\n告诫书", "reply_days": "5", "sample_percent": "30", "per_overdue": "2",
            "per_mismatch": "5", "per_milestone": "5", "per_escalation": "2", "good": "95", "fair": "85", "pass": "70"}
    assert c.post(url, {**form, "fair": "99", "version": version_on(c, url)}).status_code == 400  # cut-offs must fall
    loaded = version_on(c, url)
    assert c.post(url, form).status_code == 400  # no version: refused, nothing saved
    assert c.post(url, {**form, "version": loaded}).status_code == 302
    # A second form opened before that save is refused rather than overwriting it.
    r = c.post(url, {**form, "reply_days": "9", "version": loaded})
    assert r.status_code == 400 and "为免覆盖他人的修改" in r.content.decode()
    _overdue(city.a1)
    n = services.issue_notice(city.office, city.a1)
    assert n.name == "提醒书" and (n.reply_due - TODAY).days == 5
    row = board.rows([city.a1])[0]
    assert any("每条扣2分" in t for t, _ in row.evaluation.lines)
    made = services.escalate_overdue(n.reply_due + dt.timedelta(days=1))
    assert made[0].name == "告诫书"
    # The last step stays the last step, and reaching it is a veto.
    again = services.escalate_overdue(made[0].reply_due + dt.timedelta(days=1))
    assert again[0].name == "告诫书" and board.rows([city.a1])[0].evaluation.grade == "差"
    with pytest.raises(LedgerError):
        services.set_round_settings(city.office, city.ra, [], 5, 20)


def test_issue_notifies_the_unit_office(city):
    from zhenggai.supervision.models import Notification

    _overdue(city.a1)
    services.issue_notice(city.office, city.a1)
    note = Notification.objects.get(user=city.unit_office)
    assert "提醒函" in note.title and note.unit == city.a1
    assert not Notification.objects.filter(user=city.unit_reporter).exists()


def test_checker_must_be_of_the_round_office(city, django_user_model):
    from zhenggai.ledger.models import Grant, GrantRole

    _closed(city.a1, 2)
    with pytest.raises(LedgerError):
        services.draw_sample(city.office, city.a1, checker=city.jiwei)
    colleague = django_user_model.objects.create_user(username="tongshi", password="x", last_name="周")
    Grant.objects.create(user=colleague, role=GrantRole.INSPECTION_OFFICE, body=city.city_office)
    assert colleague in services.checkers(city.ra) and city.jiwei not in services.checkers(city.ra)
    s = services.draw_sample(city.office, city.a1, checker=colleague, seed=3)
    assert set(s.items.values_list("checker", flat=True)) == {colleague.id}


def test_unreported_agrees_with_the_workflow(city):
    from zhenggai.workflow.models import ProgressReport
    from zhenggai.workflow.queries import due_reports

    p = ls.add_finding(city.a1, Finding.Level.PROBLEM, "报送的问题")
    reported = ls.add_measure(p, "已报送的措施", person="甲", status=Measure.Status.IN_PROGRESS)
    ls.add_measure(p, "未报送的措施", person="乙")
    ProgressReport.objects.create(measure=reported, author=city.office, created_at=dt.datetime.now(dt.timezone.utc), text="x")
    expected = sum(1 for d in due_reports(city.a1, TODAY) if not d.reported)
    assert board.rows([city.a1])[0].unreported == expected == 2  # the fixture's measure and 未报送的措施


def test_deadline_rush_and_stale_long_term(city):
    from zhenggai.workflow.models import AuditEvent

    ms = _closed(city.a1, 5)
    day = TODAY - dt.timedelta(days=2)
    at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone.utc)
    for m in ms:
        m.deadline = day + dt.timedelta(days=1)
        m.save(update_fields=["deadline"])
        ev = AuditEvent.objects.create(unit=city.a1, actor=city.unit_office, at=at, action="workflow.close.approve", measure=m,
                                       data={"to": "closed"})
        AuditEvent.objects.filter(pk=ev.pk).update(at=at)
    flags = ledger_rules.deadline_rush([city.a1.id], TODAY)
    assert len(flags) == 1 and "销号 5 项" in flags[0].message
    AuditEvent.objects.filter(measure=ms[0]).update(at=at - dt.timedelta(days=5))
    assert ledger_rules.deadline_rush([city.a1.id], TODAY) == []  # four in a day is no burst

    p = ls.add_finding(city.a2, Finding.Level.PROBLEM, "长期坚持的问题")
    lt = ls.add_measure(p, "每季度开展一次警示教育", person="丙", kind=Measure.Kind.LONG_TERM, status=Measure.Status.LONG_TERM)
    lt.review_date = TODAY - dt.timedelta(days=10)
    lt.save(update_fields=["review_date"])
    assert [f.measure_id for f in ledger_rules.stale_long_term([city.a2.id], TODAY)] == [lt.id]
    from zhenggai.workflow.models import ProgressReport

    ProgressReport.objects.create(measure=lt, author=city.office, created_at=dt.datetime.now(dt.timezone.utc), text="已开展")
    assert ledger_rules.stale_long_term([city.a2.id], TODAY) == []


def test_photos_follow_the_evidence_rules(city, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = str(tmp_path)
    m = _closed(city.a1, 1)[0]
    item = services.draw_sample(city.office, city.a1, seed=1).items.get(measure=m)
    c = _client(client, city.office)
    url = reverse("oversight:record", args=[item.id])
    fake = SimpleUploadedFile("现场.png", b"not a picture at all")
    c.post(url, {"result": "match", "notes": "", "photos": fake})
    item.refresh_from_db()
    assert item.result == CheckResult.PENDING  # refused whole, nothing changed
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    c.post(url, {"result": "match", "notes": "现场核实", "photos": SimpleUploadedFile("现场.png", png)})
    item.refresh_from_db()
    assert item.result == CheckResult.MATCH and item.photos[0]["name"] == "现场.png"
    assert (tmp_path / "evidence" / item.photos[0]["sha256"][:2] / item.photos[0]["sha256"]).exists()
    m.refresh_from_db()
    assert m.status == Measure.Status.COMPLETED  # a match keeps the item closed
    wb = openpyxl.load_workbook(io.BytesIO(c.get(reverse("oversight:samples_xlsx", args=[city.a1.id])).content))
    assert [c.value for c in wb.active[2]][7] == "与销号情况相符"


def test_evidence_reuse_across_units_seen_from_one_unit(city):
    from zhenggai.workflow.models import Evidence

    now = dt.datetime.now(dt.timezone.utc)
    m_other = Measure.objects.filter(finding__unit=city.a2).first()
    m_mine = Measure.objects.filter(finding__unit=city.a1).first()
    Evidence.objects.create(measure=m_other, uploaded_by=city.office, uploaded_at=now, name="会议纪要.pdf", kind="pdf",
                            size=3, sha256="c" * 64)
    Evidence.objects.create(measure=m_mine, uploaded_by=city.office, uploaded_at=now + dt.timedelta(seconds=1),
                            name="纪要.pdf", kind="pdf", size=3, sha256="c" * 64)
    flags = ledger_rules.evidence_reuse([city.a1.id], TODAY)
    assert [f.measure_id for f in flags] == [m_mine.id] and "另一单位" in flags[0].message
    assert ledger_rules.evidence_reuse([city.a2.id], TODAY) == []  # the first use is not the copy


def test_dashboard_counts_flags_by_rule(city, client):
    _closed(city.a1, 2)
    _closed(city.a2, 1)
    resp = _client(client, city.office).get(reverse("oversight:dashboard"))
    rules = {code: (n, units) for code, _, n, units in resp.context["totals"]["rules"]}
    assert rules["no_evidence"] == (3, 2)
    page = resp.content.decode()
    assert "<td>销号无佐证</td>" in page and "no_evidence" not in page  # the rule by its name, no code


def test_demo_city_has_a_notice_and_a_sample(db):
    from zhenggai.ledger import demo
    from zhenggai.oversight.models import Sample

    demo.load_demo()
    assert Notice.objects.filter(state=NoticeState.SIGNED).count() == 1
    assert Sample.objects.count() == 1 and Sample.objects.get().items.filter(result=CheckResult.MATCH).count() == 1
    demo.load_demo()
    assert Notice.objects.count() == 1 and Sample.objects.count() == 1


def test_quality_score_is_the_mean_over_problems(city):
    # a1 has its fixture problem (clean but for no deadline) and one problem whose closed measure has two flags.
    base = ledger_rules.unit_quality([city.a1.id], TODAY)[city.a1.id]
    lost_before = 100 - base.score
    p = ls.add_finding(city.a1, Finding.Level.PROBLEM, "第二个问题")
    ls.add_measure(p, "补齐2025年会议记录12份", person="王", deadline=TODAY, status=Measure.Status.COMPLETED)
    q = ledger_rules.unit_quality([city.a1.id], TODAY)[city.a1.id]
    second = sum(f.weight for f in q.flags if f.finding_id == p.id)
    assert second == 20 + 15  # no_evidence + closed_before_acting
    assert q.score == round(((100 - lost_before) + (100 - second)) / 2)
