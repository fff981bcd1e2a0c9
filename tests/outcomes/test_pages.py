"""Outcome pages role by role: everyone who reads the unit lists, only 整改办 records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhenggai.outcomes import services
from zhenggai.outcomes.models import Accountability, Meeting, MoneyRecord, RuleRecord

READERS = ("office", "supervisor", "leader", "reporter", "inspection")

VALID = {
    "accountability": {"person": "周三", "position": "财务科科长", "kind": "admonition", "reason": "报销审核不严", "date": "2025-03-01"},
    "money": {"kind": "recovered", "amount": "12345.67", "description": "违规报销差旅费", "date": "2025-03-02"},
    "rule": {"name": "差旅费管理办法", "action": "revised", "document_number": "测水发〔2025〕3号", "date": "2025-03-03"},
    "meeting": {"kind": "democratic_life", "title": "巡察整改专题民主生活会", "date": "2025-03-04"},
}
MODELS = {"accountability": Accountability, "money": MoneyRecord, "rule": RuleRecord, "meeting": Meeting}


def test_anonymous_is_sent_to_login(client, ledger):
    for url in (reverse("outcomes:list", args=[ledger.unit.id]), reverse("outcomes:add", args=[ledger.unit.id, "rule"])):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.parametrize("who", READERS)
def test_readers_see_the_list_with_derived_totals(login, ledger, people, who):
    p3 = ledger.problems[2]
    services.record("money", ledger.unit, people.office, [p3], date="2025-03-01", kind=MoneyRecord.Kind.RECOVERED,
                    amount=Decimal("12345.67"), description="违规报销差旅费")
    services.record("money", ledger.unit, people.office, [], date="2025-03-01", kind=MoneyRecord.Kind.REFUNDED,
                    amount=Decimal(5000), description="超标准接待费")
    body = login(getattr(people, who)).get(reverse("outcomes:list", args=[ledger.unit.id])).content.decode()
    assert "清退追回资金 1.73 万元" in body and "追回 1.23" in body and "清退 0.50" in body
    assert p3.title[:10] in body and f'href="/problems/{p3.id}/"' in body
    assert ("＋ 登记问责" in body) == (who == "office")


@pytest.mark.parametrize("who", ("outsider", "nobody"))
def test_outsiders_get_404(login, ledger, people, who):
    c = login(getattr(people, who))
    assert c.get(reverse("outcomes:list", args=[ledger.unit.id])).status_code == 404
    assert c.get(reverse("outcomes:add", args=[ledger.unit.id, "rule"])).status_code == 404
    assert c.post(reverse("outcomes:add", args=[ledger.unit.id, "rule"]), VALID["rule"]).status_code == 404
    assert not RuleRecord.objects.exists()


@pytest.mark.parametrize("who", ("supervisor", "leader", "reporter", "inspection"))
def test_read_only_roles_get_403_on_recording(login, ledger, people, who):
    c = login(getattr(people, who))
    assert c.get(reverse("outcomes:add", args=[ledger.unit.id, "rule"])).status_code == 403
    assert c.post(reverse("outcomes:add", args=[ledger.unit.id, "rule"]), VALID["rule"]).status_code == 403
    assert not RuleRecord.objects.exists()


@pytest.mark.parametrize("what", list(VALID))
def test_office_records_each_kind_linked_to_problems(login, ledger, people, what):
    c = login(people.office)
    url = reverse("outcomes:add", args=[ledger.unit.id, what])
    assert c.get(url).status_code == 200
    r = c.post(url, {**VALID[what], "findings": [ledger.problems[0].id, ledger.problems[2].id]})
    assert r.status_code == 302 and r["Location"] == reverse("outcomes:list", args=[ledger.unit.id])
    obj = MODELS[what].objects.get()
    assert obj.unit == ledger.unit and obj.created_by == people.office
    assert set(obj.findings.all()) == {ledger.problems[0], ledger.problems[2]}
    assert obj.history.first().history_change_reason == f"outcomes.{what}.create"


def test_bad_input_is_refused_in_chinese_and_nothing_saved(login, ledger, people):
    c = login(people.office)
    url = reverse("outcomes:add", args=[ledger.unit.id, "money"])
    r = c.post(url, {**VALID["money"], "amount": "-5"})
    assert r.status_code == 400 and "不能小于" in r.content.decode()
    r = c.post(url, {**VALID["money"], "kind": "stolen"})
    assert r.status_code == 400 and "选项无效" in r.content.decode()
    r = c.post(url, {**VALID["money"], "description": ""})
    assert r.status_code == 400 and "此项必填" in r.content.decode()
    # Another unit's problem, or a whole aspect, is not offered.
    for bad in (ledger.other_problem.id, ledger.aspects[0].id):
        r = c.post(url, {**VALID["money"], "findings": [bad]})
        assert r.status_code == 400 and "选项无效" in r.content.decode()
    assert not MoneyRecord.objects.exists()


def test_unknown_kind_and_unit_are_404(login, ledger, people):
    c = login(people.office)
    assert c.get(reverse("outcomes:add", args=[ledger.unit.id, "bribes"])).status_code == 404
    assert c.get(reverse("outcomes:list", args=[999999])).status_code == 404


def test_meetings_are_counted_not_typed(login, ledger, people):
    for title in ("党组会", "专题民主生活会"):
        services.record("meeting", ledger.unit, people.office, [], date="2025-03-01", kind=Meeting.Kind.PARTY_GROUP, title=title)
    body = login(people.office).get(reverse("outcomes:list", args=[ledger.unit.id])).content.decode()
    assert "召开会议 2 次" in body
    dash = login(people.office).get(reverse("supervision:dashboard", args=[ledger.unit.id])).content.decode()
    assert "召开会议 2 次" in dash


def test_office_archives_a_mistaken_record_and_it_stops_counting(login, ledger, people):
    obj = services.record("money", ledger.unit, people.office, [], date="2025-03-01", kind=MoneyRecord.Kind.RECOVERED,
                          amount=Decimal(10000), description="误录")
    url = reverse("outcomes:archive", args=[ledger.unit.id, "money", obj.id])
    for who in ("supervisor", "leader", "reporter", "inspection"):
        assert login(getattr(people, who)).post(url).status_code == 403
    assert login(people.outsider).post(url).status_code == 404
    c = login(people.office)
    assert c.get(url).status_code == 405
    assert c.post(reverse("outcomes:archive", args=[ledger.unit.id, "rule", obj.id])).status_code == 404
    assert c.post(url).status_code == 302
    obj.refresh_from_db()
    assert obj.archived_at is not None and obj.history.first().history_change_reason == "outcomes.money.archive"
    body = c.get(reverse("outcomes:list", args=[ledger.unit.id])).content.decode()
    assert "清退追回资金 0.00 万元" in body and "误录" not in body
    c.post(url)  # twice: a message, nothing changes
    assert "已经归档" in c.get(reverse("outcomes:list", args=[ledger.unit.id])).content.decode()
