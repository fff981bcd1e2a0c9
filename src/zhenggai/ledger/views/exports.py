"""Downloading the ledger and its lists as .xlsx or CSV."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import access as acl
from .. import exporting, lists

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _name(unit, title: str, ext: str) -> str:
    return f"{unit.name}-{title}-{dt.date.today():%Y%m%d}.{ext}"


@require_GET
@login_required
def ledger_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    data = exporting.xlsx_bytes(access.unit, access=access)
    return _download(data, _name(access.unit, "整改台账", "xlsx"), XLSX)


@require_GET
@login_required
def list_export(request: HttpRequest, unit_id: int, which: str, fmt: str) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    if which not in lists.LISTS or fmt not in ("xlsx", "csv"):
        raise Http404("没有这个清单")
    title = lists.LISTS[which]
    if fmt == "csv":
        text = exporting.csv_text(access.unit, which, access)
        return _download(text.encode("utf-8"), _name(access.unit, title, "csv"), "text/csv; charset=utf-8")
    data = exporting.xlsx_bytes(access.unit, [which], access)
    return _download(data, _name(access.unit, title, "xlsx"), XLSX)
