"""The token page: create (shown once) and revoke one's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhenggai.ledger.models import LedgerError

from . import tokens
from .models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    new_key = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                t = tokens.revoke(request.user, request.POST.get("token"))
                messages.success(request, f"已撤销令牌“{t.name}”")
                return redirect("api_tokens")
            _token, new_key = tokens.create(request.user, request.POST.get("name", ""))
        except LedgerError as e:
            messages.error(request, str(e))
            return redirect("api_tokens")
    response = render(request, "api/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user), "new_key": new_key})
    response["Cache-Control"] = "no-store"
    return response
