"""Login lockout glue for django-axes: whose address a login came from, and what a locked-out user sees.

Kept here (not in the views of any app) because the login page belongs to the site as a whole.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The address a login came from.

    Behind nginx every request comes from 127.0.0.1, which would lock everyone out together;
    there the last X-Forwarded-For entry is the one nginx itself appended (what it saw), and
    it cannot be forged by the client. Without a proxy that header is the client's to invent,
    so it is ignored.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The login page again, saying in Chinese why and for how long (HTTP 429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_out": True,
        "lockout_message": (
            f"密码连续错误 {settings.AXES_FAILURE_LIMIT} 次，该账号已暂时锁定，"
            f"请 {lockout_minutes()} 分钟后再试；如忘记密码请联系管理员重置。"
        ),
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=429)
