"""Warning rules, in-app notifications and the log that makes reminders idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from zhenggai.ledger.models import InspectionRound, Measure, Unit

from . import warnings as w

USER = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    GREEN = w.GREEN, "绿色提示"
    YELLOW = w.YELLOW, "黄色预警"
    RED = w.RED, "红色预警（逾期）"


class NoticeLevel(models.TextChoices):
    """A notification's colour: the three warning levels, or a workflow message (流程消息)."""

    GREEN = w.GREEN, "绿色提示"
    YELLOW = w.YELLOW, "黄色预警"
    RED = w.RED, "红色预警（逾期）"
    NOTICE = "notice", "流程消息"


class Recipient(models.TextChoices):
    REPORTER = w.REPORTER, "责任部门填报人"
    LEADER = w.LEADER, "分管领导"
    OFFICE = w.OFFICE, "整改办"
    PRINCIPAL = w.PRINCIPAL, "主要负责人"
    SUPERVISOR = w.SUPERVISOR, "纪检监督"


def _default_green() -> list[str]:
    return sorted(w.Recipients().green)


def _default_yellow() -> list[str]:
    return sorted(w.Recipients().yellow)


def _default_red() -> list[str]:
    return sorted(w.Recipients().red)


class WarningRule(models.Model):
    """How warnings run for a whole round (set by 巡察办) or one unit (set by its 整改办).

    A unit's own rule wins over its round's, which wins over the installation
    defaults (ZHENGGAI_WARNING_GREEN_DAYS / _YELLOW_DAYS)."""

    inspection = models.OneToOneField(
        InspectionRound, on_delete=models.PROTECT, null=True, blank=True, related_name="warning_rule", verbose_name="轮次"
    )
    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="warning_rule", verbose_name="单位"
    )
    green_days = models.PositiveSmallIntegerField("绿色提示：到期前天数", default=20)
    yellow_days = models.PositiveSmallIntegerField("黄色预警：到期前天数", default=10)
    green_to = models.JSONField("绿色提示发送给", default=_default_green)
    yellow_to = models.JSONField("黄色预警发送给", default=_default_yellow)
    red_to = models.JSONField("红色预警发送给", default=_default_red)
    # The unit's principal leader (主要负责人, usually the Party secretary): red warnings go here.
    principal = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="主要负责人"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "预警规则"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(unit__isnull=True) & models.Q(inspection__isnull=False))
                | (models.Q(unit__isnull=False) & models.Q(inspection__isnull=True)),
                name="warning_rule_one_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.inspection} 预警规则"

    def thresholds(self) -> w.Thresholds:
        return w.Thresholds(green_days=self.green_days, yellow_days=self.yellow_days)

    def recipients(self) -> w.Recipients:
        return w.Recipients(green=frozenset(self.green_to), yellow=frozenset(self.yellow_to), red=frozenset(self.red_to))

    def clean(self) -> None:
        try:
            self.thresholds()
            self.recipients()
        except w.WarningConfigError as e:
            raise ValidationError(str(e)) from None


class Notification(models.Model):
    """An in-app message (站内提醒): always created, e-mail or not."""

    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="notifications", verbose_name="接收人")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="措施")
    level = models.CharField("级别", max_length=10, choices=NoticeLevel.choices)
    title = models.CharField("标题", max_length=300)
    body = models.TextField("内容", blank=True)
    # What the recipient should do next (办理 on the measure's page), shown with the link.
    todo = models.CharField("下一步", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # Workflow messages: when the e-mail went (at once or in the daily digest); empty = not mailed yet.
    mailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内提醒"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            # 站内提醒 page: one user's notifications, newest first, one page at a time.
            models.Index(fields=["user", "created_at"], name="notification_user_created"),
        ]

    def __str__(self) -> str:
        return self.title


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", "每件事即时发邮件"
    DAILY = "daily", "每天一封汇总邮件"
    NONE = "none", "不发邮件（只看站内提醒）"


class NoticePreference(models.Model):
    """How one person wants e-mail; without a row, every message is mailed at once (when they have an address)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="notice_preference", verbose_name="用户")
    email = models.CharField("邮件提醒", max_length=10, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATE)

    class Meta:
        verbose_name = "提醒方式"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.get_email_display()


def email_choice(user) -> str:
    pref = NoticePreference.objects.filter(user=user).values_list("email", flat=True).first()
    return pref or EmailChoice.IMMEDIATE


class ReminderLog(models.Model):
    """One reminder sent: the unique key makes ``zhenggai remind`` safe to run again.

    The deadline is part of the key, so an approved extension (new deadline)
    starts the green → yellow → red sequence afresh, while re-runs on the same
    day or the next never repeat a reminder."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+", verbose_name="措施")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    recipient = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="接收人")
    deadline = models.DateField("提醒时的完成时限")
    # Namespaced action code of the audit trail, e.g. supervision.remind.red.
    action = models.CharField("操作代码", max_length=60)
    sent_at = models.DateTimeField("发送时间")
    sent_on = models.DateField("业务日期")
    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, related_name="+", verbose_name="站内提醒")
    emailed = models.BooleanField("已发邮件", default=False)
    email_error = models.TextField("邮件错误", blank=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = verbose_name
        ordering = ["-sent_at", "-id"]
        indexes = [
            # Admin list of the reminder log (newest first) and its filter by recipient.
            models.Index(fields=["sent_at"], name="reminder_sent_at"),
            models.Index(fields=["recipient", "sent_at"], name="reminder_recipient_sent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "level", "recipient", "deadline"], name="reminder_once_per_level_recipient_deadline"
            )
        ]
