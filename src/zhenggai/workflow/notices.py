"""Workflow messages (流程消息): who hears of each workflow event, what it says, and what to do next.

services.log() calls ``for_event`` for every audit event, inside the verb's transaction, so an
in-app message exists exactly when the event does (a refused or rolled-back verb leaves none).
E-mail goes after the commit, to people who want it at once; ``send_digest`` (run by
``zhenggai remind`` or ``zhenggai digest``) mails the others one summary a day.

Recipients are found with the same rules that decide who may act (permissions.holds over
ledger.access), so a message never reaches someone who could not open the measure.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhenggai.ledger.access import Access, access_for
from zhenggai.ledger.models import Measure, Membership, Role, Unit
from zhenggai.ledger.people import person_name
from zhenggai.supervision.models import EmailChoice, NoticeLevel, NoticePreference, Notification

from . import permissions, states
from .models import AuditEvent, CloseRequest, Extension, Handover

log = logging.getLogger(__name__)

REPORTERS = frozenset({states.REPORTER})
OFFICE = frozenset({states.OFFICE})
LEADERS = frozenset({states.LEADER})
INSPECTION = frozenset({states.INSPECTION})
STAGE_ROLES = {
    states.State.PENDING_OFFICE: OFFICE,
    states.State.PENDING_LEADER: LEADERS,
    states.State.PENDING_ACCEPTANCE: INSPECTION,
}


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    todo: str


def _short(text: str, n: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "…"


def unit_accesses(unit: Unit) -> list[tuple[int, Access]]:
    """(user id, access) of every active member of the unit and of its round's inspection office, computed once."""
    members = Membership.objects.active().filter(user__is_active=True).filter(
        Q(unit=unit) | Q(role=Role.INSPECTION_OFFICE, unit__inspection_id=unit.inspection_id)
    ).select_related("user")
    out: list[tuple[int, Access]] = []
    seen: set[int] = set()
    for m in members:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        access = access_for(m.user, unit)
        if access is not None and not access.superuser:
            # a superuser (administrator) counts as every role; they are not told of everything
            out.append((m.user_id, access))
    return out


def people_holding(unit: Unit, roles: frozenset[str], measure: Measure | None,
                   accesses: list[tuple[int, Access]] | None = None) -> set[int]:
    """Active users who act in one of these roles for this measure (a reporter of its departments,
    a leader whose area it is, the office, the round's inspection office)."""
    accesses = unit_accesses(unit) if accesses is None else accesses
    if measure is None:
        return {uid for uid, a in accesses if any(a.has(r) for r in roles)}
    return {uid for uid, a in accesses if permissions.holds(a, roles, measure)}


def _requester(measure: Measure) -> set[int]:
    req = CloseRequest.objects.filter(measure=measure).order_by("-requested_at", "-id").first()
    return {req.requested_by_id} if req else set()


