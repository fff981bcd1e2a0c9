"""``zhenggai remind``: warnings turned into in-app notifications and e-mail.

Safe to run from cron any number of times: every reminder first claims its row
in ReminderLog (unique per measure, level, recipient and deadline) inside a
savepoint; a row that exists already, or that a concurrent run inserted a moment
earlier, is skipped. It reads the database only, so overdue items are caught
even when nobody opens a page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenggai.ledger import access as acl
from zhenggai.ledger.models import Measure, Membership, Role, Unit
from zhenggai.ledger.people import person_name

from . import warnings as w
from .models import EmailChoice, Level, NoticePreference, Notification, ReminderLog
from .services import Rule, rule_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    measure: Measure
    level: str
    user_id: int


@dataclass
class RemindResult:
    planned: list[Planned] = field(default_factory=list)
    created: int = 0
    skipped: int = 0  # already sent before (or by a concurrent run)
    emailed: int = 0
    email_errors: int = 0

    def summary(self) -> str:
        by_level = defaultdict(int)
        for p in self.planned:
            by_level[p.level] += 1
        levels = "，".join(f"{Level(lv).label} {by_level[lv]}" for lv in reversed(w.LEVELS) if by_level[lv]) or "无"
        return (f"应发提醒 {len(self.planned)} 条（{levels}）；新发 {self.created} 条，已发过跳过 {self.skipped} 条；"
                f"邮件 {self.emailed} 封，失败 {self.email_errors} 封")


    def planned_lines(self) -> list[str]:
        """One line per reminder as a clerk reads it: level, person, unit, measure text, deadline (no ids)."""
        users = get_user_model().objects.in_bulk({p.user_id for p in self.planned})
        units = Unit.objects.in_bulk({p.measure.finding.unit_id for p in self.planned})
        lines = []
        for p in self.planned:
            text = p.measure.text if len(p.measure.text) <= 40 else p.measure.text[:40] + "…"
            lines.append(f"  {Level(p.level).label} → {person_name(users.get(p.user_id))}"
                         f"（{units[p.measure.finding.unit_id].name}）：{text}（完成时限 {p.measure.deadline:%Y年%m月%d日}）")
        return lines


class _People:
    """Who receives what in one unit, loaded once per unit (not once per measure)."""

    def __init__(self, unit: Unit, rule: Rule) -> None:
        self.reporters: dict[int, set[int]] = defaultdict(set)  # department id → user ids
        self.office: set[int] = set()
        self.supervisors: set[int] = set()
        self.leaders: list[acl.Access] = []
        leader_users = []
        for m in Membership.objects.active().filter(unit=unit).select_related("user"):
            if not m.user.is_active:
                continue
            if m.role == Role.REPORTER and m.department_id:
                self.reporters[m.department_id].add(m.user_id)
            elif m.role == Role.OFFICE:
                self.office.add(m.user_id)
            elif m.role == Role.SUPERVISOR:
                self.supervisors.add(m.user_id)
            elif m.role == Role.LEADER and m.user not in leader_users:
                leader_users.append(m.user)
        # Access.in_area is the one definition of a leader's area (分管领域); computed once per leader.
        self.leader_ids: list[int] = []
        for user in leader_users:
            a = acl.access_for(user, unit)
            if a is not None:
                self.leaders.append(a)
                self.leader_ids.append(user.id)
        # A principal leader who has since left the unit (membership archived) is not written to.
        self.principal = rule.principal_id if rule.principal_id and Membership.objects.active().filter(
            unit=unit, user_id=rule.principal_id, user__is_active=True).exists() else None

    def for_measure(self, measure: Measure, kinds: frozenset[str]) -> set[int]:
        users: set[int] = set()
        if w.REPORTER in kinds:
            dept_ids = {measure.lead_department_id, *(d.id for d in measure.departments.all())}
            for d in dept_ids:
                users |= self.reporters.get(d, set())
        if w.LEADER in kinds:
            users |= {uid for uid, a in zip(self.leader_ids, self.leaders) if a.in_area(measure)}
        if w.OFFICE in kinds:
            users |= self.office
        if w.PRINCIPAL in kinds and self.principal:
            users.add(self.principal)
        if w.SUPERVISOR in kinds:
            users |= self.supervisors
        return users


def plan_unit(unit: Unit, today: dt.date) -> list[Planned]:
    """Every reminder that should exist today for one unit (sent or not)."""
    rule = rule_for(unit)
    people = _People(unit, rule)
    measures = (
        Measure.objects.active()
        .filter(finding__unit=unit, finding__archived_at__isnull=True, deadline__isnull=False,
                deadline__lte=w.horizon(today, rule.thresholds))
        .exclude(status__in=w.SETTLED)
        .select_related("lead_department", "finding")
        .prefetch_related("departments")
        .order_by("deadline", "id")
    )
    planned = []
    for m in measures:
        level = w.level_for(m.deadline, m.status, today, rule.thresholds)
        if level is None:
            continue
        for uid in sorted(people.for_measure(m, rule.recipients.for_level(level))):
            planned.append(Planned(m, level, uid))
    return planned


def _text(p: Planned, today: dt.date) -> tuple[str, str]:
    m = p.measure
    left = w.days_left(m.deadline, today)
    when = f"已逾期 {-left} 天" if left < 0 else ("今天到期" if left == 0 else f"还剩 {left} 天")
    title = f"{Level(p.level).label}：{m.text[:40]}"
    body = "\n".join([
        f"整改措施：{m.text}",
        f"针对问题：{m.finding.title[:80]}",
        f"完成时限：{m.deadline:%Y-%m-%d}（{when}）",
        f"责任领导：{m.leader or '—'}；牵头部门：{m.lead_department or '—'}；责任人：{m.person or '—'}",
        f"当前状态：{m.get_status_display()}",
    ])
    return title, body


def remind(today: dt.date | None = None, dry_run: bool = False, units=None) -> RemindResult:
    """Send what is due today across all active units (or the given ones)."""
    today = today or timezone.localdate()
    result = RemindResult()
    units = list(units) if units is not None else list(Unit.objects.active().select_related("inspection"))
    for unit in units:
        result.planned.extend(plan_unit(unit, today))
    if dry_run or not result.planned:
        return result
    existing = set(
        # By unit, not by a list of measure ids: thousands of ids would exceed SQLite's variable limit.
        ReminderLog.objects.filter(measure__finding__unit_id__in={p.measure.finding.unit_id for p in result.planned})
        .values_list("measure_id", "level", "recipient_id", "deadline")
    )
    todo = []
    for p in result.planned:
        if (p.measure.id, p.level, p.user_id, p.measure.deadline) in existing:
            result.skipped += 1
        else:
            todo.append(p)
    now = timezone.now()
    try:
        # Fast path: everything in two bulk inserts, all or nothing.
        with transaction.atomic():
            entries = _write(todo, today, now)
    except IntegrityError:
        # A concurrent run claimed some rows between our read and our insert: go row by
        # row, each in its own savepoint, and skip what the other run already sent.
        entries = []
        for p in todo:
            try:
                with transaction.atomic():
                    entries.extend(_write([p], today, now))
            except IntegrityError:
                result.skipped += 1
    result.created = len(entries)
    fresh: dict[int, list[tuple[Planned, ReminderLog]]] = defaultdict(list)
    for p, entry in entries:
        fresh[p.user_id].append((p, entry))
    _mail(fresh, today, result)
    return result


def _write(todo: list[Planned], today: dt.date, now) -> list[tuple[Planned, ReminderLog]]:
    """Insert the notifications and their log rows; the log's unique key refuses repeats."""
    notes = Notification.objects.bulk_create(
        [Notification(user_id=p.user_id, unit_id=p.measure.finding.unit_id, measure=p.measure, level=p.level,
                      title=(text := _text(p, today))[0], body=text[1]) for p in todo],
        batch_size=500,
    )
    logs = ReminderLog.objects.bulk_create(
        [ReminderLog(measure=p.measure, level=p.level, recipient_id=p.user_id, deadline=p.measure.deadline,
                     action=f"supervision.remind.{p.level}", sent_at=now, sent_on=today, notification=note)
         for p, note in zip(todo, notes)],
        batch_size=500,
    )
    return list(zip(todo, logs))


