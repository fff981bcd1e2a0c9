"""No lost update: two sessions load the same form, both save: the second is refused, names who changed
what, and overwrites nothing (neither the first's data nor a progress report made in between).

Before the version token the later save silently won and both saw 已保存.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from zhenggai.ledger.models import Measure, Membership, Role

HX = {"HTTP_HX_REQUEST": "true"}
STALE = "为免覆盖他人的修改，您的内容没有保存"


@pytest.fixture
def two_offices(people, ledger, django_user_model):
    """Two 整改办 staff in two browser sessions: 王芳 (people.office, named) and 李明."""
    people.office.last_name, people.office.first_name = "王", "芳"
    people.office.save()
    other = django_user_model.objects.create_user("office2", password=PASSWORD, last_name="李", first_name="明")
    Membership.objects.create(user=other, unit=ledger.unit, role=Role.OFFICE)
    sessions = []
    for user in (people.office, other):
        c = Client()
        c.force_login(user)
        sessions.append(c)
    return sessions


def _form_values(html: str) -> dict[str, str]:
    """The fields as the browser would post them back (inputs, selects, textareas, checked boxes)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="checkbox"' in tag and "checked" not in tag or "csrfmiddlewaretoken" in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        data[name] = body
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def _version(html: str) -> str:
    return re.search(r'name="version" value="([^"]*)"', html).group(1)


def test_edit_forms_carry_the_version_they_were_loaded_from(two_offices, ledger):
    a, _ = two_offices
    m = ledger.measures[0]
    url = reverse("ledger:measure_edit", args=[m.id])
    full, inline = a.get(url).content.decode(), a.get(url, **HX).content.decode()
    assert _version(full) == _version(inline) == str(m.history.latest().history_id)
    assert 'type="hidden" name="version"' in full
    draft = a.get(reverse("reports:draft", args=[ledger.unit.id, "progress"])).content.decode()
    assert _version(draft) == "new"  # no draft stored yet


def test_second_full_form_save_is_refused_and_the_first_survives(two_offices, ledger):
    a, b = two_offices
    m = ledger.measures[0]
    url = reverse("ledger:measure_edit", args=[m.id])
    form_a, form_b = _form_values(a.get(url).content.decode()), _form_values(b.get(url).content.decode())
    assert form_a["version"] == form_b["version"]
    r = a.post(url, {**form_a, "deadline": "2031-03-31", "person": "孙二"})
    assert r.status_code == 302
    r = b.post(url, {**form_b, "progress": "乙的进展", "leader": "钱力"})
    body = r.content.decode()
    assert r.status_code == 200 and STALE in body
    assert "王芳" in body and "完成时限" in body and "责任人" in body  # who changed what since
    assert "已保存" not in body
    m.refresh_from_db()
    assert (str(m.deadline), m.person, m.progress, m.leader) == ("2031-03-31", "孙二", "", "钱立")
    # Reloaded, the second session saves on top of the first.
    fresh = _form_values(b.get(url).content.decode())
    assert b.post(url, {**fresh, "progress": "乙的进展"}).status_code == 302
    m.refresh_from_db()
    assert (str(m.deadline), m.progress) == ("2031-03-31", "乙的进展")


def test_stale_office_form_does_not_wipe_a_progress_report_made_in_between(two_offices, ledger, people, login):
    from zhenggai.workflow.models import ProgressReport

    a, _ = two_offices
    m = ledger.measures[4]  # 财务科 leads it: the reporter reports on it
    assert m.status == Measure.Status.NOT_STARTED
    url = reverse("ledger:measure_edit", args=[m.id])
    stale_full = _form_values(a.get(url).content.decode())
    stale_row = _form_values(a.get(url, **HX).content.decode())
    people.reporter.first_name, people.reporter.last_name = "一", "周"
    people.reporter.save()
    reporter = Client()
    reporter.force_login(people.reporter)
    r = reporter.post(reverse("workflow:act", args=[m.id, "report"]), {"text": "已追回两笔款项", "percent": "40"})
    assert r.status_code in (200, 302)
    m.refresh_from_db()
    assert m.status == Measure.Status.IN_PROGRESS and m.progress == "已追回两笔款项"
    r = a.post(url, {**stale_full, "text": "对违规报销款项全部追回"})
    assert r.status_code == 200 and STALE in r.content.decode() and "周一" in r.content.decode()
    assert "整改状态" in r.content.decode() and "整改进展" in r.content.decode()
    r = a.post(url, {**stale_row, "deadline": "2030-01-01"}, **HX)
    body = r.content.decode()
    assert r.status_code == 200 and STALE in body and "<form" not in body and 'name="version"' in body  # the row stays open
    m.refresh_from_db()
    assert m.status == Measure.Status.IN_PROGRESS and m.progress == "已追回两笔款项"
    assert m.text == "对违规报销款项予以追回" and str(m.deadline) != "2030-01-01"
    assert ProgressReport.objects.filter(measure=m).count() == 1


