"""Supervision verbs: set a warning rule, read notifications. Views, CLI and tests call these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenggai.ledger.models import InspectionRound, LedgerError, Unit

from . import warnings as w
from .models import EmailChoice, NoticePreference, Notification, WarningRule


@dataclass(frozen=True)
class Rule:
    """The rule in force for one unit, whichever level it was set at."""

    thresholds: w.Thresholds
    recipients: w.Recipients
    principal_id: int | None = None
    source: str = "默认"  # 默认 / 轮次 / 本单位: shown on the rule page


def default_thresholds() -> w.Thresholds:
    return w.Thresholds(green_days=settings.WARNING_GREEN_DAYS, yellow_days=settings.WARNING_YELLOW_DAYS)


def rule_for(unit: Unit) -> Rule:
    """Unit rule, else round rule, else the installation defaults."""
    own = WarningRule.objects.filter(unit=unit).first()
    if own is not None:
        return Rule(own.thresholds(), own.recipients(), own.principal_id, "本单位")
    shared = WarningRule.objects.filter(inspection_id=unit.inspection_id).first()
    if shared is not None:
        # A round-wide rule cannot know each unit's principal leader.
        return Rule(shared.thresholds(), shared.recipients(), None, "轮次")
    return Rule(default_thresholds(), w.Recipients(), None, "默认")


def _recipients(values: Iterable[str], label: str) -> list[str]:
    values = sorted(set(values))
    unknown = set(values) - set(w.RECIPIENTS)
    if unknown:
        raise LedgerError(f"{label}：未知的接收人类别 {'、'.join(sorted(unknown))}")
    if not values:
        raise LedgerError(f"{label}：至少选择一类接收人")
    return values


@transaction.atomic
def set_unit_rule(
    unit: Unit,
    user,
    *,
    green_days: int,
    yellow_days: int,
    green_to: Iterable[str],
    yellow_to: Iterable[str],
    red_to: Iterable[str],
    principal=None,
) -> WarningRule:
    """Create or change the unit's own warning rule (整改办 only; the view checks access)."""
    try:
        w.Thresholds(green_days=green_days, yellow_days=yellow_days)
    except w.WarningConfigError as e:
        raise LedgerError(str(e)) from None
    if principal is not None and not principal.memberships.filter(unit=unit, archived_at__isnull=True).exists():
        raise LedgerError("主要负责人须是本单位的成员")
    values = {
        "green_days": green_days,
        "yellow_days": yellow_days,
        "green_to": _recipients(green_to, "绿色提示"),
        "yellow_to": _recipients(yellow_to, "黄色预警"),
        "red_to": _recipients(red_to, "红色预警"),
        "principal": principal,
    }
    rule = WarningRule.objects.select_for_update().filter(unit=unit).first()
    created = rule is None
    if created:
        rule = WarningRule(unit=unit)
    changed = [k for k, v in values.items() if getattr(rule, k) != v]
    if not created and not changed:
        return rule
    for k in changed:
        setattr(rule, k, values[k])
    if getattr(user, "is_authenticated", False):
        rule._history_user = user
    rule._change_reason = "supervision.rule." + ("create" if created else "update")
    rule.save()
    return rule


@transaction.atomic
def set_round_rule(
    inspection: InspectionRound,
    user,
    *,
    green_days: int,
    yellow_days: int,
    green_to: Iterable[str],
    yellow_to: Iterable[str],
    red_to: Iterable[str],
) -> WarningRule:
    """Create or change the rule for every unit of a round without its own (巡视巡察办 only)."""
    try:
        w.Thresholds(green_days=green_days, yellow_days=yellow_days)
    except w.WarningConfigError as e:
        raise LedgerError(str(e)) from None
    values = {
        "green_days": green_days,
        "yellow_days": yellow_days,
        "green_to": _recipients(green_to, "绿色提示"),
        "yellow_to": _recipients(yellow_to, "黄色预警"),
        "red_to": _recipients(red_to, "红色预警"),
    }
    rule = WarningRule.objects.select_for_update().filter(inspection=inspection).first()
    created = rule is None
    if created:
        rule = WarningRule(inspection=inspection)
    changed = [k for k, v in values.items() if getattr(rule, k) != v]
    if not created and not changed:
        return rule
    for k in changed:
        setattr(rule, k, values[k])
    if getattr(user, "is_authenticated", False):
        rule._history_user = user
    rule._change_reason = "supervision.round_rule." + ("create" if created else "update")
    rule.save()
    return rule


def round_rule(inspection: InspectionRound) -> Rule:
    """The rule a unit of this round without its own rule follows."""
    shared = WarningRule.objects.filter(inspection=inspection).first()
    if shared is not None:
        return Rule(shared.thresholds(), shared.recipients(), None, "轮次")
    return Rule(default_thresholds(), w.Recipients(), None, "默认")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(notification: Notification, user) -> bool:
    """Mark one of the user's own notifications read; False if it already was."""
    if notification.user_id != user.id:
        raise LedgerError("只能处理发给自己的提醒")
    if notification.read_at is not None:
        return False
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return True


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def set_notice_preference(user, choice: str) -> None:
    """The user's e-mail choice for workflow messages and reminders (即时 / 每日汇总 / 不发)."""
    if choice not in EmailChoice.values:
        raise LedgerError("邮件提醒方式无效")
    NoticePreference.objects.update_or_create(user=user, defaults={"email": choice})
