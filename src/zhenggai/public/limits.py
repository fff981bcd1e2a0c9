"""A small per-address limit on public writes, kept in the database (works with one process or many).

The address is stored only as a salted hash. Defaults: ZHENGGAI_PUBLIC_RATE (5) writes per
ZHENGGAI_PUBLIC_RATE_MINUTES (10) minutes per address and kind of write.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import RateHit


class RateLimited(Exception):
    """Too many writes from this address; the message says when to try again, in Chinese."""


def client_address(request) -> str:
    """REMOTE_ADDR; behind a proxy set ZHENGGAI_TRUST_X_FORWARDED_FOR=1 to use the first forwarded hop."""
    if getattr(settings, "PUBLIC_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(address: str, kind: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{address}".encode()).hexdigest()


@transaction.atomic
def hit(address: str, kind: str, now: dt.datetime | None = None) -> None:
    """Count one write, or raise RateLimited when the address has used up its window."""
    now = now or timezone.now()
    limit = getattr(settings, "PUBLIC_RATE_LIMIT", 5)
    window = dt.timedelta(minutes=getattr(settings, "PUBLIC_RATE_MINUTES", 10))
    key = _key(address, kind)
    # Old rows are of no use to anyone: rate hits are counters, not records.
    RateHit.objects.filter(at__lt=now - window).delete()
    if RateHit.objects.filter(key=key, at__gte=now - window).count() >= limit:
        raise RateLimited(f"提交过于频繁，请{window.seconds // 60}分钟后再试")
    RateHit.objects.create(key=key, at=now)
