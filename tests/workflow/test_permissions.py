"""The role matrix: every role against every workflow page and action, and guessed URLs.

D = done (302 and an audit record), 403 = read-only for this, 404 = not theirs to see.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhenggai.workflow import services
from zhenggai.workflow.models import AuditEvent, Handover, WorkflowSettings
from zhenggai.ledger import versions
from zhenggai.workflow.services import settings_for

ROLES = ("office", "supervisor", "leader", "reporter", "inspection", "outsider", "nobody")
D = "D"


def row(office, supervisor, leader, reporter, inspection, outsider=404, nobody=404):
    return dict(zip(ROLES, (office, supervisor, leader, reporter, inspection, outsider, nobody)))


def later(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


# action → (setup, target measure, post data, expected per role)
MATRIX = {
    "report": ("open", "m5", {"text": "本月进展"}, row(D, 403, 403, D, 403)),
    "close": ("evidence", "m5", {"summary": "已完成"}, row(D, 403, 403, D, 403)),
    "extension": ("open", "m5", {"new_deadline": later(90), "reason": "等待审计"}, row(D, 403, 403, D, 403)),
    "long_term": ("open", "m5", {"review_date": later(90), "reason": "需长期坚持"}, row(D, 403, 403, 403, 403)),
    "comment": ("open", "m5", {"text": "请加快进度"}, row(D, D, D, D, D)),
    "approve": ("pending", "m5", {"reason": ""}, row(D, 403, 403, 403, 403)),
    "return": ("pending", "m5", {"reason": "材料不全"}, row(D, 403, 403, 403, 403)),
    "reopen": ("closed", "m4", {"reason": "问题反弹"}, row(D, 403, 403, 403, 403)),
    "lookback": ("closed", "m4", {"found": "未反弹"}, row(D, 403, 403, 403, D)),
    "schedule": ("closed", "m4", {"due_on": later(30)}, row(D, 403, 403, 403, 403)),
}


def prepare(flow, pdf, setup: str) -> None:
    if setup in ("evidence", "pending"):
        services.report_progress(flow.m5, flow.people.office, "前期进展", files=[pdf()])
    if setup == "pending":
        services.request_close(flow.m5, flow.people.office, "已完成")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_action_matrix(flow, pdf, login, role, action):
    setup, which, data, expected = MATRIX[action]
    prepare(flow, pdf, setup)
    measure = getattr(flow, which)
    before = AuditEvent.objects.count()
    r = login(getattr(flow.people, role)).post(f"/flow/measures/{measure.pk}/{action}/", data)
    want = expected[role]
    if want == D:
        assert r.status_code == 302, r.content.decode()[:500]
        assert AuditEvent.objects.count() == before + 1
    else:
        assert r.status_code == want
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_decide_extension_matrix(flow, login, role):
    ext = services.request_extension(flow.m5, flow.people.reporter, flow.m5.deadline + dt.timedelta(days=9), "理由")
    expected = row(D, 403, 403, 403, 403)[role]
    r = login(getattr(flow.people, role)).post(f"/flow/extensions/{ext.pk}/decide/", {"decision": "approve"})
    assert r.status_code == (302 if expected == D else expected)
    ext.refresh_from_db()
    assert ext.state == ("approved" if expected == D else "pending")


PAGES = {
    "measure": (lambda f: f"/flow/measures/{f.m5.pk}/", row(200, 200, 200, 200, 200)),
    "measure_other_dept": (lambda f: f"/flow/measures/{f.m1.pk}/", row(200, 200, 200, 404, 200)),
    "inbox": (lambda f: f"/flow/units/{f.ledger.unit.pk}/", row(200, 200, 200, 200, 200)),
    "settings": (lambda f: f"/flow/units/{f.ledger.unit.pk}/settings/", row(200, 403, 403, 403, 403)),
    "handover": (lambda f: f"/flow/units/{f.ledger.unit.pk}/handover/", row(200, 403, 403, 403, 403)),
    # Guessed URLs of another unit's objects: only its own members and the round's inspection office.
    "other_unit_measure": (lambda f: f"/flow/measures/{f.ledger.other_measure.pk}/", row(404, 404, 404, 404, 200, 200)),
    "other_unit_inbox": (lambda f: f"/flow/units/{f.ledger.other_unit.pk}/", row(404, 404, 404, 404, 200, 200)),
    "missing_measure": (lambda f: "/flow/measures/987654/", row(404, 404, 404, 404, 404)),
    "missing_unit": (lambda f: "/flow/units/987654/", row(404, 404, 404, 404, 404)),
    "missing_evidence": (lambda f: "/flow/evidence/987654/", row(404, 404, 404, 404, 404)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_matrix(flow, login, role, page):
    url, expected = PAGES[page]
    assert login(getattr(flow.people, role)).get(url(flow)).status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_unit_writes_matrix(flow, login, role):
    client = login(getattr(flow.people, role))
    unit = flow.ledger.unit.pk
    expected = row(302, 403, 403, 403, 403)[role]
    version = versions.token_for(settings_for(flow.ledger.unit))  # what the page's form carries
    r = client.post(f"/flow/units/{unit}/settings/", {"cadence": "weekly", "extension_approver": "office", "lookback_days": "90",
                                                      "version": version})
    assert r.status_code == expected
    assert WorkflowSettings.objects.filter(unit=unit, cadence="weekly").exists() == (expected == 302)
    r = client.post(f"/flow/units/{unit}/handover/", {"field": "person", "predecessor": "周三", "successor": "王五", "reason": "调整"})
    assert r.status_code == expected
    assert Handover.objects.exists() == (expected == 302)


def test_anonymous_is_sent_to_login(client, flow):
    r = client.get(f"/flow/measures/{flow.m5.pk}/")
    assert r.status_code == 302 and "/login/" in r["Location"]
    assert client.post(f"/flow/measures/{flow.m5.pk}/report/", {"text": "x"}).status_code == 302
    assert not AuditEvent.objects.exists()


def test_unknown_action_and_get_on_action(flow, login):
    client = login(flow.people.office)
    assert client.post(f"/flow/measures/{flow.m5.pk}/delete/").status_code == 404
    assert client.get(f"/flow/measures/{flow.m5.pk}/report/").status_code == 405


def test_leader_area_by_department(flow, login, pdf, django_user_model):
    """A leader attached to a department (no name match) approves that department's items only."""
    from zhenggai.ledger.models import Membership, Role

    boss = django_user_model.objects.create_user(username="boss")
    Membership.objects.create(user=boss, unit=flow.ledger.unit, role=Role.LEADER, department=flow.ledger.office)
    services.update_settings(flow.ledger.unit, flow.people.office, leader_approval=True)
    for m in (flow.m1, flow.m5):
        services.report_progress(m, flow.people.office, "进展", files=[pdf()])
        services.request_close(m, flow.people.office, "已完成")
        services.approve(m, flow.people.office)
    client = login(boss)
    assert client.post(f"/flow/measures/{flow.m5.pk}/approve/", {}).status_code == 403
    r = client.post(f"/flow/measures/{flow.m1.pk}/approve/", {}, follow=True)
    assert r.status_code == 200 and "已审核通过" in r.content.decode(), r.content.decode()[-3000:]
    flow.m1.refresh_from_db()
    assert services.state_of(flow.m1).value == "closed" and services.state_of(flow.m5).value == "pending_leader"
