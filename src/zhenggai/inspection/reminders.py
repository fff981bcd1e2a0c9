"""Milestone reminders through the warning machinery: the same in-app notifications (and the
e-mail digest that reads them) as the three-colour warnings, sent by ``zhenggai remind``.

A milestone due within the week is a yellow reminder, a missed one red, each once per unit,
milestone and due date (a changed feedback date or number of days starts afresh). Recipients
are the unit's 整改办 and, for a missed milestone, the round's 巡视巡察办 grants over it.
The cost follows the rounds that have milestones due, not the units of the installation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from zhenggai.ledger.models import Grant, GrantRole, InspectionRound, Membership, Role, Unit

from .models import MilestoneDone, MilestoneReminder, RoundMilestone

SOON_DAYS = 7


@dataclass(frozen=True)
class Due:
    unit: Unit
    kind: str
    label: str
    due: dt.date
    level: str


def plan(today: dt.date) -> list[Due]:
    """Milestones due within the week or missed, not done, per unit of every active round."""
    out: list[Due] = []
    for m in RoundMilestone.objects.filter(inspection__archived_at__isnull=True).select_related("inspection"):
        latest_feedback = today + dt.timedelta(days=SOON_DAYS - m.days)
        units = (Unit.objects.active().filter(inspection_id=m.inspection_id, feedback_date__isnull=False,
                                              feedback_date__lte=latest_feedback)
                 .exclude(id__in=MilestoneDone.objects.active().filter(kind=m.kind).values("unit_id")))
        for unit in units:
            due = m.due_for(unit)
            out.append(Due(unit, m.kind, m.get_kind_display(), due, "red" if due < today else "yellow"))
    return out


def _recipients(d: Due) -> set[int]:
    users = set(Membership.objects.active().filter(unit=d.unit, role=Role.OFFICE).values_list("user_id", flat=True))
    if d.level == "red":
        rnd: InspectionRound = d.unit.inspection
        grants = Grant.objects.active().filter(role=GrantRole.INSPECTION_OFFICE)
        users |= set(grants.filter(inspection=rnd).values_list("user_id", flat=True))
        if rnd.body_id:
            users |= set(grants.filter(body_id=rnd.body_id).values_list("user_id", flat=True))
    return users


def remind_milestones(today: dt.date, dry_run: bool = False) -> int:
    """Notify what is due; returns how many notifications were (or would be) written."""
    from zhenggai.supervision.models import Notification

    sent = 0
    for d in plan(today):
        if MilestoneReminder.objects.filter(unit=d.unit, kind=d.kind, due=d.due, level=d.level).exists():
            continue
        users = _recipients(d)
        if dry_run:
            sent += len(users)
            continue
        if d.level == "red":
            title = f"时间节点已逾期：{d.unit.name}“{d.label}”应于 {d.due:%Y年%m月%d日} 完成"
        else:
            title = f"时间节点即将到期：{d.unit.name}“{d.label}”应于 {d.due:%Y年%m月%d日} 前完成"
        body = "完成后请在“轮次事项”页登记完成日期。"
        try:
            with transaction.atomic():
                MilestoneReminder.objects.create(unit=d.unit, kind=d.kind, due=d.due, level=d.level)
                Notification.objects.bulk_create(
                    Notification(user_id=u, unit=d.unit, level=d.level, title=title, body=body) for u in users)
        except IntegrityError:
            continue  # a concurrent run sent it
        sent += len(users)
    return sent
