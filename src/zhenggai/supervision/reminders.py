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
from .models import EmailChoice, Level, NoticePreference, Notification, ReminderLog, WarningRule
from .services import Rule, default_thresholds

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DueMeasure:
    """What deciding a reminder needs of a measure. Most due measures were reminded on an
    earlier day and are skipped, so planning reads plain rows; remind() loads the whole
    Measure only for the reminders it writes."""

    id: int
    deadline: dt.date
    status: str
    leader: str
    lead_department_id: int | None
    finding_id: int
    unit_id: int
    inspection_id: int


@dataclass(frozen=True)
class Planned:
    measure: Measure | DueMeasure
    level: str
    user_id: int


@dataclass(frozen=True, slots=True)
class _Member:
    """One active membership, as a row (the fields Access and the recipient rules read)."""

    user_id: int
    role: str
    department_id: int | None
    is_active: bool
    is_superuser: bool
    username: str
    first_name: str
    last_name: str

    def get_username(self) -> str:  # acl._names reads a user's names through these
        return self.username


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
        texts = dict(Measure.objects.filter(pk__in={p.measure.id for p in self.planned}).values_list("id", "text"))
        unit_of = {p.measure.id: getattr(p.measure, "unit_id", None) or p.measure.finding.unit_id for p in self.planned}
        units = Unit.objects.in_bulk(set(unit_of.values()))
        lines = []
        for p in self.planned:
            text = texts.get(p.measure.id, "")
            text = text if len(text) <= 40 else text[:40] + "…"
            lines.append(f"  {Level(p.level).label} → {person_name(users.get(p.user_id))}"
                         f"（{units[unit_of[p.measure.id]].name}）：{text}（完成时限 {p.measure.deadline:%Y年%m月%d日}）")
        return lines


def _rules() -> tuple[dict[int, Rule], dict[int, Rule], Rule]:
    """Every warning rule in force, in one query: (by unit id, by round id, default)."""
    by_unit: dict[int, Rule] = {}
    by_round: dict[int, Rule] = {}
    for r in WarningRule.objects.all():
        if r.unit_id:
            by_unit[r.unit_id] = Rule(r.thresholds(), r.recipients(), r.principal_id, "本单位")
        else:
            # A round-wide rule cannot know each unit's principal leader (as services.rule_for).
            by_round[r.inspection_id] = Rule(r.thresholds(), r.recipients(), None, "轮次")
    return by_unit, by_round, Rule(default_thresholds(), w.Recipients(), None, "默认")


class _People:
    """Who receives what in one unit, built from that unit's memberships (loaded in bulk)."""

    def __init__(self, unit: Unit, rule: Rule, members: list[_Member]) -> None:
        self.reporters: dict[int, set[int]] = defaultdict(set)  # department id → user ids
        self.office: set[int] = set()
        self.supervisors: set[int] = set()
        self.leaders: list[tuple[int, acl.Access]] = []
        leaders: dict[int, _Member] = {}
        present: set[int] = set()
        for m in members:
            if not m.is_active:
                continue
            present.add(m.user_id)
            if m.role == Role.REPORTER and m.department_id:
                self.reporters[m.department_id].add(m.user_id)
            elif m.role == Role.OFFICE:
                self.office.add(m.user_id)
            elif m.role == Role.SUPERVISOR:
                self.supervisors.add(m.user_id)
            elif m.role == Role.LEADER:
                leaders.setdefault(m.user_id, m)
        # Access.in_area is the one definition of a leader's area (分管领域).
        for uid, person in leaders.items():
            own = [m for m in members if m.user_id == uid]
            self.leaders.append((uid, acl.access_from_memberships(person, unit, own)))
        # A principal leader who has since left the unit (membership archived) is not written to.
        self.principal = rule.principal_id if rule.principal_id in present else None

    def for_measure(self, measure: Measure | DueMeasure, dept_ids: set[int], kinds: frozenset[str]) -> set[int]:
        users: set[int] = set()
        if w.REPORTER in kinds:
            for d in {measure.lead_department_id, *dept_ids}:
                users |= self.reporters.get(d, set())
        if w.LEADER in kinds:
            users |= {uid for uid, a in self.leaders if a.in_area(measure)}
        if w.OFFICE in kinds:
            users |= self.office
        if w.PRINCIPAL in kinds and self.principal:
            users.add(self.principal)
        if w.SUPERVISOR in kinds:
            users |= self.supervisors
        return users


_PLAN_FIELDS = ("id", "deadline", "status", "leader", "lead_department_id", "finding_id", "finding__unit_id",
                "finding__unit__inspection_id")
