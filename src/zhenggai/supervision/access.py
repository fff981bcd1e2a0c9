"""Round-level access for the inspection office's overview (unit-level access is ledger.access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenggai.ledger.access import visible_units
from zhenggai.ledger.models import InspectionRound, Membership, Role


def round_for(user, round_id) -> InspectionRound:
    """The round, if the user reads across its units (巡视巡察办 of the round, or a superuser).

    404 when the user sees no unit of the round (a guessed id reveals nothing);
    403 when they work on one of its units but not for the inspection office. Round-level
    writes (the round's warning rule) belong to the same office, so one check serves both."""
    try:
        rnd = InspectionRound.objects.active().get(pk=int(round_id))
    except (InspectionRound.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个轮次") from None
    if user.is_superuser:
        return rnd
    if not visible_units(user).filter(inspection=rnd).exists():
        raise Http404("没有这个轮次")
    if not Membership.objects.active().filter(user=user, role=Role.INSPECTION_OFFICE, unit__inspection=rnd).exists():
        raise PermissionDenied("只有巡视巡察办可以查看全轮次各单位的整改情况")
    return rnd


def overview_rounds(user) -> list[InspectionRound]:
    """Rounds whose overview the user may open (for the nav and the home page)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(InspectionRound.objects.active())
    ids = Membership.objects.active().filter(user=user, role=Role.INSPECTION_OFFICE).values("unit__inspection_id")
    return list(InspectionRound.objects.active().filter(id__in=ids))
