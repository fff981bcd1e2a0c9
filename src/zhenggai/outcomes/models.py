"""What rectification produced besides closed measures, as the reports count it.

Each record names the problems it answers, so a report can say "针对…问题，
对2人给予诫勉" and the office can see which problems have had accountability.
Figures (人次, 万元, 项) are always derived from these rows, never typed in.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from zhenggai.ledger.models import Archivable, Finding, Unit


class AccountabilityKind(models.TextChoices):
    # Ordered from lightest to heaviest, as reports list them in reverse.
    REMINDER_TALK = "reminder_talk", "提醒谈话"
    CRITICISM = "criticism", "批评教育"
    SELF_EXAMINATION = "self_examination", "责令检查"
    ADMONITION = "admonition", "诫勉"
    ORGANISATIONAL = "organisational", "组织处理"
    DISCIPLINARY = "disciplinary", "党纪政务处分"
    REFERRED = "referred", "移送纪委监委"


class MoneyKind(models.TextChoices):
    REFUNDED = "refunded", "清退"
    RECOVERED = "recovered", "追回"
    SAVED = "saved", "挽回经济损失"
    RETURNED = "returned", "退还"


class RuleAction(models.TextChoices):
    CREATED = "created", "新建"
    REVISED = "revised", "修订完善"


class MeetingKind(models.TextChoices):
    PARTY_GROUP = "party_group", "党组（党委）会议"
    SPECIAL = "special", "专题会议"
    DEMOCRATIC_LIFE = "democratic_life", "专题民主生活会"
    ORGANISATIONAL_LIFE = "organisational_life", "专题组织生活会"
    PROGRESS = "progress", "整改推进会"
    OTHER = "other", "其他会议"


class Outcome(Archivable):
    """Common fields: the unit, the problems answered, when, and who recorded it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    findings = models.ManyToManyField(Finding, blank=True, related_name="+", verbose_name="针对的问题")
    date = models.DateField("日期")
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]
        # The outcomes lists (问责、资金、制度、会议 of a unit, newest first) and the report figures.
        indexes = [models.Index(fields=["unit", "date"], name="%(class)s_unit_date")]


class Accountability(Outcome):
    """问责: one person, one kind of handling."""

    Kind = AccountabilityKind

    person = models.CharField("被问责人", max_length=100)
    position = models.CharField("职务", max_length=200, blank=True)
    kind = models.CharField("问责方式", max_length=20, choices=AccountabilityKind.choices)
    reason = models.TextField("问责事由")
    history = HistoricalRecords(m2m_fields=[Outcome.findings.field])

    class Meta(Outcome.Meta):
        verbose_name = "问责"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.person}（{self.get_kind_display()}）"


class MoneyRecord(Outcome):
    """Money refunded, recovered or saved; amounts in yuan, reported in 万元."""

    Kind = MoneyKind

    kind = models.CharField("类别", max_length=12, choices=MoneyKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    description = models.TextField("事项")
    history = HistoricalRecords(m2m_fields=[Outcome.findings.field])

    class Meta(Outcome.Meta):
        verbose_name = "资金清退追回"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} 元"


class RuleRecord(Outcome):
    """建章立制: a named rule created or revised."""

    Action = RuleAction

    name = models.CharField("制度名称", max_length=300)
    action = models.CharField("建立或修订", max_length=10, choices=RuleAction.choices)
    document_number = models.CharField("文号", max_length=100, blank=True)
    history = HistoricalRecords(m2m_fields=[Outcome.findings.field])

    class Meta(Outcome.Meta):
        verbose_name = "建章立制"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"《{self.name}》（{self.get_action_display()}）"


class Meeting(Outcome):
    """A meeting held for the rectification (党组会、专题会、专题民主生活会…)."""

    Kind = MeetingKind

    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=300)
    history = HistoricalRecords(m2m_fields=[Outcome.findings.field])

    class Meta(Outcome.Meta):
        verbose_name = "会议"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.title}（{self.date}）"