def test_inline_row_edits_race_the_same_way(two_offices, ledger):
    a, b = two_offices
    m = ledger.measures[2]
    url = reverse("ledger:measure_edit", args=[m.id])
    row_a, row_b = (_form_values(c.get(url, **HX).content.decode()) for c in (a, b))
    assert a.post(url, {**row_a, "person": "甲改的"}, **HX).status_code == 200
    r = b.post(url, {**row_b, "person": "乙改的"}, **HX)
    assert STALE in r.content.decode() and "王芳" in r.content.decode()
    m.refresh_from_db()
    assert m.person == "甲改的"
    history = list(m.history.order_by("history_id").values_list("person", flat=True))
    assert "乙改的" not in history


def test_narrative_form_second_save_is_refused(two_offices, ledger):
    from zhenggai.reports.models import ReportDraft

    a, b = two_offices
    url = reverse("reports:draft", args=[ledger.unit.id, "progress"])
    base = {"as_of": "2025-06-30", "basic": "", "next_steps": "", "phone": "", "address": "", "postcode": "", "email": ""}
    va, vb = _version(a.get(url).content.decode()), _version(b.get(url).content.decode())
    assert va == vb == "new"
    assert a.post(url, {**base, "basic": "甲写的基本情况", "version": va}).status_code == 302
    r = b.post(url, {**base, "basic": "乙写的基本情况", "version": vb})
    assert r.status_code == 422 and STALE in r.content.decode() and "王芳" in r.content.decode()
    assert ReportDraft.objects.get(unit=ledger.unit, kind="progress").basic == "甲写的基本情况"
    # Both load the saved draft; the first saves again, the second's stale copy is refused again.
    va, vb = _version(a.get(url).content.decode()), _version(b.get(url).content.decode())
    assert va == vb != "new"
    assert a.post(url, {**base, "basic": "甲改过", "phone": "0000-1111111", "version": va}).status_code == 302
    r = b.post(url, {**base, "basic": "乙改过", "version": vb})
    body = r.content.decode()
    assert r.status_code == 422 and STALE in body and "整改工作基本情况" in body and "联系电话" in body
    draft = ReportDraft.objects.get(unit=ledger.unit, kind="progress")
    assert (draft.basic, draft.phone) == ("甲改过", "0000-1111111")


def test_a_fresh_form_saves_normally(two_offices, ledger):
    a, _ = two_offices
    m = ledger.measures[0]
    url = reverse("ledger:measure_edit", args=[m.id])
    for _ in range(2):  # load, save, load again, save again
        form = _form_values(a.get(url).content.decode())
        r = a.post(url, {**form, "progress": form.get("progress", "") + "又一步"})
        assert r.status_code == 302
    m.refresh_from_db()
    assert m.progress == "又一步又一步"


def test_warning_rule_forms_refuse_a_stale_save(two_offices, ledger, people):
    from zhenggai.supervision.models import WarningRule

    a, b = two_offices
    url = reverse("supervision:rule", args=[ledger.unit.id])
    form_a, form_b = _form_values(a.get(url).content.decode()), _form_values(b.get(url).content.decode())
    assert form_a["version"] == form_b["version"] == "new"
    rule = {"green_days": "15", "yellow_days": "5", "green_to": "reporter", "yellow_to": "leader", "red_to": "office"}
    assert a.post(url, {**rule, "version": form_a["version"]}).status_code == 302
    r = b.post(url, {**rule, "green_days": "40", "version": form_b["version"]})
    assert STALE in r.content.decode() and "王芳" in r.content.decode() and "新建了这条记录" in r.content.decode()
    assert WarningRule.objects.get(unit=ledger.unit).green_days == 15
    # The round's rule (巡察办) the same way.
    c1, c2 = Client(), Client()
    c1.force_login(people.inspection)
    c2.force_login(people.inspection)
    url = reverse("supervision:round_rule", args=[ledger.round.id])
    v1, v2 = _version(c1.get(url).content.decode()), _version(c2.get(url).content.decode())
    assert c1.post(url, {**rule, "green_days": "25", "version": v1}).status_code == 302
    assert c1.post(url, {**rule, "green_days": "26", "version": _version(c1.get(url).content.decode())}).status_code == 302
    r = c2.post(url, {**rule, "green_days": "30", "version": v2})
    assert STALE in r.content.decode() and "绿色提示：到期前天数" in r.content.decode()
    assert WarningRule.objects.get(inspection=ledger.round).green_days == 26


