"""The feedback (反馈意见): aspects → problems → specific problems, suggestions, leads."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .base import Archivable
from .rounds import Unit


class Level(models.TextChoices):
    ASPECT = "aspect", "方面"
    PROBLEM = "problem", "问题"
    ITEM = "item", "具体问题"


class Finding(Archivable):
    """A node of the feedback tree. Measures hang on problems or specific problems."""

    Level = Level

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="findings", verbose_name="单位")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    title = models.TextField("内容")
    number = models.CharField("序号", max_length=20, blank=True)
    # Zero-padded path of positions ("0001.0003"), so the whole ledger sorts in one ORDER BY.
    sort_key = models.CharField(max_length=100, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "反馈问题"
        verbose_name_plural = verbose_name
        ordering = ["sort_key", "id"]
        indexes = [
            # Ledger page, feedback page, dashboard by aspect and the exports: a unit's tree in order.
            models.Index(fields=["unit", "sort_key"], name="finding_unit_sort_key"),
        ]

    def __str__(self) -> str:
        return self.title[:60]

    def ancestors(self) -> list[Finding]:
        """From the root aspect down to the parent."""
        chain: list[Finding] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Suggestion(Archivable):
    """意见建议 given with the feedback."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="suggestions", verbose_name="单位")
    text = models.TextField("意见建议")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = verbose_name
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Lead(Archivable):
    """移交问题线索: visible only to roles allowed to see them (see access.can_see_leads)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leads", verbose_name="单位")
    summary = models.TextField("线索摘要")
    transferred_to = models.CharField("移交对象", max_length=200, blank=True)
    transferred_on = models.DateField("移交日期", null=True, blank=True)
    outcome = models.TextField("办理情况", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "移交问题线索"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return self.summary[:60]
