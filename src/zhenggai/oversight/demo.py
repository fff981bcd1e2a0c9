"""The demo city's supervision: one 督办 notice signed and waiting for its reply, and one
回头看 sample with a result, so the oversight pages show something on first login."""

from __future__ import annotations

import datetime as dt

from zhenggai.ledger.models import LedgerError, Measure, Membership, Role

from . import services
from .models import Notice, Sample


def load(units, ban, today: dt.date) -> None:
    """Idempotent: once the city has a notice (or a sample) no other is made."""
    units = list(units)
    for unit in [] if Notice.objects.filter(unit__in=units).exists() else units:
        try:
            notice = services.issue_notice(ban, unit, today=today)
        except LedgerError:
            continue  # nothing failing in this unit
        office = Membership.objects.active().filter(unit=unit, role=Role.OFFICE).select_related("user").first()
        if office:
            services.sign_notice(office.user, notice)
        break
    for unit in [] if Sample.objects.filter(unit__in=units).exists() else units:
        if not Measure.objects.active().filter(finding__unit=unit, status=Measure.Status.COMPLETED).exists():
            continue
        sample = services.draw_sample(ban, unit, seed=20250101, checker=ban, today=today)
        first = sample.items.first()
        if first is not None:
            services.record_check(ban, first, True, "现场查看制度文件和会议记录，与销号情况一致")
        return
