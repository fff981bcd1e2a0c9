"""The round's side of rectification: the feedback a group hands over, the milestones every
unit must meet, the common problems every unit must answer, and what the 纪委监委 and 组织部
did per unit. Nothing is deleted; each record keeps who and when.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from zhenggai.ledger.models import Archivable, Finding, InspectionKind, InspectionRound, Unit


class FeedbackDraft(models.Model):
    """The feedback a 巡视巡察组 prepares for a unit, until it hands it over (移交) on the feedback date."""

    class State(models.TextChoices):
        DRAFT = "draft", "起草中"
        HANDED_OVER = "handed_over", "已移交"

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="feedback_draft", verbose_name="单位")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    content = models.JSONField("反馈意见", default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    handed_over_on = models.DateField("移交日期", null=True, blank=True)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "反馈意见稿"
        verbose_name_plural = verbose_name


class MilestoneKind(models.TextChoices):
    PLAN = "plan", "报送整改方案"
    CONCENTRATED = "concentrated", "集中整改期结束"
    REPORT = "report", "报送整改情况报告"
    DISCLOSURE = "disclosure", "公开整改情况"


# Days after the feedback (PRACTICE.md): plan within about a month, three months of
# concentrated rectification, the report within two months for 巡视 (after the concentrated
# period for 巡察), public disclosure after it. Every number is a per-round setting.
DEFAULT_DAYS = {
    InspectionKind.XUNSHI: {MilestoneKind.PLAN: 30, MilestoneKind.CONCENTRATED: 90, MilestoneKind.REPORT: 60,
                            MilestoneKind.DISCLOSURE: 120},
    InspectionKind.XUNCHA: {MilestoneKind.PLAN: 30, MilestoneKind.CONCENTRATED: 90, MilestoneKind.REPORT: 90,
                            MilestoneKind.DISCLOSURE: 120},
}


class RoundMilestone(models.Model):
    """One milestone of a round: due so many days after each unit's feedback date."""

    inspection = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField("节点", max_length=14, choices=MilestoneKind.choices)
    days = models.PositiveIntegerField("反馈后天数")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "轮次时间节点"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["inspection", "kind"], name="milestone_unique_kind_in_round")]
        ordering = ["days", "kind"]

    def due_for(self, unit: Unit) -> dt.date | None:
        return unit.feedback_date + dt.timedelta(days=self.days) if unit.feedback_date else None


class MilestoneDone(Archivable):
    """A unit met a milestone on a date (a wrong record is archived, never deleted)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="milestones_done")
    kind = models.CharField("节点", max_length=14, choices=MilestoneKind.choices)
    done_on = models.DateField("完成日期")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "时间节点完成记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["unit", "kind"], name="milestone_done_unit_kind")]  # round milestone table


class CommonProblem(Archivable):
    """A 共性问题 the inspecting body publishes to the round's units (and others it chooses)."""

    inspection = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="common_problems")
    title = models.CharField("共性问题", max_length=300)
    description = models.TextField("说明", blank=True)
    published_on = models.DateField("发布日期")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Units outside the round that must answer too (pushed to organisations not inspected this round).
    extra_units = models.ManyToManyField(Unit, blank=True, related_name="pushed_common_problems")
    # The round's units that must answer, when it goes to some of them only (none chosen: every unit of the round).
    units = models.ManyToManyField(Unit, blank=True, related_name="targeted_common_problems",
                                   verbose_name="本轮次中须对照的单位")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "共性问题"
        verbose_name_plural = verbose_name
        ordering = ["published_on", "id"]


class CommonAnswer(models.Model):
    """A unit's answer to a common problem (举一反三): adopted with its own measures, or not applicable."""

    class Answer(models.TextChoices):
        ADOPTED = "adopted", "对照整改"
        NOT_APPLICABLE = "not_applicable", "不存在此问题"

    class State(models.TextChoices):
        PENDING = "pending", "待巡视巡察办审核"
        ACCEPTED = "accepted", "已认可"
        RETURNED = "returned", "已退回"

    problem = models.ForeignKey(CommonProblem, on_delete=models.PROTECT, related_name="answers")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="common_answers")
    answer = models.CharField("答复", max_length=16, choices=Answer.choices)
    reason = models.TextField("理由", blank=True)
    # The problem the unit made in its ledger for an adopted common problem: its measures are marked by it.
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="common_answers")
    state = models.CharField("审核", max_length=10, choices=State.choices, default=State.PENDING)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decision_note = models.TextField("审核意见", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "共性问题答复"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["problem", "unit"], name="common_answer_once_per_unit")]


class SupervisionActivity(Archivable):
    """What the 纪委监委 or 组织部 did for one unit's rectification."""

    class Kind(models.TextChoices):
        ATTEND_MEETING = "attend_meeting", "列席专题民主生活会"
        HEAR_REPORT = "hear_report", "听取汇报"
        GUIDE_PLAN = "guide_plan", "指导整改方案"
        SITE_CHECK = "site_check", "现场检查"
        TALK = "talk", "约谈"
        OTHER = "other", "其他"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supervision_activities")
    by_role = models.CharField("监督部门", max_length=20)
    kind = models.CharField("方式", max_length=16, choices=Kind.choices)
    date = models.DateField("日期")
    people = models.CharField("参加人员", max_length=300, blank=True)
    found = models.TextField("发现的问题和意见", blank=True)
    problems = models.ManyToManyField(Finding, blank=True, related_name="supervision_activities",
                                      verbose_name="涉及问题")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    @property
    def by_role_label(self) -> str:
        from zhenggai.ledger.models import Role

        return Role(self.by_role).label if self.by_role in Role.values else self.by_role

    class Meta:
        verbose_name = "日常监督记录"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]


class MilestoneReminder(models.Model):
    """One milestone reminder sent: the unique key makes ``zhenggai remind`` safe to re-run."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=MilestoneKind.choices)
    due = models.DateField()
    level = models.CharField(max_length=10)  # yellow: due within the week; red: missed
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "due", "level"], name="milestone_reminded_once")]