def _plan(event: AuditEvent) -> tuple[set[int], Notice] | None:
    """Who hears of this event and what they read; None for events that concern nobody else."""
    m, unit, who, data = event.measure, event.unit, person_name(event.actor), event.data
    if m is None:
        return None
    what = f"“{_short(m.text)}”"
    reason = f"\n理由/说明：{event.reason}" if event.reason else ""
    code = event.action
    if code == "workflow.close.request":
        return people_holding(unit, OFFICE, m), Notice(
            f"待审核销号申请：{_short(m.text)}", f"{who}申请对{what}销号。{reason}", "审核销号申请（通过或退回）")
    if code == "workflow.close.approve":
        target = states.State(data.get("to", states.State.CLOSED))
        if target == states.State.CLOSED:
            return _requester(m) | people_holding(unit, REPORTERS, m), Notice(
                f"已销号：{_short(m.text)}", f"{who}审核通过，{what}已销号，之后按计划回头看。{reason}", "无需办理，留意回头看安排")
        return people_holding(unit, STAGE_ROLES[target], m) | _requester(m), Notice(
            f"{target.label}：{_short(m.text)}", f"{who}已审核通过{what}的销号申请，现{target.label}。{reason}",
            f"{target.label}的人员审批销号申请")
    if code == "workflow.close.return":
        return _requester(m) | people_holding(unit, REPORTERS, m), Notice(
            f"销号申请被退回：{_short(m.text)}", f"{who}退回了{what}的销号申请。{reason}",
            "按退回理由继续整改、补充佐证材料后重新申请销号")
    if code == "workflow.close.long_term":
        return people_holding(unit, REPORTERS, m) | _requester(m), Notice(
            f"转为长期坚持：{_short(m.text)}",
            f"{who}将{what}转为长期坚持，复核日期 {data.get('review_date', '')}。{reason}", "按期报送长期坚持的进展")
    if code == "workflow.close.reopen":
        return people_holding(unit, REPORTERS | LEADERS, m), Notice(
            f"重新打开：{_short(m.text)}", f"{who}重新打开了{what}，恢复为正在整改。{reason}", "继续整改并报送进展")
    if code == "workflow.extension.request":
        cfg_roles = permissions.extension_roles(_extension_approver(unit))
        return people_holding(unit, cfg_roles, m), Notice(
            f"待审批延期申请：{_short(m.text)}",
            f"{who}申请将{what}的完成时限由 {data.get('old', '')} 延至 {data.get('new', '')}。{reason}", "审批延期申请（批准或不予批准）")
    if code in ("workflow.extension.approve", "workflow.extension.refuse"):
        ext = Extension.objects.filter(pk=data.get("extension")).first()
        asked = {ext.requested_by_id} if ext else set()
        if code == "workflow.extension.approve":
            return asked | people_holding(unit, REPORTERS, m), Notice(
                f"延期已批准：{_short(m.text)}", f"{who}批准延期，新的完成时限 {data.get('new', '')}。{reason}", "按新的完成时限完成整改")
        return asked | people_holding(unit, REPORTERS, m), Notice(
            f"延期未获批准：{_short(m.text)}", f"{who}不予批准延期，完成时限不变。{reason}", "按原完成时限完成整改，或如实报送困难")
    if code in ("workflow.lookback.record", "workflow.lookback.rebound"):
        if code == "workflow.lookback.rebound":
            return people_holding(unit, REPORTERS | OFFICE | LEADERS, m), Notice(
                f"回头看发现反弹回潮：{_short(m.text)}", f"{who}回头看发现{what}反弹回潮，已重新打开。\n检查情况：{event.reason}",
                "重新整改并报送进展")
        return people_holding(unit, REPORTERS | OFFICE, m), Notice(
            f"回头看未发现反弹：{_short(m.text)}", f"{who}对{what}开展回头看，未发现反弹回潮。\n检查情况：{event.reason}",
            "无需办理")
    if code == "workflow.comment.add":
        return people_holding(unit, REPORTERS | OFFICE, m), Notice(
            f"新的监督意见：{_short(m.text)}", f"{who}对{what}发表意见：{event.reason}", "查看意见，在进展中回应")
    return None


def _extension_approver(unit: Unit) -> str:
    from .services import settings_for  # services imports this module

    return settings_for(unit).extension_approver


def _create(unit: Unit, measure: Measure | None, actor_id: int | None, users: Iterable[int], notice: Notice) -> list[Notification]:
    users = sorted(set(users) - {actor_id})  # nobody is told of what they did themselves
    notes = Notification.objects.bulk_create([
        Notification(user_id=u, unit=unit, measure=measure, level=NoticeLevel.NOTICE,
                     title=notice.title[:300], body=notice.body, todo=notice.todo[:200])
        for u in users
    ])
    if notes:
        ids = [n.pk for n in notes]  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35
        transaction.on_commit(lambda: _send_quietly(ids))
    return notes


def for_event(event: AuditEvent) -> list[Notification]:
    """The in-app messages for one workflow event (handovers are told once, by for_handover)."""
    planned = _plan(event)
    if planned is None:
        return []
    users, notice = planned
    return _create(event.unit, event.measure, event.actor_id, users, notice)


