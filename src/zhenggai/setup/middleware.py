"""After an initial password, nothing but changing it (and logging out) until it is changed.

The mark is copied into the session at login (signals in apps.py), so ordinary requests
cost no query.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "zhenggai_must_change_password"


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            allowed = (reverse("setup:password"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("setup:password")
        return self.get_response(request)


def remember_at_login(sender, request, user, **kwargs) -> None:
    """Signal receiver (user_logged_in): carry the profile's mark into the session."""
    from .models import Profile

    if Profile.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_KEY] = True
