"""Uploading a feedback/report document or an Excel task table into a unit."""

from __future__ import annotations

import os
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import access as acl
from .. import importing_doc, importing_xlsx
from ..forms import XLSX_SUFFIXES, ImportForm
from ..models import LedgerError


def import_upload(unit, upload, user, replace: bool) -> importing_doc.ImportResult:
    """Write the upload to a temp file (the parser reads paths) and import it."""
    suffix = os.path.splitext(upload.name.lower())[1]
    with tempfile.TemporaryDirectory(prefix="zhenggai-upload-") as tmp:
        path = os.path.join(tmp, "upload" + suffix)
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if suffix in XLSX_SUFFIXES:
            return importing_xlsx.import_xlsx(unit, path, user=user, replace=replace)
        report = importing_doc.parse_document(path)
        return importing_doc.import_report(unit, report, user=user, replace=replace)


@require_http_methods(["GET", "POST"])
@login_required
def import_file(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=True)
    errors: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_upload(access.unit, form.cleaned_data["file"], request.user, form.cleaned_data["replace"])
            except importing_xlsx.XlsxImportError as e:
                errors = e.errors
            except LedgerError as e:
                errors = [str(e)]
            else:
                messages.success(request, result.summary())
                return redirect(reverse("ledger:ledger", args=[access.unit.id]))
    else:
        form = ImportForm()
    return render(
        request,
        "ledger/import.html",
        {"unit": access.unit, "access": access, "form": form, "errors": errors},
        status=400 if errors or form.errors else 200,
    )
