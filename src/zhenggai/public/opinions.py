"""Opinion and rating verbs (码上监督): submit, follow by receipt code, rate; the office's triage.

A submission is committed first and the office told afterwards, so a mail server that is
down loses nothing (the opinion keeps ``notified=False`` and shows on the office's list
anyway). Photos pass the evidence file checks, restricted to images.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from zhenggai import ids
from zhenggai.ledger.access import round_roles, unit_for
from zhenggai.ledger.models import Finding, InspectionRound, LedgerError, Membership, Role, Unit
from zhenggai.ledger.permissions import Perm, allows
from zhenggai.workflow import evidence as ev

from .models import Opinion, OpinionPhoto, OpinionStatus, Publication, Rating, Satisfaction

log = logging.getLogger(__name__)

PHOTO_KINDS = ("jpeg", "png")
MAX_PHOTOS = 3
MAX_TEXT = 2000
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_PHONE = re.compile(r"^[0-9+\-（）() ]{5,20}$")


class OpinionRefused(LedgerError):
    """The submission is refused; nothing was stored. The message says why, in Chinese."""


def photo_limit() -> int:
    return getattr(settings, "PUBLIC_PHOTO_MAX_MB", 5) * 1024 * 1024


def check_photo(name: str, chunks) -> ev.Checked:
    """The evidence checks (content sniffed, extension must agree, size limit), images only."""
    try:
        checked = ev.check(name, chunks, photo_limit())
    except ev.EvidenceRefused as e:
        raise OpinionRefused(str(e)) from None
    if checked.kind not in PHOTO_KINDS:
        raise OpinionRefused(f"文件“{checked.name}”不是图片（只能上传 JPG 或 PNG 照片）")
    return checked


def new_receipt() -> str:
    """A receipt code to read out or type from a phone: 12 characters in groups of four."""
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _clean(text: str, limit: int) -> str:
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return "\n".join(line for line in lines if line)[:limit]


def item_finding(publication: Publication | None, item: int | None) -> int | None:
    """The finding behind a numbered problem of a published report (what the public may link to)."""
    if publication is None or item is None:
        return None
    for it in publication.items:
        if it["n"] == item:
            return it["finding"]
    raise OpinionRefused("报告中没有这个问题")


def submit(unit: Unit, text: str, *, publication: Publication | None = None, item: int | None = None,
           name: str = "", phone: str = "", photos: Sequence[ev.Checked] = ()) -> tuple[Opinion, str]:
    """Store an opinion and return it with its receipt code (the only time the code exists in clear)."""
    text = _clean(text, MAX_TEXT + 1)
    if not text:
        raise OpinionRefused("请填写反映的内容")
    if len(text) > MAX_TEXT:
        raise OpinionRefused(f"内容过长（不超过{MAX_TEXT}字）")
    name = " ".join((name or "").split())
    phone = " ".join((phone or "").split())
    if len(name) > 50:
        raise OpinionRefused("姓名过长")
    if phone and not _PHONE.match(phone):
        raise OpinionRefused("联系电话格式不对（只能填写数字和“-”）")
    if len(photos) > MAX_PHOTOS:
        raise OpinionRefused(f"最多上传{MAX_PHOTOS}张照片")
    if publication is not None and publication.unit_id != unit.id:
        raise OpinionRefused("报告不属于这个单位")
    finding_id = item_finding(publication, item)
    code = new_receipt()
    root = Path(settings.DATA_DIR)
    with transaction.atomic():
        opinion = Opinion.objects.create(unit=unit, publication=publication, finding_id=finding_id, text=text,
                                         name=name, phone=phone, receipt_hash=Opinion.hash_receipt(code))
        for p in photos:
            ev.store(root, p)
            OpinionPhoto.objects.create(opinion=opinion, name=p.name, kind=p.kind, size=p.size, sha256=p.sha256)
    _notify(opinion)
    return opinion, code


def _notify(opinion: Opinion) -> None:
    """Tell the unit's office by e-mail; a failure is logged, never lost (the list shows it anyway)."""
    to = list(Membership.objects.active().filter(unit=opinion.unit, role=Role.OFFICE).exclude(user__email="")
              .values_list("user__email", flat=True))
    if not to:
        return
    try:
        send_mail(f"收到群众意见：{opinion.unit.name}", "码上监督收到一条新的意见，请登录系统查看办理。",
                  settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # noqa: BLE001 - any mail failure: the opinion is stored, the office sees it on its list
        log.warning("opinion %s stored; e-mail to the office failed", opinion.pk, exc_info=True)
        return
    Opinion.objects.filter(pk=opinion.pk).update(notified=True)


def lookup(code: str) -> Opinion | None:
    """The opinion a receipt code opens (spam reads as 已收到: the sender is not told)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 20:
        return None
    return Opinion.objects.filter(receipt_hash=Opinion.hash_receipt(code)).select_related("unit").first()


def public_status(opinion: Opinion) -> str:
    return OpinionStatus.RECEIVED.label if opinion.status == OpinionStatus.SPAM else opinion.get_status_display()


def rate(publication: Publication, value: str, item: int | None = None) -> Rating:
    if value not in Satisfaction.values:
        raise OpinionRefused("请选择 满意、基本满意 或 不满意")
    finding_id = item_finding(publication, item)
    return Rating.objects.create(unit_id=publication.unit_id, publication=publication, finding_id=finding_id, value=value)


# --- the office ------------------------------------------------------------------------


def _office(user, opinion: Opinion):
    return unit_for(user, opinion.unit_id, write=True)


def _save(opinion: Opinion, user, code: str, fields: list[str]) -> None:
    opinion._history_user = user
    opinion._change_reason = code
    opinion.save(update_fields=fields)


@transaction.atomic
def take_up(opinion: Opinion, user, note: str = "") -> None:
    """办理中: the office has taken it up (an internal note may say how)."""
    _office(user, opinion)
    if opinion.status == OpinionStatus.ANSWERED:
        raise LedgerError("该意见已答复")
    opinion.status = OpinionStatus.IN_PROGRESS
    opinion.note = _clean(note, 2000) or opinion.note
    _save(opinion, user, "public.opinion.take_up", ["status", "note"])


@transaction.atomic
def link(opinion: Opinion, user, finding_id) -> None:
    """Link the opinion to a problem of its unit's ledger (or unlink with an empty value)."""
    _office(user, opinion)
    if finding_id in (None, ""):
        opinion.finding = None
    else:
        try:
            # The problems the page offers: the unit's, not an aspect (方面) above them.
            opinion.finding = (Finding.objects.active().exclude(level=Finding.Level.ASPECT)
                               .get(pk=ids.as_id(finding_id), unit_id=opinion.unit_id))
        except Finding.DoesNotExist:
            raise LedgerError("本单位台账中没有这个问题") from None
    _save(opinion, user, "public.opinion.link", ["finding"])


@transaction.atomic
def answer(opinion: Opinion, user, text: str) -> None:
    """已答复: the public answer the sender reads with the receipt code."""
    _office(user, opinion)
    text = _clean(text, 5000)
    if not text:
        raise LedgerError("请填写答复内容")
    opinion.answer, opinion.status = text, OpinionStatus.ANSWERED
    opinion.answered_by, opinion.answered_at = user, timezone.now()
    _save(opinion, user, "public.opinion.answer", ["answer", "status", "answered_by", "answered_at"])


@transaction.atomic
def mark_spam(opinion: Opinion, user) -> None:
    _office(user, opinion)
    opinion.status = OpinionStatus.SPAM
    _save(opinion, user, "public.opinion.spam", ["status"])


# --- the inspecting body --------------------------------------------------------------


@dataclass
class UnitCount:
    unit: Unit
    received: int
    answered: int
    open: int
    satisfied: int
    basic: int
    unsatisfied: int

    @property
    def none(self) -> bool:
        return self.received == 0


def round_counts(user, rnd: InspectionRound) -> list[UnitCount]:
    """Per unit of the round: opinions in and answered, ratings; for roles that read the whole round."""
    if not allows(round_roles(user, rnd), Perm.OVERVIEW):
        from django.http import Http404

        if not round_roles(user, rnd):
            raise Http404("没有这个轮次")
        raise PermissionDenied("只有巡视巡察机构和监督部门可以查看全轮次的群众意见")
    from zhenggai.ledger.figures import unit_opinion_figures

    units = list(Unit.objects.active().filter(inspection=rnd).order_by("name"))
    figs = unit_opinion_figures([u.id for u in units])  # the one definition the dashboard uses too
    return [UnitCount(u, f.received, f.answered, f.open, f.satisfied, f.basic, f.unsatisfied)
            for u in units for f in [figs[u.id]]]
