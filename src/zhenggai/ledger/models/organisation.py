"""Who inspects whom: the tree of bodies an installation holds.

One installation may hold a province, a city, a county or a single unit on one PC. The tree
has levels (省/市/县), and attached to a level its inspecting body (巡视办/巡察办), the
supervising 纪委监委 and 组织部, and the organisations it inspects. A round belongs to an
inspecting body; a unit of a round points at its organisation, so that an organisation
inspected again years later has one history.

Subtree questions ("every round of every body below the city") are answered with a
materialised path of opaque ids, so that one indexed prefix query serves any depth.
"""

from __future__ import annotations

import secrets

from django.db import models
from simple_history.models import HistoricalRecords

from .base import Archivable

_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_public_id() -> str:
    """A non-sequential id for anything addressed from outside (URLs, API): guessing one
    reveals nothing about how many there are."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


class BodyKind(models.TextChoices):
    LEVEL = "level", "层级"
    INSPECTING = "inspecting", "巡视巡察机构"
    DISCIPLINE = "discipline", "纪委监委"
    ORGANISATION_DEPT = "org_dept", "组织部"
    ORGANISATION = "organisation", "党组织"


class Tier(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    UNIT = "unit", "单位"


class Body(Archivable):
    """A node of the tree: a level, or a body attached to a level."""

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    kind = models.CharField("类别", max_length=16, choices=BodyKind.choices)
    tier = models.CharField("层级", max_length=10, choices=Tier.choices, blank=True)
    name = models.CharField("名称", max_length=200)
    # "/a1/b2/c3/": the public ids from the root down to this node (subtree = prefix match).
    path = models.CharField(max_length=400, db_index=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = verbose_name
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "kind", "name"], name="body_unique_name_under_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "/") + self.public_id + "/"
        super().save(*args, **kwargs)

    def is_within(self, other: Body) -> bool:
        """Whether this node lies in the subtree of ``other`` (itself included)."""
        return self.path.startswith(other.path)

    def level(self) -> Body | None:
        """The level node a body is attached to (itself for a level)."""
        node: Body | None = self
        while node is not None and node.kind != BodyKind.LEVEL:
            node = node.parent
        return node


class InspectionGroup(Archivable):
    """A group (巡视组/巡察组) of a round; it inspects some of the round's units."""

    inspection = models.ForeignKey(
        "ledger.InspectionRound", on_delete=models.PROTECT, related_name="groups", verbose_name="轮次"
    )
    name = models.CharField("名称", max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "巡视巡察组"
        verbose_name_plural = verbose_name
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "name"], name="group_unique_name_in_round")]

    def __str__(self) -> str:
        return self.name
