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
    EXPIRED = "expired", "已过期"  # never confirmed within settings.IMPORT_EXPIRY_HOURS: the upload was removed


class ImportJob(models.Model):
    State = ImportState

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="import_jobs", verbose_name="单位")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="导入人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    file_name = models.CharField("文件名", max_length=255)
    path = models.CharField(max_length=500, blank=True)  # the stored upload, removed once applied, discarded or expired
    state = models.CharField("状态", max_length=10, choices=ImportState.choices, default=ImportState.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    plan = models.JSONField("导入预览", null=True, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    result = models.JSONField("导入结果", default=dict, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # A document import keeps what the parser read and the clerk's corrections (outline_edits operations),
    # so the preview is rebuilt from parsed + corrections and the corrections replay on a new parse.
    document_sha256 = models.CharField("文档 SHA-256", max_length=64, blank=True)
    parser_version = models.CharField("解析程序版本", max_length=40, blank=True)
    parsed = models.JSONField("解析结果", null=True, blank=True)
    corrections = models.JSONField("提纲更正", default=list, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"

    @property
    def busy(self) -> bool:
        return self.state in (ImportState.QUEUED, ImportState.PARSING, ImportState.APPLYING)


class CorrectionExample(models.Model):
    """What a clerk corrected in a parsed outline: a test case for later versions of the parser.

    Saved when a corrected import is applied; never edited. The document
    itself is not kept (only its hash): a replay needs the file from the office.
    """

    document_sha256 = models.CharField("文档 SHA-256", max_length=64, db_index=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    parser_version = models.CharField("解析程序版本", max_length=40, blank=True)
    operations = models.JSONField("更正操作", default=list)
    outline = models.JSONField("更正后的提纲", default=list)
    job = models.OneToOneField(ImportJob, on_delete=models.PROTECT, null=True, blank=True, related_name="example")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="更正人"
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "提纲更正样例"
        verbose_name_plural = verbose_name
        ordering = ["created_at", "id"]

    def to_dict(self) -> dict:
        return {
            "document_sha256": self.document_sha256, "file_name": self.file_name,
            "parser_version": self.parser_version, "operations": self.operations, "outline": self.outline,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }
