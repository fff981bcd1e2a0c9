"""Token verbs: create (the key is returned once), revoke, authenticate."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from zhenggai.ledger.models import LedgerError

from .models import ApiToken

PREFIX = "zg_"


def create(user, name: str) -> tuple[ApiToken, str]:
    name = " ".join((name or "").split())[:100]
    if not name:
        raise LedgerError("请填写令牌的用途（如：上级平台对接）")
    if not getattr(user, "is_authenticated", False):
        raise LedgerError("请先登录")
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=ApiToken.hash(key))
    return token, key


@transaction.atomic
def revoke(user, token_id) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise LedgerError("没有这个令牌，或已撤销")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def authenticate(key: str):
    """The active user the key belongs to, or None."""
    if not key or not key.startswith(PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
