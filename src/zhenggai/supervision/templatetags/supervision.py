"""{% unread_notifications %} for the nav: one COUNT on the (user, read_at) index."""

from __future__ import annotations

from django import template

from ..access import overview_rounds
from ..services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return unread_count(request.user) if request is not None else 0


@register.simple_tag(takes_context=True)
def overview_round_list(context) -> list:
    request = context.get("request")
    return overview_rounds(request.user) if request is not None else []
