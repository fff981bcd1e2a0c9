"""Demo additions for ``zhenggai serve --demo``: outcomes, a leader, a principal leader, one reminder run.

Called once at the end of ledger.demo.load_demo. Every record here is invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhenggai.ledger.models import Finding, Membership, Role, Unit
from zhenggai.outcomes import services as outcomes
from zhenggai.outcomes.models import Accountability, Meeting, MoneyRecord, RuleRecord

from .models import Notification
from .reminders import remind
from .services import set_unit_rule

# (username, last name, first name, role): 王振华 is 责任领导 of several demo measures.
PEOPLE = [
    ("fenguan", "王", "振华", Role.LEADER),
    ("shuji", "赵", "书记", Role.LEADER),
    ("xunchaban", "黄海峰", "", Role.INSPECTION_OFFICE),  # reads the round overview (name as in setup.demo.LOGINS)
]


def _problem(unit: Unit, words: str) -> list[Finding]:
    return list(Finding.objects.active().filter(unit=unit, title__contains=words)[:1])


def _people(unit: Unit) -> dict[str, object]:
    from zhenggai.ledger.demo import DEMO_PASSWORD

    User = get_user_model()
    users = {}
    for username, last, first, role in PEOPLE:
        user, created = User.objects.get_or_create(username=username, defaults={"last_name": last, "first_name": first})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@example.invalid"
            user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        users[username] = user
    return users


def _outcomes(unit: Unit, today: dt.date, office) -> None:
    day = today - dt.timedelta(days=30)
    rec = outcomes.record
    rec("accountability", unit, office, _problem(unit, "公务接待"), date=day, person="某股室负责人",
        kind=Accountability.Kind.REMINDER_TALK, reason="公务接待审批把关不严")
    rec("accountability", unit, office, _problem(unit, "农机购置补贴"), date=day, person="某审核人员",
        kind=Accountability.Kind.CRITICISM, reason="补贴资料审核不细")
    rec("money", unit, office, _problem(unit, "农机购置补贴"), date=day, kind=MoneyRecord.Kind.RECOVERED,
        amount=Decimal("38600.00"), description="追回违规领取的农机购置补贴")
    rec("rule", unit, office, _problem(unit, "公务接待"), date=day, name="公务接待管理办法",
        action=RuleRecord.Action.REVISED, document_number="青农发〔2025〕12号")
    rec("rule", unit, office, _problem(unit, "理论学习"), date=day, name="党组理论学习中心组学习制度",
        action=RuleRecord.Action.CREATED)
    rec("meeting", unit, office, [], date=day - dt.timedelta(days=20), kind=Meeting.Kind.PARTY_GROUP,
        title="研究部署巡察整改工作党组会议")
    rec("meeting", unit, office, [], date=day, kind=Meeting.Kind.DEMOCRATIC_LIFE, title="巡察整改专题民主生活会")


def enrich(unit: Unit, today: dt.date) -> None:
    """Idempotent like load_demo: outcomes only once, reminders never twice."""
    from zhenggai.ledger.demo import DEMO_USER

    users = _people(unit)
    office = get_user_model().objects.filter(username=DEMO_USER).first()
    if office is not None and not office.email:
        office.email = "demo@example.invalid"
        office.save(update_fields=["email"])
    if not Accountability.objects.filter(unit=unit).exists():
        _outcomes(unit, today, office)
    set_unit_rule(unit, office, green_days=20, yellow_days=10, green_to=["reporter"], yellow_to=["reporter", "leader"],
                  red_to=["reporter", "leader", "office", "principal"], principal=users["shuji"])
    # load_demo re-creates the ledger (old rows archived): reminders about archived rows are
    # marked read so a re-started demo shows each item once in the unread list.
    Notification.objects.filter(unit=unit, measure__archived_at__isnull=False, read_at__isnull=True).update(read_at=timezone.now())
    remind(today, units=[unit])
