"""Round-level access for the overview pages (the rules themselves are ledger.access and ledger.permissions)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenggai.ledger.access import overview_rounds_qs, round_roles, visible_units
from zhenggai.ledger.models import InspectionRound
from zhenggai.ledger.permissions import Perm, allows


def round_for(user, round_id, perm: Perm = Perm.OVERVIEW) -> InspectionRound:
    """The round, if the user's grants cover it whole with this permission.

    404 when the user sees no unit of the round (a guessed id reveals nothing); 403 when
    they work on one of its units, or read it, without the permission (the round's warning
    rule is Perm.ROUND_RULES: the 巡视巡察办's, not the 纪委监委's or an upper level's)."""
    try:
        rnd = InspectionRound.objects.active().select_related("body").get(pk=int(round_id))
    except (InspectionRound.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个轮次") from None
    if user.is_superuser:
        return rnd
    roles = round_roles(user, rnd)
    if not roles and not visible_units(user).filter(inspection=rnd).exists():
        raise Http404("没有这个轮次")
    if not allows(roles, perm):
        if perm == Perm.OVERVIEW:
            raise PermissionDenied("只有巡视巡察机构和监督部门可以查看全轮次各单位的整改情况")
        raise PermissionDenied("只有本轮次的巡视巡察办可以修改本轮次的设置")
    return rnd


def overview_rounds(user) -> list[InspectionRound]:
    """Rounds whose overview the user may open (for the nav and the home page)."""
    return list(overview_rounds_qs(user))
