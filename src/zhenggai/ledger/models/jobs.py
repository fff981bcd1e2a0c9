"""A 生成任务: long output (a body's whole dashboard, every unit's evaluation, an analysis)
made by a background task instead of inside the request.

The row records who asked, for what and over which scope, how far the task got, and the
file it wrote (under DATA_DIR/jobs/ with a random name) or the Chinese reason it failed.
Only the requester may open it, and only while their grants still cover the scope
(ledger.access.job_for). Rows are never deleted: they are the record of what was generated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在生成"
    DONE = "done", "已完成"
    FAILED = "failed", "未能生成"


class GeneratedJob(models.Model):
    State = JobState

    kind = models.CharField("任务类别", max_length=40, db_index=True)  # a key of ledger.jobs.KINDS
    title = models.CharField("任务", max_length=200)
    scope = models.JSONField("范围", default=dict, blank=True)  # the kind's own parameters (round, body, filters)
    scope_label = models.CharField("范围说明", max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    state = models.CharField("状态", max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)  # what the download is called
    path = models.CharField(max_length=100, blank=True)  # relative to DATA_DIR/jobs, never from user input
    content_type = models.CharField(max_length=100, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)  # kinds whose result is a page (analysis)
    error = models.TextField("错误", blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "生成任务"
        verbose_name_plural = verbose_name
        ordering = ["-requested_at", "-id"]
        # The requester's list of their recent jobs (ledger:jobs).
        indexes = [models.Index(fields=["requested_by", "requested_at"], name="job_requester_time")]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def busy(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(99, 100 * self.done // self.total) if self.total else 0

    @property
    def count_text(self) -> str:
        return f"{self.done}/{self.total}" if self.total else ""