_MEMBER_FIELDS = ("unit_id", "user_id", "role", "department_id", "user__is_active", "user__is_superuser",
                  "user__username", "user__first_name", "user__last_name")


def _full(planned: list[Planned]) -> list[Planned]:
    """The same reminders with their measures loaded whole (text, problem, department) for writing."""
    ids = sorted({p.measure.id for p in planned})
    full: dict[int, Measure] = {}
    for i in range(0, len(ids), 500):  # SQLite's variable limit
        full.update((m.id, m) for m in Measure.objects.filter(id__in=ids[i:i + 500]).select_related("finding", "lead_department"))
    return [Planned(full[p.measure.id], p.level, p.user_id) for p in planned]


def _due_measures(today: dt.date, horizon: dt.date, unit_ids: list[int] | None):
    """Open measures of live units whose deadline can carry a warning today: one indexed query
    (measure_open_deadline) over all units, so the cost follows what is due, not how many units exist."""
    qs = (
        Measure.objects.active()
        .filter(deadline__isnull=False, deadline__lte=horizon, finding__archived_at__isnull=True,
                finding__unit__archived_at__isnull=True)
        .exclude(status__in=w.SETTLED)
    )
    if unit_ids is not None:
        qs = qs.filter(finding__unit_id__in=unit_ids)
    return qs


def plan(today: dt.date, units=None) -> list[Planned]:
    """Every reminder that should exist today (sent or not), across all active units or the given ones."""
    return _plan(today, units)[0]


def _plan(today: dt.date, units=None):
    """Every reminder that should exist today (sent or not), across all active units or the given ones.

    A fixed number of queries whatever the number of units: the rules, the due measures
    (with their finding and lead department), their shared departments, and the
    memberships of the units that have something due."""
    by_unit, by_round, default = _rules()
    rules = [default, *by_unit.values(), *by_round.values()]
    horizon = max(w.horizon(today, r.thresholds) for r in rules)
    unit_ids = [u.pk for u in units] if units is not None else None
    due_qs = _due_measures(today, horizon, unit_ids)
    # Plain rows: only what deciding needs (see DueMeasure).
    measures = [DueMeasure(*row) for row in
                due_qs.order_by("finding__unit_id", "deadline", "id").values_list(*_PLAN_FIELDS)]
    if not measures:
        return [], due_qs
    leveled = []
    for m in measures:
        rule = by_unit.get(m.unit_id) or by_round.get(m.inspection_id) or default
        level = w.level_for(m.deadline, m.status, today, rule.thresholds)
        if level is not None:
            leveled.append((m, level, rule))
    if not leveled:
        return [], due_qs
    shared: dict[int, set[int]] = defaultdict(set)
    through = Measure.departments.through
    for mid, did in through.objects.filter(measure__in=due_qs.values("id")).values_list("measure_id", "department_id"):
        shared[mid].add(did)
    due_units = {m.unit_id for m, _, _ in leveled}
    members: dict[int, list[_Member]] = defaultdict(list)
    for unit_id, *row in (Membership.objects.active().filter(unit__in=due_qs.values("finding__unit_id"))
                          .order_by("unit_id", "id").values_list(*_MEMBER_FIELDS)):
        if unit_id in due_units:
            members[unit_id].append(_Member(*row))
    people: dict[int, _People] = {}
    planned = []
    for m, level, rule in leveled:
        if m.unit_id not in people:
            unit = Unit(id=m.unit_id, inspection_id=m.inspection_id)  # what Access holds; nothing reads more
            people[m.unit_id] = _People(unit, rule, members.get(m.unit_id, []))
        for user_id in sorted(people[m.unit_id].for_measure(m, shared.get(m.id, set()), rule.recipients.for_level(level))):
            planned.append(Planned(m, level, user_id))
    return planned, due_qs


def plan_unit(unit: Unit, today: dt.date) -> list[Planned]:
    """Every reminder that should exist today for one unit (sent or not)."""
    return plan(today, units=[unit])


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
    result.planned, due_qs = _plan(today, units)
    if dry_run or not result.planned:
        return result
    existing = set(
        # By the due measures as a subquery (the log's unique key starts with the measure), not
        # by a list of ids: thousands of ids would exceed SQLite's variable limit.
        ReminderLog.objects.filter(measure_id__in=due_qs.values("id"))
        .values_list("measure_id", "level", "recipient_id", "deadline")
    )
    todo = []
    for p in result.planned:
        if (p.measure.id, p.level, p.user_id, p.measure.deadline) in existing:
            result.skipped += 1
        else:
            todo.append(p)
    todo = _full(todo)
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
