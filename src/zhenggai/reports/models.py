"""Drafts the office edits and the versions it issues.

A draft (one per unit and kind) holds only what people write: the narrative,
the contact lines and the date the figures are counted to. Figures are never
stored on a draft; they are computed from the ledger each time it is shown.
An issued report freezes everything (text, HTML, .docx bytes and its sha256):
once saved it refuses every change and every deletion, so what left the office
can always be shown again exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zhenggai.ledger.models import LedgerError, Unit


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "阶段性进展情况通报"
    FINAL = "final", "整改情况报告"
    DISPATCH = "dispatch", "调度报告"


class ReportDraft(models.Model):
    Kind = ReportKind

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    kind = models.CharField("报告类别", max_length=12, choices=ReportKind.choices)
    as_of = models.DateField("统计截止日期", default=dt.date.today)
    period_start = models.DateField("调度起始日期", null=True, blank=True)
    basic = models.TextField("整改工作基本情况", blank=True)
    next_steps = models.TextField("下一步工作打算", blank=True)
    phone = models.CharField("联系电话", max_length=200, blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=12, blank=True)
    email = models.CharField("电子邮箱", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "报告草稿"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="report_draft_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.get_kind_display()}"


class IssuedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerError("已印发的报告不能修改 (issued reports never change)")

    def delete(self):
        raise LedgerError("已印发的报告不能删除 (issued reports are kept)")


class IssuedReport(models.Model):
    """One issued version, frozen. Version numbers count per unit and kind from 1."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="issued", verbose_name="草稿")
    kind = models.CharField("报告类别", max_length=12, choices=ReportKind.choices)
    version = models.PositiveIntegerField("版本")
    as_of = models.DateField("统计截止日期")
    title = models.CharField("标题", max_length=300)
    text = models.TextField("正文")
    html = models.TextField("网页版")
    docx = models.BinaryField("Word 文档")
    sha256 = models.CharField("SHA-256", max_length=64)
    figures = models.JSONField("数据", default=dict)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="印发人")
    issued_at = models.DateTimeField("印发时间", auto_now_add=True)

    objects = IssuedQuerySet.as_manager()

    class Meta:
        verbose_name = "已印发报告"
        verbose_name_plural = verbose_name
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "version"], name="issued_report_unique_version")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise LedgerError("已印发的报告不能修改 (issued reports never change)")
        self.sha256 = hashlib.sha256(bytes(self.docx)).hexdigest()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("已印发的报告不能删除 (issued reports are kept)")

    def intact(self) -> bool:
        """The stored .docx is the one issued (its sha256 still matches)."""
        return hashlib.sha256(bytes(self.docx)).hexdigest() == self.sha256


class ProblemText(models.Model):
    """What a public report says of one problem, as the office wrote or accepted it.

    Only this text (never a reporter's raw 整改进展) goes into a 通报/报告: the draft page
    shows each problem's suggested sentence beside the progress it came from, and the
    office accepts it as is or edits it. ``suggested`` keeps the suggestion that was
    accepted, so the page can say when the ledger has moved on since. Blank ``text``
    means withdrawn (rows are kept, with their history, never deleted).
    """

    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="problem_texts", verbose_name="草稿")
    finding = models.ForeignKey("ledger.Finding", on_delete=models.PROTECT, related_name="+", verbose_name="问题")
    text = models.TextField("采用的文字", blank=True)
    suggested = models.TextField("采用时的建议文字", blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="采用人")
    accepted_at = models.DateTimeField("采用时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问题整改情况文字"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["draft", "finding"], name="problem_text_one_per_draft")]

    def __str__(self) -> str:
        return f"{self.draft} · {self.finding_id}"

    def delete(self, *args, **kwargs):
        raise LedgerError("采用的文字不能删除，只能撤回")
