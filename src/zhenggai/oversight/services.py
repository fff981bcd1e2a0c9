"""The verbs of supervision: issue, sign, reply and escalate a 督办 notice; draw a 回头看
sample and record its on-site results. Each checks the actor through ledger.access and
changes everything in one transaction; bad input raises LedgerError with one Chinese message."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhenggai import hygiene
from zhenggai.ledger.access import access_for, round_roles
from zhenggai.ledger.models import InspectionRound, LedgerError, Measure, Unit
from zhenggai.ledger.permissions import Perm, allows

from .models import (DEFAULT_REPLY_DAYS, DEFAULT_STEPS, CheckResult, Notice, NoticeState, RoundSettings, Sample,
                     SampleItem)


def settings_for(rnd: InspectionRound) -> RoundSettings:
    return RoundSettings.objects.filter(inspection=rnd).first() or RoundSettings(
        inspection=rnd, steps=list(DEFAULT_STEPS), reply_days=DEFAULT_REPLY_DAYS)


def steps_of(rnd: InspectionRound) -> list[str]:
    return list(settings_for(rnd).steps or DEFAULT_STEPS)


def require_round_writer(actor, rnd: InspectionRound) -> None:
    """督办 and 抽查 are the 巡视巡察办's (Perm.ROUND_RULES over the round)."""
    if actor.is_superuser:
        return
    if not allows(round_roles(actor, rnd), Perm.ROUND_RULES):
        raise LedgerError("只有本轮次的巡视巡察办可以督办和抽查")


def _require_unit_office(actor, unit: Unit) -> None:
    access = access_for(actor, unit)
    if access is None or not access.may(Perm.EDIT):
        raise LedgerError("只有本单位整改办可以签收和答复督办")


@transaction.atomic
def set_round_settings(actor, rnd: InspectionRound, steps: list[str], reply_days: int, sample_percent: int,
                       scheme: dict[str, Any] | None = None) -> RoundSettings:
    """The round's ladder, reply days, sampling share and evaluation scheme (only what differs from the defaults)."""
    from .evaluation import validate_scheme

    require_round_writer(actor, rnd)
    # A JSON list is not a text column: clean its strings here (PostgreSQL's jsonb refuses \u0000).
    steps = [t for t in (hygiene.clean_text(s).strip() for s in steps) if t]
    if not steps:
        raise LedgerError("督办步骤至少要有一步")
    if len(steps) > 20 or any(len(s) > 50 for s in steps):  # names of documents (提醒函、约谈…), printed on notices
        raise LedgerError("督办步骤最多 20 步，每步名称不超过 50 个字")
    if not 1 <= reply_days <= 90:
        raise LedgerError("答复期限应在 1 至 90 天之间")
    if not 1 <= sample_percent <= 100:
        raise LedgerError("抽查比例应在 1% 至 100% 之间")
    scheme = validate_scheme(scheme or {})
    cfg, _ = RoundSettings.objects.get_or_create(inspection=rnd)
    cfg.steps, cfg.reply_days, cfg.sample_percent, cfg.scheme = steps, reply_days, sample_percent, scheme
    cfg.save()
    return cfg


# ---- 督办 ladder -------------------------------------------------------------------------

def open_notice(unit: Unit) -> Notice | None:
    return Notice.objects.filter(unit=unit, state__in=[NoticeState.ISSUED, NoticeState.SIGNED]).order_by("-id").first()


def _create(unit: Unit, step: int, items: list[dict[str, Any]], actor, today: dt.date) -> Notice:
    cfg = settings_for(unit.inspection)
    steps = list(cfg.steps or DEFAULT_STEPS)
    notice = Notice.objects.create(
        unit=unit, step=step, name=steps[step], items=items, issued_at=timezone.now(), issued_by=actor,
        reply_due=today + dt.timedelta(days=cfg.reply_days))
    _notify(notice)
    return notice


