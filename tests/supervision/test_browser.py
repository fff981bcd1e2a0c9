"""In a real browser: the dashboard's charts draw, the reports panel arrives by HTMX,
and a notification is marked read in place. Debian's chromium only (never downloaded)."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser_page  # noqa: F401  (the shared Playwright fixture)

pytestmark = pytest.mark.browser


def test_dashboard_and_notifications(transactional_db, live_server, browser_page, django_user_model, ledger):  # noqa: F811
    from django.utils import timezone

    from zhenggai.ledger.models import Membership, Role
    from zhenggai.supervision import reminders

    user = django_user_model.objects.create_user(username="zgb", password="browser-pass-123")
    Membership.objects.create(user=user, unit=ledger.unit, role=Role.OFFICE)
    reminders.remind(timezone.localdate())
    page = browser_page
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "zgb")
    page.fill("input[name=password]", "browser-pass-123")
    page.click("button[type=submit]")
    page.goto(live_server.url + f"/units/{ledger.unit.id}/dashboard/")
    assert page.locator(".card.red b").inner_text() == "1"
    # Every chart is a real image the browser could decode.
    for img in page.locator(".charts img").all():
        assert img.evaluate("el => el.complete && el.naturalWidth > 0")
    from zhenggai.supervision.dashboard import reports_available

    if reports_available():
        page.locator("#reports-panel").get_by_text("应报送").wait_for()
    page.get_by_role("link", name="提醒").click()
    note = page.locator("li.note.unread").first
    note.get_by_role("button", name="标为已读").click()
    page.wait_for_function("() => document.querySelectorAll('li.note.unread').length === 0")
    assert "/notifications/" in page.url  # swapped in place, no navigation
