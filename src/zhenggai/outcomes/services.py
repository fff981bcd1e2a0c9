"""Recording outcomes and counting them. Views, import, reports and tests call these."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenggai.ledger.models import Finding, LedgerError, Unit

from .models import Accountability, Meeting, MoneyRecord, RuleRecord

MODELS = {"accountability": Accountability, "money": MoneyRecord, "rule": RuleRecord, "meeting": Meeting}


def _check_findings(unit: Unit, findings: Iterable[Finding]) -> list[Finding]:
    findings = list(findings)
    if any(f.unit_id != unit.id for f in findings):
        raise LedgerError("所选问题不属于本单位 (findings of another unit)")
    return findings


@transaction.atomic
def record(what: str, unit: Unit, user=None, findings: Iterable[Finding] = (), **fields) -> object:
    """Record one outcome (what: accountability, money, rule, meeting) linked to problems."""
    try:
        model = MODELS[what]
    except KeyError:
        raise LedgerError(f"未知的成果类别：{what}") from None
    found = _check_findings(unit, findings)
    obj = model(unit=unit, created_by=user if getattr(user, "is_authenticated", False) else None, **fields)
    obj.full_clean(exclude=["unit", "created_by"])
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj._change_reason = f"outcomes.{what}.create"
    obj.save()
    if found:
        obj.findings.set(found)
    return obj


@transaction.atomic
def archive(obj, user) -> None:
    """Archive a record entered by mistake: never deleted, no longer counted."""
    what = next((k for k, m in MODELS.items() if isinstance(obj, m)), None)
    if what is None:
        raise LedgerError("不是整改成果记录")
    if obj.archived_at is not None:
        raise LedgerError("这条记录已经归档")
    obj.archived_at = timezone.now()
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj._change_reason = f"outcomes.{what}.archive"
    obj.save(update_fields=["archived_at"])


@dataclass
class OutcomeSummary:
    """Everything a report says about outcomes up to a date; all derived from rows."""

    accountability: Counter = field(default_factory=Counter)  # kind → people
    money_yuan: dict[str, Decimal] = field(default_factory=dict)  # kind → yuan
    rules_created: int = 0
    rules_revised: int = 0
    meetings: Counter = field(default_factory=Counter)  # kind → count

    @property
    def accountability_total(self) -> int:
        return sum(self.accountability.values())

    @property
    def rules_total(self) -> int:
        return self.rules_created + self.rules_revised

    def money_wan(self, kind: str | None = None) -> Decimal:
        """Amount in 万元, two decimals, as reports write it."""
        yuan = self.money_yuan.get(kind, Decimal(0)) if kind else sum(self.money_yuan.values(), Decimal(0))
        return (yuan / Decimal(10000)).quantize(Decimal("0.01"))


def summary(unit: Unit, until: dt.date | None = None) -> OutcomeSummary:
    s = OutcomeSummary()

    def rows(model):
        qs = model.objects.active().filter(unit=unit)
        return qs.filter(date__lte=until) if until else qs

    for a in rows(Accountability).values_list("kind", flat=True):
        s.accountability[a] += 1
    for kind, amount in rows(MoneyRecord).values_list("kind", "amount"):
        s.money_yuan[kind] = s.money_yuan.get(kind, Decimal(0)) + amount
    for action in rows(RuleRecord).values_list("action", flat=True):
        if action == RuleRecord.Action.CREATED:
            s.rules_created += 1
        else:
            s.rules_revised += 1
    for kind in rows(Meeting).values_list("kind", flat=True):
        s.meetings[kind] += 1
    return s
