"""Outcomes are recorded against the unit's own problems and counted, never typed in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhenggai.ledger.models import LedgerError
from zhenggai.outcomes import services
from zhenggai.outcomes.models import Accountability, Meeting, MoneyRecord, RuleRecord


def test_summary_counts_every_kind(ledger):
    day = dt.date(2025, 3, 1)
    p1, p2, p3 = ledger.problems
    services.record("accountability", ledger.unit, findings=[p3], date=day, person="周三",
                    kind=Accountability.Kind.ADMONITION, reason="报销审核不严")
    services.record("accountability", ledger.unit, findings=[p3], date=day, person="郑四",
                    kind=Accountability.Kind.CRITICISM, reason="报销审核不严")
    services.record("accountability", ledger.unit, date=day, person="王五",
                    kind=Accountability.Kind.CRITICISM, reason="台账不清")
    services.record("money", ledger.unit, findings=[p3], date=day, kind=MoneyRecord.Kind.RECOVERED,
                    amount=Decimal("12345.67"), description="违规报销差旅费")
    services.record("money", ledger.unit, date=day, kind=MoneyRecord.Kind.REFUNDED,
                    amount=Decimal("5000"), description="超标准接待费")
    services.record("rule", ledger.unit, findings=[p1], date=day, name="防汛物资管理办法", action=RuleRecord.Action.CREATED)
    services.record("rule", ledger.unit, findings=[p3], date=day, name="差旅费管理办法", action=RuleRecord.Action.REVISED)
    services.record("meeting", ledger.unit, date=day, kind=Meeting.Kind.DEMOCRATIC_LIFE, title="巡察整改专题民主生活会")
    services.record("meeting", ledger.unit, date=dt.date(2025, 6, 1), kind=Meeting.Kind.PARTY_GROUP, title="党组会")

    s = services.summary(ledger.unit)
    assert s.accountability_total == 3
    assert s.accountability[Accountability.Kind.CRITICISM] == 2
    assert s.money_wan(MoneyRecord.Kind.RECOVERED) == Decimal("1.23")
    assert s.money_wan() == Decimal("1.73")
    assert (s.rules_created, s.rules_revised, s.rules_total) == (1, 1, 2)
    assert s.meetings[Meeting.Kind.DEMOCRATIC_LIFE] == 1
    # As of a date: later records do not count yet.
    assert services.summary(ledger.unit, until=dt.date(2025, 5, 1)).meetings[Meeting.Kind.PARTY_GROUP] == 0
    # The other unit sees none of it.
    assert services.summary(ledger.other_unit).accountability_total == 0


def test_findings_of_another_unit_are_refused_and_nothing_is_saved(ledger):
    with pytest.raises(LedgerError):
        services.record("rule", ledger.unit, findings=[ledger.other_problem], date=dt.date(2025, 1, 1),
                        name="外单位制度", action=RuleRecord.Action.CREATED)
    assert RuleRecord.objects.count() == 0


def test_invalid_values_are_refused(ledger):
    with pytest.raises(Exception):
        services.record("money", ledger.unit, date=dt.date(2025, 1, 1), kind="stolen", amount=Decimal("1"), description="x")
    with pytest.raises(Exception):
        services.record("money", ledger.unit, date=dt.date(2025, 1, 1), kind=MoneyRecord.Kind.RECOVERED,
                        amount=Decimal("-5"), description="x")
    assert MoneyRecord.objects.count() == 0


def test_outcomes_are_never_deleted_and_keep_history(ledger):
    rule = services.record("rule", ledger.unit, date=dt.date(2025, 1, 1), name="值班制度", action=RuleRecord.Action.CREATED)
    with pytest.raises(LedgerError):
        rule.delete()
    assert rule.history.count() == 1
    assert rule.history.first().history_change_reason == "outcomes.rule.create"
