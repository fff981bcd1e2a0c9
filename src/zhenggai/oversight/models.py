"""What the inspecting body records above the units: 督办 notices, 回头看 samples, the
evaluation scheme. Nothing is deleted: a notice that escalates keeps its row and points
at the next one; a sample's rows keep their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhenggai.ledger.models import Finding, InspectionRound, Measure, Unit

USER = settings.AUTH_USER_MODEL

DEFAULT_STEPS = ["提醒函", "督办通知书", "告诫书", "约谈", "问责建议"]
DEFAULT_REPLY_DAYS = 7


class RoundSettings(models.Model):
    """A round's 督办 ladder, sampling share and evaluation scheme (defaults when absent)."""

    inspection = models.OneToOneField(InspectionRound, on_delete=models.PROTECT, related_name="oversight_settings")
    steps = models.JSONField("督办步骤", default=list)
    reply_days = models.PositiveIntegerField("答复期限（天）", default=DEFAULT_REPLY_DAYS)
    sample_percent = models.PositiveIntegerField("抽查比例（%）", default=20)
    scheme = models.JSONField("评估方案", default=dict, blank=True)

    class Meta:
        verbose_name = "轮次监督设置"
        verbose_name_plural = verbose_name


class NoticeState(models.TextChoices):
    ISSUED = "issued", "已发出"
    SIGNED = "signed", "已签收"
    REPLIED = "replied", "已答复"
    ESCALATED = "escalated", "已升级"


class Notice(models.Model):
    """One step of the 督办 ladder sent to one unit, with its failing items as they stood."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="notices", verbose_name="单位")
    step = models.PositiveIntegerField("步骤序号")  # index into the round's steps
    name = models.CharField("文书", max_length=40)
    items = models.JSONField("督办事项", default=list)  # [{"kind", "text"}]
    issued_at = models.DateTimeField("发出时间")
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="发出人")
    reply_due = models.DateField("答复期限")
    state = models.CharField("状态", max_length=10, choices=NoticeState.choices, default=NoticeState.ISSUED)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reply = models.TextField("答复（整改措施）", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    escalated_to = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="escalated_from")

    class Meta:
        verbose_name = "督办文书"
        verbose_name_plural = verbose_name
        ordering = ["issued_at", "id"]

    @property
    def is_open(self) -> bool:
        return self.state in (NoticeState.ISSUED, NoticeState.SIGNED)


class Sample(models.Model):
    """One 回头看 draw over a unit's closed items; the seed makes it reproducible."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="samples", verbose_name="单位")
    seed = models.BigIntegerField("随机种子")
    percent = models.PositiveIntegerField("抽查比例（%）")
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="抽取人")

    class Meta:
        verbose_name = "回头看抽查"
        verbose_name_plural = verbose_name
        ordering = ["-drawn_at", "id"]


class CheckResult(models.TextChoices):
    PENDING = "pending", "待核查"
    MATCH = "match", "与销号情况相符"
    MISMATCH = "mismatch", "与销号情况不符"


class SampleItem(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="items")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+", verbose_name="措施")
    flagged = models.BooleanField("因质量提示必抽", default=False)
    checker = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="核查人")
    result = models.CharField("核查结果", max_length=10, choices=CheckResult.choices, default=CheckResult.PENDING)
    notes = models.TextField("核查情况", blank=True)
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)
    photos = models.JSONField("现场照片", default=list, blank=True)  # [{"name", "sha256", "size"}]

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = verbose_name
        ordering = ["sample", "id"]
        constraints = [models.UniqueConstraint(fields=["sample", "measure"], name="sample_item_unique_measure")]


class CategoryCorrection(models.Model):
    """The inspecting office's correction of one problem's class in the taxonomy (共性问题分析).

    Rows are never changed: a later correction of the same problem supersedes the earlier
    (the latest wins), so who corrected what, when, stays on record. Later analyses use the
    corrections of their scope: the corrected problem takes its class, and its title becomes
    an example that similar titles follow (analysis.taxonomy)."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="category_corrections",
                                verbose_name="问题")
    title = models.CharField("问题标题", max_length=500)  # as it stood when corrected
    code = models.CharField("类别代码", max_length=40)
    name = models.CharField("类别", max_length=60)
    corrected_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="更正人")
    corrected_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        verbose_name = "问题分类更正"
        verbose_name_plural = verbose_name
        ordering = ["corrected_at", "id"]
        # The latest correction per problem, read for the problems of an analysis.
        indexes = [models.Index(fields=["finding", "corrected_at"], name="category_fix_finding_time")]
