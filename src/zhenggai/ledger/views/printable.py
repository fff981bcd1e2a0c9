"""The ledger's printable view (HTML) and its PDF download; the same rows as the page, for what the user may read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import access as acl
from .. import printable, queries
from ..forms import LedgerFilterForm
from ..models import Department
from .exports import _download, _name

pdf_available = printable.pdf_available


def _context(request: HttpRequest, unit_id: int) -> dict:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    form = LedgerFilterForm(request.GET or None, unit=unit, aspects=queries.aspects(unit),
                            departments=Department.objects.active().filter(unit=unit))
    flt = form.to_filter() if request.GET else queries.LedgerFilter()
    rows = [(m, *queries.problem_of(m)) for m in queries.measures(unit, flt, access)]
    return {"unit": unit, "access": access, "rows": rows, "today": timezone.localdate(),
            "filtered": not flt.is_empty(), "total": queries.measures(unit, None, access).count()}


@require_GET
@login_required
def ledger_print(request: HttpRequest, unit_id: int) -> HttpResponse:
    return HttpResponse(printable.html(_context(request, unit_id)))


@require_GET
@login_required
def ledger_pdf(request: HttpRequest, unit_id: int) -> HttpResponse:
    context = _context(request, unit_id)
    try:
        data = printable.pdf(printable.html({**context, "for_pdf": True}))
    except printable.PrintError as e:
        return HttpResponse(str(e), status=503, content_type="text/plain; charset=utf-8")
    return _download(data, _name(context["unit"], "整改台账", "pdf"), "application/pdf")
