"""One way to cut a list into pages, shared by every list page (template: ledger/_pagination.html).

Lists grow with the installation (units of a province, a year's notifications),
so no page renders a whole table: it shows one page and links to the others,
keeping the filters the user set.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


@dataclass(frozen=True)
class Paged:
    page: Page
    query: str  # the request's other parameters, url-encoded, for the page links
    param: str  # the name of the page parameter ("page", or e.g. "due_page" when a page has several lists)


def paginate(request: HttpRequest, items, per_page: int, param: str = "page") -> Paged:
    """The requested page of items (a queryset or a list); a bad or too large number gives the nearest page."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return Paged(page, query.urlencode(), param)
