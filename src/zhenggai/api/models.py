"""API tokens: one per use (a script, the upper level's platform), per user, stored hashed.

The token itself is shown once when created; only its SHA-256 is kept, with a short prefix
so the page can tell tokens apart. A revoked token is kept (who had access when), never deleted.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from zhenggai.ledger.models import LedgerError


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name="用户")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def delete(self, *args, **kwargs):
        raise LedgerError("令牌不能删除，只能撤销")
