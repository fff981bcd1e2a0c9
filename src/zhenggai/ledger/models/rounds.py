"""Inspection rounds, the inspected units, their departments and who works on them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .base import Archivable
from .organisation import new_public_id


def newest_first(prefix: str = "") -> list:
    """Rounds newest first by when they went in (进驻日期), then by when they were entered.

    A round entered after another (an older round added to the demo, a back-log typed in later)
    is still listed by its own date; rounds without a date come last. ``prefix`` reaches the
    round through a relation (``"inspection__"`` for units).
    """
    return [models.F(f"{prefix}start").desc(nulls_last=True), f"-{prefix}created_at", f"-{prefix}id"]


class InspectionKind(models.TextChoices):
    XUNSHI = "巡视", "巡视"
    XUNCHA = "巡察", "巡察"


class InspectionRound(Archivable):
    """One round (轮次) of inspection by an inspecting body (e.g. 市委第三轮巡察)."""

    # How the round is addressed from outside the installation (public pages, API): not the row id.
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    # The inspecting body (巡视办/巡察办) that runs the round; the name is unique within it.
    body = models.ForeignKey(
        "ledger.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="rounds", verbose_name="巡视巡察机构"
    )
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=4, choices=InspectionKind.choices, default=InspectionKind.XUNCHA)
    inspector = models.CharField("巡视巡察主体", max_length=200, blank=True)
    round = models.CharField("轮次", max_length=100, blank=True)
    types = models.CharField("巡视巡察类型", max_length=200, blank=True, help_text="如 常规巡察、专项巡察")
    start = models.DateField("进驻日期", null=True, blank=True)
    end = models.DateField("结束日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "巡视巡察轮次"
        verbose_name_plural = verbose_name
        ordering = newest_first()
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="round_unique_name_in_body")]

    def __str__(self) -> str:
        return self.name


class Unit(Archivable):
    """An inspected Party organisation (被巡视/巡察党组织): the ledger belongs to it."""

    inspection = models.ForeignKey(InspectionRound, on_delete=models.PROTECT, related_name="units", verbose_name="轮次")
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    name = models.CharField("被巡视巡察党组织", max_length=200)
    group = models.CharField("巡视巡察组", max_length=200, blank=True, help_text="如 市委第三巡察组")
    # The organisation inspected: the same organisation's units of several rounds are one history.
    organisation = models.ForeignKey(
        "ledger.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="units", verbose_name="党组织"
    )
    inspection_group = models.ForeignKey(
        "ledger.InspectionGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="units",
        verbose_name="所属巡视巡察组",
    )
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "被巡视巡察党组织"
        verbose_name_plural = verbose_name
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "name"], name="unit_unique_name_in_round")]

    def __str__(self) -> str:
        return f"{self.name}（{self.inspection.name}）"


class Department(Archivable):
    """A department (处室/科室) of a unit; measures are assigned to departments."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="departments", verbose_name="单位")
    name = models.CharField("部门", max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = verbose_name
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name_in_unit")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICE = "office", "整改办"
    REPORTER = "reporter", "部门填报人"
    LEADER = "leader", "分管领导"
    SUPERVISOR = "supervisor", "纪检监督"
    INSPECTION_OFFICE = "inspection_office", "巡视巡察办"
    # Roles above the unit, held as Grants (models/grants.py), never as a unit Membership.
    INSPECTION_GROUP = "inspection_group", "巡视巡察组"
    DISCIPLINE = "discipline", "纪委监委"
    ORGANISATION_DEPT = "org_dept", "组织部"
    UPPER_OFFICE = "upper_office", "上级巡视巡察办"


# The roles a unit Membership may hold; the rest are Grants.
UNIT_ROLES = (Role.OFFICE, Role.REPORTER, Role.LEADER, Role.SUPERVISOR, Role.INSPECTION_OFFICE)


class Membership(Archivable):
    """Who works on which unit's rectification, in which role (and department)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name="用户")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name="单位")
    role = models.CharField("角色", max_length=20, choices=[(r.value, r.label) for r in UNIT_ROLES])
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name="所在部门"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "成员"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit.name} · {self.get_role_display()}"

    def department_problem(self) -> str:
        """Why this membership's department is wrong, or "" (shared by clean(), save() and checks.py).

        A reporter without a department would see no measure at all (access.py scopes to
        nothing) and, before that rule, saw everything: so it cannot be saved."""
        if self.role == Role.REPORTER and not self.department_id:
            return "部门填报人必须指定所在部门（否则无法确定其可以查看和填报的措施）"
        if self.department_id and self.unit_id and self.department.unit_id != self.unit_id:
            return "所在部门必须属于该单位"
        return ""

    def clean(self) -> None:
        super().clean()
        problem = self.department_problem()
        if problem:
            raise ValidationError({"department": problem})

    def save(self, *args, **kwargs):
        # Every path (admin, forms, services, shell) meets the same rule; an archived row may keep its past.
        problem = "" if self.archived_at else self.department_problem()
        if problem:
            raise ValidationError({"department": problem})
        super().save(*args, **kwargs)
