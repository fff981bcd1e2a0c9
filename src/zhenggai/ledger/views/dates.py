"""The live hint next to every date box: what the typed text means, or why it is not a date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from ..datefield import hint


@require_GET
@login_required
def date_hint(request: HttpRequest) -> HttpResponse:
    # The box sends itself under its own field name; whichever it is, read the one value sent.
    text = next(iter(request.GET.values()), "")
    ok, message = hint(text[:60], timezone.localdate())
    css = "date-hint" if ok else "date-hint bad"
    return HttpResponse(format_html('<span class="{}" aria-live="polite">{}</span>', css, message))