def _notify(notice: Notice) -> None:
    """站内提醒 to the unit's 整改办: the notice waits for their 签收 and reply."""
    from zhenggai.ledger.models import Membership, Role
    from zhenggai.supervision.models import NoticeLevel, Notification

    users = Membership.objects.active().filter(unit=notice.unit, role=Role.OFFICE).values_list("user_id", flat=True)
    Notification.objects.bulk_create([Notification(
        user_id=u, unit=notice.unit, level=NoticeLevel.NOTICE,
        title=f"收到{notice.name}：请于{notice.reply_due:%Y年%-m月%-d日}前签收并答复",
        body=f"督办事项 {len(notice.items)} 项，请在本单位的“整改监督”页面签收和答复。",
        todo=f"签收{notice.name}，并于{notice.reply_due:%Y年%-m月%-d日}前答复整改措施",
    ) for u in set(users)])


@transaction.atomic
def issue_notice(actor, unit: Unit, items: list[dict[str, Any]] | None = None, today: dt.date | None = None) -> Notice:
    """Send the first step (or, for a unit already at a step, refuse: one open notice at a time)."""
    from .board import failing_items

    require_round_writer(actor, unit.inspection)
    today = today or timezone.localdate()
    if open_notice(unit) is not None:
        raise LedgerError("该单位已有未办结的督办文书，请等待答复或到期自动升级")
    items = items if items is not None else failing_items(unit, today)
    if not items:
        raise LedgerError("该单位目前没有需要督办的事项（红色预警、逾期节点或质量提示）")
    last = Notice.objects.filter(unit=unit).order_by("-step").first()
    step = min(last.step + 1, len(steps_of(unit.inspection)) - 1) if last else 0
    return _create(unit, step, items, actor, today)


@transaction.atomic
def sign_notice(actor, notice: Notice) -> Notice:
    _require_unit_office(actor, notice.unit)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != NoticeState.ISSUED:
        raise LedgerError("这份督办文书已经签收过了")
    notice.state, notice.signed_at, notice.signed_by = NoticeState.SIGNED, timezone.now(), actor
    notice.save(update_fields=["state", "signed_at", "signed_by"])
    return notice


@transaction.atomic
def reply_notice(actor, notice: Notice, text: str) -> Notice:
    _require_unit_office(actor, notice.unit)
    text = (text or "").strip()
    if len(text) < 10:
        raise LedgerError("请写明整改措施（至少10个字）")
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state == NoticeState.ISSUED:
        raise LedgerError("请先签收督办文书，再答复")
    if notice.state != NoticeState.SIGNED:
        raise LedgerError("这份督办文书已经办结，不能再答复")
    notice.state, notice.reply, notice.replied_at, notice.replied_by = NoticeState.REPLIED, text, timezone.now(), actor
    notice.save(update_fields=["state", "reply", "replied_at", "replied_by"])
    return notice


@transaction.atomic
def escalate_overdue(today: dt.date | None = None) -> list[Notice]:
    """Every open notice past its reply deadline goes up one step (the last step stays,
    marked escalated, and a new notice of the same step is sent). Safe to run repeatedly:
    an escalated notice is no longer open."""
    today = today or timezone.localdate()
    made = []
    for notice in Notice.objects.select_for_update().filter(
            state__in=[NoticeState.ISSUED, NoticeState.SIGNED], reply_due__lt=today).select_related("unit__inspection"):
        steps = steps_of(notice.unit.inspection)
        step = min(notice.step + 1, len(steps) - 1)
        items = list(notice.items) + [{"kind": "逾期未答复",
                                       "text": f"{notice.name}要求于{notice.reply_due:%Y年%-m月%-d日}前答复，逾期未答复"}]
        new = _create(notice.unit, step, items, notice.issued_by, today)
        notice.state, notice.escalated_to = NoticeState.ESCALATED, new
        notice.save(update_fields=["state", "escalated_to"])
        made.append(new)
    return made


