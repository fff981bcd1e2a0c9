"""An import in progress: the uploaded file, its preview (plan) and what applying it did.

Parsing a large document takes minutes, so it runs as a background task
(zhenggai.ledger.tasks) and the page polls this row for progress.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .rounds import Unit


class ImportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    PARSING = "parsing", "正在读取"
    READY = "ready", "待确认"
    APPLYING = "applying", "正在导入"
    APPLIED = "applied", "已导入"
    FAILED = "failed", "未导入"
    DISCARDED = "discarded", "已放弃"


class ImportJob(models.Model):
    State = ImportState

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="import_jobs", verbose_name="单位")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="导入人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    file_name = models.CharField("文件名", max_length=255)
    path = models.CharField(max_length=500, blank=True)  # the stored upload, removed once applied or discarded
    state = models.CharField("状态", max_length=10, choices=ImportState.choices, default=ImportState.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    plan = models.JSONField("导入预览", null=True, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    result = models.JSONField("导入结果", default=dict, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"

    @property
    def busy(self) -> bool:
        return self.state in (ImportState.QUEUED, ImportState.PARSING, ImportState.APPLYING)