def test_workflow_settings_form_refuses_a_stale_save(two_offices, ledger):
    from zhenggai.workflow.models import WorkflowSettings

    a, b = two_offices
    url = reverse("workflow:settings", args=[ledger.unit.id])
    form_a, form_b = _form_values(a.get(url).content.decode()), _form_values(b.get(url).content.decode())
    assert form_a["version"] == form_b["version"] != "new"
    assert a.post(url, {**form_a, "cadence": "weekly" if form_a["cadence"] != "weekly" else "monthly",
                        "lookback_days": "60"}).status_code == 302
    r = b.post(url, {**form_b, "leader_approval": "on"})
    body = r.content.decode()
    assert STALE in body and "王芳" in body and "回头看间隔" in body
    cfg = WorkflowSettings.objects.get(unit=ledger.unit)
    assert cfg.lookback_days == [60] and not cfg.leader_approval


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_is_refused(django_user_model):
    """Real concurrency (PostgreSQL row locks): both loaded version N, both save at once; exactly one wins."""
    import threading
    import time

    from django.db import connection, connections

    from zhenggai.ledger import services, versions
    from zhenggai.ledger.models import Finding

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested; SQLite serialises the whole database instead")
    rnd = services.round_named("并发测试轮次")
    unit = services.unit_named(rnd, "并发测试单位")
    problem = services.add_finding(unit, Finding.Level.PROBLEM, "并发问题")
    m = services.add_measure(problem, "并发措施", person="甲")
    token = versions.token_for(m)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(person: str, hold: float) -> None:
        try:
            mine = Measure.objects.get(pk=m.pk)
            start.wait()
            try:
                with versions.editing(mine, token, "这条整改措施"):
                    time.sleep(hold)  # the first one in holds the row while the other arrives
                    services.update_measure(mine, None, person=person)
                outcomes[person] = "saved"
            except versions.StaleEdit:
                outcomes[person] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=("乙", 0.5)), threading.Thread(target=save, args=("丙", 0.5))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    m.refresh_from_db()
    assert outcomes[m.person] == "saved"


def test_issuing_words_changed_since_the_page_loaded_is_refused(two_offices, ledger):
    from zhenggai.reports.models import IssuedReport

    a, b = two_offices
    url = reverse("reports:draft", args=[ledger.unit.id, "progress"])
    issue = reverse("reports:issue", args=[ledger.unit.id, "progress"])
    base = {"as_of": "2025-06-30", "basic": "甲的基本情况", "next_steps": "", "phone": "", "address": "", "postcode": "",
            "email": ""}
    assert a.post(url, {**base, "version": _version(a.get(url).content.decode())}).status_code == 302
    page_a = a.get(url).content.decode()
    seen = re.findall(r'name="version" value="([^"]*)"', page_a)
    assert len(seen) == 2 and seen[0] == seen[1]  # the narrative form and the 印发 form
    assert b.post(url, {**base, "basic": "乙改的", "version": _version(b.get(url).content.decode())}).status_code == 302
    r = a.post(issue, {"version": seen[1]}, follow=True)
    assert STALE in r.content.decode() and "李明" in r.content.decode()
    assert not IssuedReport.objects.exists()
    fresh = re.findall(r'name="version" value="([^"]*)"', a.get(url).content.decode())[1]
    assert a.post(issue, {"version": fresh}).status_code == 302
    assert "乙改的" in IssuedReport.objects.get().text


def test_issuing_does_not_make_an_open_narrative_form_stale(two_offices, ledger):
    from zhenggai.reports.models import ReportDraft

    a, b = two_offices
    url = reverse("reports:draft", args=[ledger.unit.id, "progress"])
    base = {"as_of": "2025-06-30", "basic": "", "next_steps": "", "phone": "", "address": "", "postcode": "", "email": ""}
    assert a.post(url, {**base, "basic": "第一稿", "version": "new"}).status_code == 302
    va = _version(a.get(url).content.decode())
    vb = re.findall(r'name="version" value="([^"]*)"', b.get(url).content.decode())[1]
    assert b.post(reverse("reports:issue", args=[ledger.unit.id, "progress"]), {"version": vb}).status_code == 302
    assert a.post(url, {**base, "basic": "第二稿", "version": va}).status_code == 302  # 印发 changed no words
    assert ReportDraft.objects.get(unit=ledger.unit, kind="progress").basic == "第二稿"


def test_accepting_a_problem_text_over_someone_elses_is_refused(two_offices, ledger):
    from zhenggai.reports.models import ProblemText

    a, b = two_offices
    url = reverse("reports:draft", args=[ledger.unit.id, "progress"])
    p = ledger.problems[0]
    act = reverse("reports:problem_text", args=[ledger.unit.id, "progress", p.id])

    def version_of_row(html: str) -> str:
        row = html.split(f'id="text-{p.id}"')[1].split("</tr>")[0]
        return _version(row)

    va, vb = version_of_row(a.get(url).content.decode()), version_of_row(b.get(url).content.decode())
    assert va == vb == "new"
    assert a.post(act, {"action": "accept", "text": "甲采用的文字", "version": va}).status_code == 302
    r = b.post(act, {"action": "accept", "text": "乙采用的文字", "version": vb}, follow=True)
    assert STALE in r.content.decode() and "王芳" in r.content.decode()
    assert ProblemText.objects.get(finding=p).text == "甲采用的文字"
    fresh = version_of_row(b.get(url).content.decode())
    assert fresh != "new"
    assert a.post(act, {"action": "withdraw", "version": version_of_row(a.get(url).content.decode())}).status_code == 302
    r = b.post(act, {"action": "accept", "text": "乙采用的文字", "version": fresh}, follow=True)
    assert STALE in r.content.decode() and "采用的文字" in r.content.decode()
    assert ProblemText.objects.get(finding=p).text == ""  # the withdrawal stands
