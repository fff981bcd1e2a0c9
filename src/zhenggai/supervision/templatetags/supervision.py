"""{% unread_notifications %} for the nav: one COUNT on the (user, read_at) index."""

from __future__ import annotations

from django import template

from zhenggai.ledger.access import overview_rounds_qs
from zhenggai.ledger.models.rounds import newest_first
from ..services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return unread_count(request.user) if request is not None else 0


NAV_ROUNDS = 2


@register.simple_tag(takes_context=True)
def overview_round_list(context) -> list:
    """The newest rounds the user oversees, for the nav (the rest are on the home page)."""
    request = context.get("request")
    if request is None:
        return []
    return list(overview_rounds_qs(request.user).order_by(*newest_first())[:NAV_ROUNDS])
