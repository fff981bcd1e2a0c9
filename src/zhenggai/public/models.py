"""The public side (码上监督): what an issued report shows the public, and what the public sends back.

A ``Publication`` is the leadership's approval (批准公开) of one issued version: the paragraphs
marked 不予公开 are left out of the public version, which is rendered once at approval and
then frozen like the issued report itself. Nothing else of the installation is reachable
without a login: the public pages read only approved, not withdrawn publications.

An ``Opinion`` is what a visitor sends from a unit's QR code; the receipt code that lets the
sender follow it is shown once and stored only as its hash. A ``Rating`` is one 满意 /
基本满意 / 不满意 on a report or on one of its problems. ``RateHit`` rows back the per-address
limit; addresses are kept only as salted hashes.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zhenggai.ledger.models import Finding, LedgerError, Unit, new_public_id
from zhenggai.reports.models import IssuedReport


class Publication(models.Model):
    """The public version of one issued report: exempt paragraphs, approval, and the frozen result."""

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    issued = models.OneToOneField(IssuedReport, on_delete=models.PROTECT, related_name="publication", verbose_name="已印发报告")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    # Paragraph numbers (0-based, in the issued document) marked 不予公开; a heading takes its block with it.
    exempt = models.JSONField("不予公开的段落", default=list, blank=True)
    exempt_reason = models.CharField("不予公开的理由", max_length=300, blank=True)
    # Frozen at approval: the public document (HTML fragment, .docx), and its problems by paragraph number.
    html = models.TextField("公开版网页", blank=True)
    docx = models.BinaryField("公开版 Word", blank=True, default=b"")
    sha256 = models.CharField("公开版 SHA-256", max_length=64, blank=True)
    items = models.JSONField("可评价的问题", default=list, blank=True)  # [{"n": para, "finding": id, "title": …}]
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="批准人")
    approved_at = models.DateTimeField("批准公开时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="撤回人")
    withdrawn_at = models.DateTimeField("撤回公开时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "公开版本"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["unit", "approved_at"], name="publication_unit_approved")]  # a unit's public page

    def __str__(self) -> str:
        return f"{self.issued}（公开版）"

    @property
    def is_public(self) -> bool:
        return self.approved_at is not None and self.withdrawn_at is None

    def delete(self, *args, **kwargs):
        raise LedgerError("公开记录不能删除，只能撤回公开")


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", "已收到"
    IN_PROGRESS = "in_progress", "办理中"
    ANSWERED = "answered", "已答复"
    SPAM = "spam", "无效信息"


class Opinion(models.Model):
    """One opinion (意见建议、问题反映) sent from the public page of a unit."""

    Status = OpinionStatus

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions",
                                    verbose_name="所涉报告")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="所涉问题")
    text = models.TextField("内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField("办理状态", max_length=12, choices=OpinionStatus.choices, default=OpinionStatus.RECEIVED,
                              db_index=True)
    answer = models.TextField("公开答复", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    note = models.TextField("内部备注", blank=True)
    created_at = models.DateTimeField("收到时间", auto_now_add=True, db_index=True)
    notified = models.BooleanField("已通知整改办", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "群众意见"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="opinion_unit_status")]  # the office's list and counts

    def __str__(self) -> str:
        return self.text[:40]

    def delete(self, *args, **kwargs):
        raise LedgerError("群众意见不能删除，可标为无效信息")

    @staticmethod
    def hash_receipt(code: str) -> str:
        return hashlib.sha256(("receipt:" + code.strip().upper()).encode()).hexdigest()


class OpinionPhoto(models.Model):
    """A photo sent with an opinion, stored like evidence (content-addressed, outside the static root)."""

    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="photos")
    name = models.CharField(max_length=220)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Rating(models.Model):
    """One 群众评判 of a published report (finding empty) or of one of its problems."""

    Value = Satisfaction

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="ratings")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.CharField("评价", max_length=12, choices=Satisfaction.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "群众评价"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["unit", "value"], name="rating_unit_value")]  # per-unit evaluation counts


class RateHit(models.Model):
    """One public write from one address (hashed), for the per-address limit."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="ratehit_key_at")]
