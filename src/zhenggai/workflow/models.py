"""Workflow records. Nothing here is ever deleted: requests are decided, not removed.

The measure's workflow state itself is not stored (see states.derive): it follows
from Measure.status and the pending CloseRequest, so the two can never disagree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhenggai.ledger.models import Department, Measure, Unit

from .states import STATE_LABELS, State

USER = settings.AUTH_USER_MODEL


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "每周"
    HALF_MONTHLY = "half_monthly", "每半月"
    MONTHLY = "monthly", "每月"


class ExtensionApprover(models.TextChoices):
    OFFICE = "office", "整改办"
    LEADER = "leader", "分管领导"
    BOTH = "both", "整改办或分管领导"


class WorkflowSettings(models.Model):
    """How one unit runs its rectification: set by its 整改办 (one row per unit)."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="workflow_settings", verbose_name="单位")
    cadence = models.CharField("报送周期", max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY)
    leader_approval = models.BooleanField("销号需分管领导审批", default=False)
    acceptance = models.BooleanField("销号需巡察办验收组验收", default=False)
    extension_approver = models.CharField(
        "延期审批人", max_length=10, choices=ExtensionApprover.choices, default=ExtensionApprover.OFFICE
    )
    # Days after closing when look-backs (回头看) are scheduled, e.g. [90, 180].
    lookback_days = models.JSONField("回头看间隔（天）", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "整改流程设置"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.unit.name} 流程设置"


class ProgressReport(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="progress_reports", verbose_name="措施")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="报送人")
    created_at = models.DateTimeField("报送时间", db_index=True)
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成比例", null=True, blank=True)

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [
            # 待办 (inbox), dashboard reports panel and the measure page: a measure's latest report.
            models.Index(fields=["measure", "created_at"], name="progress_measure_created"),
        ]


class RequestState(models.TextChoices):
    PENDING = "pending", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


class CloseRequest(models.Model):
    """申请销号: one per attempt; a returned request stays as the record of the return."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="close_requests", verbose_name="措施")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    summary = models.TextField("整改完成情况")
    # No index of its own: SQLite's planner would read every pending request of the installation
    # for one unit's 待办 and ledger page; the partial unique index on pending requests serves per measure.
    state = models.CharField("状态", max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    # The pending stage as a states.State value (pending_office / pending_leader / pending_acceptance).
    stage = models.CharField("当前环节", max_length=20, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    @property
    def stage_label(self) -> str:
        return STATE_LABELS[State(self.stage)] if self.stage else ""

    class Meta:
        verbose_name = "销号申请"
        verbose_name_plural = verbose_name
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure"], condition=models.Q(state="pending"), name="one_pending_close_request_per_measure"
            )
        ]


class Decision(models.TextChoices):
    APPROVED = "approved", "通过"
    RETURNED = "returned", "退回"


class Approval(models.Model):
    """One decision on a close request, with a frozen copy of what was decided on."""

    request = models.ForeignKey(CloseRequest, on_delete=models.PROTECT, related_name="approvals", verbose_name="销号申请")
    stage = models.CharField("环节", max_length=20)
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    approver = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="审核人")
    decided_at = models.DateTimeField("审核时间")
    reason = models.TextField("意见", blank=True)
    snapshot = models.JSONField("审核时的措施与佐证材料")

    @property
    def stage_label(self) -> str:
        return STATE_LABELS[State(self.stage)]

    class Meta:
        verbose_name = "销号审核"
        verbose_name_plural = verbose_name
        ordering = ["decided_at", "id"]


class Evidence(models.Model):
    """An uploaded evidence file (佐证材料). The bytes live under DATA_DIR/evidence by SHA-256."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="evidence", verbose_name="措施")
    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, null=True, blank=True, related_name="files", verbose_name="进展报送"
    )
    close_request = models.ForeignKey(
        CloseRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="files", verbose_name="销号申请"
    )
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间")
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = verbose_name
        ordering = ["uploaded_at", "id"]


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class Extension(models.Model):
    """申请延期: asked before the deadline, decided by the configured approvers."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="extensions", verbose_name="措施")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    reason = models.TextField("延期理由")
    old_deadline = models.DateField("申请时的完成时限")
    new_deadline = models.DateField("申请延至")
    state = models.CharField("状态", max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = verbose_name
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["measure"], condition=models.Q(state="pending"), name="one_pending_extension_per_measure")
        ]


class HandoverField(models.TextChoices):
    LEADER = "leader", "责任领导"
    PERSON = "person", "责任人"


class Handover(models.Model):
    """整改责任交接: a leader's or person's open items handed to a successor in one step."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="handovers", verbose_name="单位")
    field = models.CharField("交接对象", max_length=10, choices=HandoverField.choices)
    predecessor = models.CharField("原责任人", max_length=100)
    successor = models.CharField("接任人", max_length=100)
    reason = models.TextField("交接原因")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="经办人")
    at = models.DateTimeField("交接时间")
    measure_ids = models.JSONField("交接的措施")

    class Meta:
        verbose_name = "责任交接"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]


class LookbackState(models.TextChoices):
    SCHEDULED = "scheduled", "待回头看"
    DONE = "done", "已回头看"


class Lookback(models.Model):
    """回头看 of a closed or long-term item: scheduled, then recorded (reopens on rebound)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="lookbacks", verbose_name="措施")
    due_on = models.DateField("计划日期", db_index=True)
    state = models.CharField("状态", max_length=10, choices=LookbackState.choices, default=LookbackState.SCHEDULED)
    scheduled_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    done_on = models.DateField("回头看日期", null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="检查人")
    found = models.TextField("检查情况", blank=True)
    rebound = models.BooleanField("反弹回潮", default=False)

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = verbose_name
        ordering = ["due_on", "id"]


class Comment(models.Model):
    """A remark on a measure (纪检监督 comments here; they cannot edit)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="comments", verbose_name="措施")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="发表人")
    created_at = models.DateTimeField("时间")
    text = models.TextField("意见")

    class Meta:
        verbose_name = "监督意见"
        verbose_name_plural = verbose_name
        ordering = ["created_at", "id"]


class AuditEvent(models.Model):
    """Every workflow state change: actor, time, namespaced action code, reason, data."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="workflow_events", verbose_name="单位")
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="workflow_events", verbose_name="措施"
    )
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", db_index=True)
    action = models.CharField("操作代码", max_length=60, db_index=True)
    reason = models.TextField("理由", blank=True)
    data = models.JSONField("数据", default=dict)

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]
        indexes = [
            # Measure page (its workflow record, newest first) and the admin list by unit.
            models.Index(fields=["measure", "at"], name="audit_measure_at"),
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
        ]


__all__ = [
    "Approval", "AuditEvent", "Cadence", "CloseRequest", "Comment", "Decision", "Department", "Evidence",
    "Extension", "ExtensionApprover", "ExtensionState", "Handover", "HandoverField", "Lookback",
    "LookbackState", "ProgressReport", "RequestState", "WorkflowSettings",
]