# ---- 回头看 sampling -----------------------------------------------------------------------

def checkers(rnd: InspectionRound) -> list:
    """Who may be assigned a sampled item: the round's 巡视巡察办 people (they record the result)."""
    from django.contrib.auth import get_user_model

    from zhenggai.ledger.models import Grant, GrantRole

    ids = Grant.objects.active().filter(role=GrantRole.INSPECTION_OFFICE).values_list("user_id", flat=True)
    users = get_user_model().objects.filter(id__in=ids, is_active=True).order_by("last_name", "first_name", "username")
    return [u for u in users if allows(round_roles(u, rnd), Perm.ROUND_RULES)]

@transaction.atomic
def draw_sample(actor, unit: Unit, percent: int | None = None, seed: int | None = None,
                checker=None, today: dt.date | None = None) -> Sample:
    """A reproducible sample of the unit's closed items: ``percent`` of them at random
    (seeded, the seed stored), plus every closed item a quality rule flags."""
    from .ledger_rules import unit_quality

    require_round_writer(actor, unit.inspection)
    if checker is not None and checker != actor and checker not in checkers(unit.inspection):
        raise LedgerError("核查人应为本轮次巡视巡察办的人员")
    today = today or timezone.localdate()
    percent = percent or settings_for(unit.inspection).sample_percent
    if not 1 <= percent <= 100:
        raise LedgerError("抽查比例应在 1% 至 100% 之间")
    closed = list(Measure.objects.active().filter(finding__unit=unit, finding__archived_at__isnull=True,
                                                  status=Measure.Status.COMPLETED).order_by("id").values_list("id", flat=True))
    if not closed:
        raise LedgerError("该单位还没有已销号的事项，无从抽查")
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    flagged = {f.measure_id for f in unit_quality([unit.id], today)[unit.id].flags if f.measure_id} & set(closed)
    k = max(1, round(len(closed) * percent / 100))
    chosen = set(random.Random(seed).sample(closed, min(k, len(closed)))) | flagged
    sample = Sample.objects.create(unit=unit, seed=seed, percent=percent, drawn_at=timezone.now(), drawn_by=actor)
    SampleItem.objects.bulk_create([SampleItem(sample=sample, measure_id=m, flagged=m in flagged, checker=checker)
                                    for m in sorted(chosen)])
    return sample


@transaction.atomic
def record_check(actor, item: SampleItem, matches: bool, notes: str, photos=()) -> SampleItem:
    """The on-site result; a mismatch reopens the item through the workflow's 回头看 verb."""
    from django.conf import settings
    from pathlib import Path

    from zhenggai.workflow import evidence as ev
    from zhenggai.workflow import services as wf

    require_round_writer(actor, item.sample.unit.inspection)
    item = SampleItem.objects.select_for_update().select_related("measure__finding__unit").get(pk=item.pk)
    if item.result != CheckResult.PENDING:
        raise LedgerError("这一事项已经记录过核查结果")
    notes = (notes or "").strip()
    if not matches and not notes:
        raise LedgerError("与销号情况不符时，请写明核查发现的情况")
    stored = []
    for p in photos:
        if p.kind not in ("jpeg", "png"):
            raise LedgerError(f"现场照片“{p.name}”不是 JPEG 或 PNG 图片")
        ev.store(Path(settings.DATA_DIR), p)
        stored.append({"name": p.name, "sha256": p.sha256, "size": p.size})
    if not matches:
        try:
            wf.record_lookback(item.measure, actor, f"回头看抽查不符：{notes}", rebound=True)
        except wf.WorkflowError as e:
            raise LedgerError(str(e)) from None
    item.result = CheckResult.MATCH if matches else CheckResult.MISMATCH
    item.notes, item.checked_at, item.photos = notes, timezone.now(), stored
    if item.checker_id is None:
        item.checker = actor
    item.save()
    return item