def for_handover(handover: Handover) -> list[Notification]:
    """One message per person for a whole handover: the successor (when they have an account) and the
    reporters and leaders of the measures handed over."""
    unit = handover.unit
    measures = list(Measure.objects.filter(pk__in=handover.measure_ids).prefetch_related("departments"))
    users: set[int] = set()
    accesses = unit_accesses(unit)  # once for the whole handover, not once per measure
    for m in measures:
        users |= people_holding(unit, REPORTERS | LEADERS, m, accesses)
    for member in Membership.objects.active().filter(unit=unit).select_related("user"):
        if person_name(member.user) == handover.successor or member.user.get_username() == handover.successor:
            users.add(member.user_id)
    notice = Notice(
        f"责任交接：{handover.get_field_display()} {handover.predecessor} → {handover.successor}",
        f"{person_name(handover.by)}办理责任交接，{len(measures)} 条未完成的措施由{handover.successor}接任。\n"
        f"交接原因：{handover.reason}\n" + "\n".join(f"· {_short(m.text, 60)}" for m in measures[:20]),
        "接任人核对名下措施，继续推进整改",
    )
    return _create(unit, measures[0] if len(measures) == 1 else None, handover.by_id, users, notice)


# --- e-mail ---------------------------------------------------------------------------------


def measure_url(note: Notification) -> str:
    """The measure's 办理 page (workflow page), absolute when ZHENGGAI_BASE_URL is set."""
    if note.measure_id is None:
        return ""
    return settings.ZHENGGAI_BASE_URL + reverse("workflow:measure", args=[note.measure_id])


def _mail_text(note: Notification) -> str:
    link = measure_url(note)
    return "\n".join(x for x in (note.title, note.body, f"下一步：{note.todo}" if note.todo else "",
                                 f"办理：{link}" if link and settings.ZHENGGAI_BASE_URL else "") if x)


def _send(user, subject: str, text: str, ids: list[int], connection) -> bool:
    try:
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection).send()
    except Exception as e:  # noqa: BLE001 - a mail failure leaves the message unmailed, to try again in the digest
        log.warning("workflow notice mail to %s failed: %s", user.email, e)
        return False
    Notification.objects.filter(id__in=ids).update(mailed_at=timezone.now())
    return True


def _send_quietly(ids: list[int]) -> None:
    # The verb has committed: a mail problem must not turn its answer into an error page.
    try:
        send_now(ids)
    except Exception:  # noqa: BLE001
        log.exception("workflow notice mail failed")


def send_now(ids: list[int]) -> int:
    """After the commit: mail these messages to recipients who want e-mail at once. Returns mails sent."""
    notes = list(Notification.objects.filter(id__in=ids, mailed_at__isnull=True).select_related("user"))
    daily_or_none = set(NoticePreference.objects.filter(user_id__in={n.user_id for n in notes})
                        .exclude(email=EmailChoice.IMMEDIATE).values_list("user_id", flat=True))
    sent = 0
    connection = None
    for n in notes:
        if n.user_id in daily_or_none or not n.user.email:
            continue
        connection = connection or get_connection(fail_silently=False)
        sent += _send(n.user, f"【整改工作】{n.title}", _mail_text(n), [n.pk], connection)
    return sent


@dataclass
class DigestResult:
    mails: int = 0
    messages: int = 0
    errors: int = 0

    def summary(self) -> str:
        return f"每日汇总邮件 {self.mails} 封（含流程消息 {self.messages} 条），失败 {self.errors} 封"


def send_digest(now: dt.datetime | None = None) -> DigestResult:
    """One e-mail per person who chose 每天一封汇总邮件, with every workflow message not mailed yet.

    Idempotent: a message is marked mailed when its digest is sent, so running it twice sends nothing new."""
    result = DigestResult()
    daily = NoticePreference.objects.filter(email=EmailChoice.DAILY).values("user_id")
    pending = (Notification.objects.filter(level=NoticeLevel.NOTICE, mailed_at__isnull=True, user_id__in=daily)
               .exclude(user__email="").select_related("user").order_by("user_id", "created_at", "id"))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        by_user[n.user_id].append(n)
    if not by_user:
        return result
    connection = get_connection(fail_silently=False)
    users = get_user_model().objects.in_bulk(list(by_user))
    for uid, notes in by_user.items():
        text = "\n\n".join(_mail_text(n) for n in notes)
        subject = f"【整改工作】今日流程消息 {len(notes)} 条"
        if _send(users[uid], subject, text, [n.pk for n in notes], connection):
            result.mails += 1
            result.messages += len(notes)
        else:
            result.errors += 1
    return result


__all__ = ["DigestResult", "Notice", "for_event", "for_handover", "measure_url", "people_holding", "send_digest", "unit_accesses",
           "send_now"]
