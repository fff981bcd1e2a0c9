"""Template hooks the ledger uses to mark workflow facts on its rows, one query per page."""

from __future__ import annotations

from django import template

from ..models import CloseRequest, RequestState

register = template.Library()


@register.simple_tag
def pending_close_ids(rows) -> frozenset[int]:
    """Ids of the measures in these ledger rows ((measure, aspect, problem, item) tuples) awaiting closing review."""
    ids = [row[0].pk for row in rows]
    return frozenset(
        CloseRequest.objects.filter(measure_id__in=ids, state=RequestState.PENDING).values_list("measure_id", flat=True)
    )
