"""Every edit form that carries a version refuses a POST without one (or with a malformed one), changing nothing.

A script, an old cached page or a hand-made request that leaves the version out used to be saved
unchecked: the very lost update the version exists to prevent.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhenggai.ledger.models import Measure
from zhenggai.ledger.versions import token_for
from tests.pages import version_on

from .test_editing import HX, inline_data

REFUSED = "没有带上页面打开时的版本号"
BAD = [None, "", "not-a-version", "12;DROP", "9" * 50]


def _with(data: dict, token):
    data = {k: v for k, v in data.items() if k != "version"}
    if token is not None:
        data["version"] = token
    return data


@pytest.mark.parametrize("token", BAD)
@pytest.mark.parametrize("inline", [True, False])
def test_measure_edit_without_a_version(login, ledger, people, token, inline):
    m = ledger.measures[0]
    c = login(people.office)
    r = c.post(reverse("ledger:measure_edit", args=[m.id]), _with(inline_data(m, person="改过的人"), token),
               **(HX if inline else {}))
    assert REFUSED in r.content.decode()
    assert Measure.objects.get(pk=m.pk).person == m.person
    assert token_for(m) == str(m.history.latest("history_id").history_id)  # no new history record


def test_report_narrative_problem_text_and_issue_without_a_version(login, ledger, people):
    from zhenggai.reports.models import IssuedReport, ProblemText, ReportDraft

    c = login(people.office)
    u = ledger.unit.id
    page = reverse("reports:draft", args=[u, "progress"])
    form = {"as_of": "2025-06-30", "basic": "未经核对的基本情况。", "next_steps": "", "phone": "0000-2222222",
            "address": "", "postcode": "", "email": ""}
    for token in BAD:
        r = c.post(page, _with(form, token))
        assert REFUSED in r.content.decode(), token
    assert not ReportDraft.objects.filter(basic="未经核对的基本情况。").exists()
    target = reverse("reports:problem_text", args=[u, "progress", ledger.problems[2].id])
    r = c.post(target, {"action": "accept", "text": "未经核对的文字。"}, follow=True)
    assert REFUSED in r.content.decode()
    assert not ProblemText.objects.filter(text="未经核对的文字。").exists()
    r = c.post(reverse("reports:issue", args=[u, "progress"]), follow=True)
    assert REFUSED in r.content.decode() and not IssuedReport.objects.exists()
    # With the version the page carries, the same posts go through.
    assert c.post(page, {**form, "version": version_on(c, page)}).status_code == 302


def test_warning_rules_and_workflow_settings_without_a_version(login, ledger, people):
    from zhenggai.supervision.models import WarningRule
    from zhenggai.workflow.models import WorkflowSettings

    rule = {"green_days": "15", "yellow_days": "5", "green_to": ["reporter"], "yellow_to": ["reporter"], "red_to": ["office"]}
    c = login(people.office)
    for token in BAD:
        r = c.post(reverse("supervision:rule", args=[ledger.unit.id]), _with(rule, token))
        assert r.status_code == 400 and REFUSED in r.content.decode(), token
        r = c.post(f"/flow/units/{ledger.unit.id}/settings/",
                   _with({"cadence": "weekly", "extension_approver": "office", "lookback_days": "90"}, token))
        assert REFUSED in r.content.decode(), token
    assert not WarningRule.objects.exists()
    assert not WorkflowSettings.objects.filter(unit=ledger.unit, cadence="weekly").exists()
    r = login(people.inspection).post(reverse("supervision:round_rule", args=[ledger.round.id]), rule)
    assert r.status_code == 400 and REFUSED in r.content.decode()
    assert not WarningRule.objects.exists()
