"""Grants above the unit: a role with a scope, held for a period.

A unit's own people (整改办, 部门填报人, 分管领导, 纪检监督) hold a Membership on the unit: that
is the grant whose scope is one unit (and, for a reporter, one department). Everyone who works
above the units holds a Grant here: the 巡视巡察办 over its body's rounds, a 巡视巡察组 over
its group's units, the 纪委监委 and 组织部 over the rounds of their level, an upper 巡视办
read-only over a whole subtree. What each role may do is `zhenggai.ledger.permissions`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .base import Archivable
from .organisation import Body, BodyKind, InspectionGroup, new_public_id
from .rounds import InspectionRound, Role


class GrantRole(models.TextChoices):
    INSPECTION_OFFICE = Role.INSPECTION_OFFICE.value, Role.INSPECTION_OFFICE.label
    INSPECTION_GROUP = Role.INSPECTION_GROUP.value, Role.INSPECTION_GROUP.label
    DISCIPLINE = Role.DISCIPLINE.value, Role.DISCIPLINE.label
    ORGANISATION_DEPT = Role.ORGANISATION_DEPT.value, Role.ORGANISATION_DEPT.label
    UPPER_OFFICE = Role.UPPER_OFFICE.value, Role.UPPER_OFFICE.label


class GrantQuerySet(models.QuerySet):
    def active(self, today: dt.date | None = None):
        today = today or dt.date.today()
        return self.filter(archived_at__isnull=True).filter(
            models.Q(starts__isnull=True) | models.Q(starts__lte=today),
            models.Q(ends__isnull=True) | models.Q(ends__gte=today),
        )

    def delete(self):  # noqa: D401 - guard, not an action
        from .base import LedgerError

        raise LedgerError("授权记录不能删除，只能归档")


class Grant(Archivable):
    """One role over one scope: a round, a group, or a body's level (optionally its whole subtree)."""

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants", verbose_name="用户")
    role = models.CharField("角色", max_length=20, choices=GrantRole.choices)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="grants", verbose_name="机构",
        help_text="巡视巡察机构：覆盖该机构自己的全部轮次；纪委监委、组织部或层级：覆盖该层级各巡视巡察机构的全部轮次",
    )
    subtree = models.BooleanField("含下级", default=False, help_text="同时覆盖下级层级的全部轮次（只读查看下级）")
    inspection = models.ForeignKey(
        InspectionRound, on_delete=models.PROTECT, null=True, blank=True, related_name="grants", verbose_name="轮次"
    )
    group = models.ForeignKey(
        InspectionGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="grants", verbose_name="巡视巡察组"
    )
    starts = models.DateField("起始日期", null=True, blank=True)
    ends = models.DateField("截止日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "授权"
        verbose_name_plural = verbose_name
        ordering = ["user_id", "role", "id"]
        indexes = [models.Index(fields=["user", "archived_at"], name="grant_user_active")]  # every request's access

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label()}"

    def scope_label(self) -> str:
        if self.group_id:
            return f"{self.group.inspection.name} {self.group.name}"
        if self.inspection_id:
            return self.inspection.name
        if self.body_id:
            return self.body.name + ("及下级" if self.subtree else "")
        return "（无范围）"

    def clean(self) -> None:
        scopes = [s for s in (self.body_id, self.inspection_id, self.group_id) if s]
        if len(scopes) != 1:
            raise ValidationError("授权须且只能指定一个范围：机构、轮次或巡视巡察组")
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": "截止日期不能早于起始日期"})
        if self.body_id and self.body.kind == BodyKind.ORGANISATION:
            raise ValidationError({"body": "被巡视巡察党组织的人员请在单位中添加成员，而不是授权"})
        if self.role == GrantRole.UPPER_OFFICE and not (self.body_id and self.subtree):
            raise ValidationError({"subtree": "上级巡视巡察办的授权须指定机构并勾选“含下级”"})

    def level_id(self) -> int | None:
        """The level node the grant's body belongs to (a body hangs directly under its level)."""
        if not self.body_id:
            return None
        return self.body_id if self.body.kind == BodyKind.LEVEL else self.body.parent_id
