"""Rectification measures (整改措施): the rows of the ledger."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .base import Archivable
from .feedback import Finding
from .rounds import Department


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"
    LONG_TERM = "long_term", "长期坚持"


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "正在整改"
    COMPLETED = "completed", "已完成"
    LONG_TERM = "long_term", "长期坚持"


# Crockford-like alphabet without 0/O/1/I, so a key read off a printout is typed back right.
_REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REF_PREFIX = "ZG"


def new_ref() -> str:
    """A measure's 编号: random (not the row id), so it survives export → edit → import and says nothing of sequence."""
    return REF_PREFIX + "".join(secrets.choice(_REF_ALPHABET) for _ in range(10))


# Statuses where a passed deadline no longer matters.
SETTLED = (MeasureStatus.COMPLETED, MeasureStatus.LONG_TERM)


class Measure(Archivable):
    Kind = MeasureKind
    Status = MeasureStatus

    # The stable key written to the 编号 column of every export; re-import matches rows by it.
    ref = models.CharField("编号", max_length=12, default=new_ref, db_index=True, editable=False)
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="measures", verbose_name="问题")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField("整改措施")
    target = models.TextField("整改目标", blank=True)
    kind = models.CharField("措施类型", max_length=12, choices=MeasureKind.choices, default=MeasureKind.DEADLINE)
    # Status and deadline are indexed together with the finding and in measure_deadline_status
    # (Meta.indexes), not alone: a lone index on either makes SQLite's planner read every open
    # measure of the installation instead of starting from the unit's findings.
    status = models.CharField(
        "整改状态", max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    leader = models.CharField("责任领导", max_length=100, blank=True)
    lead_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="led_measures", verbose_name="牵头部门"
    )
    departments = models.ManyToManyField(Department, blank=True, related_name="measures", verbose_name="责任部门")
    person = models.CharField("责任人", max_length=100, blank=True, db_index=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    # Set once, by the first approved extension (zhenggai.workflow), so the ledger can
    # show the original deadline beside the current one; empty means never extended.
    original_deadline = models.DateField("原定完成时限", null=True, blank=True)
    # 长期坚持: when the office next reviews the item (set by workflow.mark_long_term).
    review_date = models.DateField("复核日期", null=True, blank=True)
    # Last 回头看 (look-back) recorded, kept here so the ledger marks rows without a query per row.
    looked_back_on = models.DateField("回头看日期", null=True, blank=True)
    progress = models.TextField("整改进展", blank=True)
    # Set when an import archives this measure in favour of a new one, so the old page links to it.
    successor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors", verbose_name="接替措施"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = verbose_name
        ordering = ["finding__sort_key", "position", "id"]
        indexes = [
            # Ledger page counts (by status, overdue), warning lists and the dashboard: a unit's
            # measures are reached through its findings, then narrowed by status and deadline.
            models.Index(fields=["finding", "status", "deadline"], name="measure_finding_status_dl"),
            # zhenggai remind: open measures with a deadline in the warning window, across all units.
            models.Index(fields=["deadline", "status"], name="measure_deadline_status"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        from ..figures import MeasureFact  # the one overdue rule every page counts with

        return MeasureFact(self.status, self.deadline).is_overdue(today or dt.date.today())
