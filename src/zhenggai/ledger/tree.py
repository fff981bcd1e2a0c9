"""Finding or making the nodes of the organisation tree that a round or unit needs.

A single unit on one PC needs no ceremony: the first round creates one level node and the
inspecting body its 巡视巡察主体 names; later rounds of the same body land under it, and a unit
of a name already inspected finds its organisation again.
"""

from __future__ import annotations

from django.db import transaction

from .models import Body, BodyKind, InspectionGroup, InspectionRound, Unit

DEFAULT_LEVEL = "本级"
DEFAULT_BODY = "巡视巡察机构"


def _clean(name: str) -> str:
    return " ".join((name or "").split())


def child(parent: Body | None, kind: str, name: str, tier: str = "") -> Body:
    """The node of this kind and name under ``parent``, created if missing."""
    name = _clean(name)
    with transaction.atomic():
        found = Body.objects.active().filter(parent=parent, kind=kind, name=name).first()
        if found:
            return found
        node = Body(parent=parent, kind=kind, name=name, tier=tier)
        node.save()
        return node


def default_level() -> Body:
    """The installation's one level when nobody set up a tree (or the first root level)."""
    root = Body.objects.active().filter(parent__isnull=True, kind=BodyKind.LEVEL).order_by("id").first()
    return root or child(None, BodyKind.LEVEL, DEFAULT_LEVEL)


def inspecting_body(name: str = "", level: Body | None = None) -> Body:
    """The 巡视办/巡察办 of this name at this level (default: the installation's level)."""
    return child(level or default_level(), BodyKind.INSPECTING, _clean(name) or DEFAULT_BODY)


def organisation(name: str, level: Body) -> Body:
    """The inspected organisation of this name at this level: one history over its rounds."""
    return child(level, BodyKind.ORGANISATION, name)


def level_of(body: Body) -> Body:
    """A body hangs directly under its level; a level is its own."""
    return body if body.kind == BodyKind.LEVEL or body.parent is None else body.parent


def place_unit(unit: Unit) -> None:
    """Give a unit its organisation and group record (saved by the caller)."""
    rnd: InspectionRound = unit.inspection
    if unit.organisation_id is None:
        level = level_of(rnd.body) if rnd.body_id else default_level()
        unit.organisation = organisation(unit.name, level)
    if unit.inspection_group_id is None and _clean(unit.group):
        unit.inspection_group = InspectionGroup.objects.get_or_create(inspection=rnd, name=_clean(unit.group))[0]


def history_of(unit: Unit):
    """Every unit of the same organisation, oldest round first: its rectification over the years."""
    if unit.organisation_id is None:
        return Unit.objects.filter(pk=unit.pk)
    return Unit.objects.active().filter(organisation_id=unit.organisation_id).select_related("inspection").order_by(
        "inspection__start", "inspection__created_at", "id"
    )