def _mail(fresh: dict[int, list[tuple[Planned, ReminderLog]]], today: dt.date, result: RemindResult) -> None:
    """One digest per recipient per run, to people who have an address; in-app is already done."""
    users = get_user_model().objects.in_bulk(list(fresh))
    # 不发邮件 (NoticePreference) means no reminder mail either; the in-app reminder stands.
    no_mail = set(NoticePreference.objects.filter(user_id__in=list(fresh), email=EmailChoice.NONE)
                  .values_list("user_id", flat=True))
    base = settings.ZHENGGAI_BASE_URL
    connection = get_connection(fail_silently=False)
    for uid, items in fresh.items():
        user = users.get(uid)
        if user is None or not user.email or uid in no_mail:
            continue
        counts = defaultdict(int)
        for p, _ in items:
            counts[p.level] += 1
        subject = "【整改督办提醒】" + "，".join(f"{Level(lv).label} {counts[lv]} 条" for lv in reversed(w.LEVELS) if counts[lv])
        parts = []
        for p, entry in items:
            title, body = _text(p, today)
            link = f"\n查看：{base}/problems/{p.measure.finding_id}/" if base else ""
            parts.append(f"{title}\n{body}{link}")
        message = EmailMessage(subject, "\n\n".join(parts), settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
        ids = [entry.id for _, entry in items]
        try:
            message.send()
        except Exception as e:  # noqa: BLE001 - any mail failure is recorded, the in-app reminder stands
            log.warning("reminder mail to %s failed: %s", user.email, e)
            ReminderLog.objects.filter(id__in=ids).update(email_error=str(e)[:500])
            result.email_errors += 1
            continue
        ReminderLog.objects.filter(id__in=ids).update(emailed=True)
        result.emailed += 1
