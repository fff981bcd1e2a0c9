"""List pages show one page at a time and their page links keep the filters the user set."""

from __future__ import annotations

from zhenggai.supervision.models import Notification


def test_notifications_page_through_and_keep_the_unread_filter(ledger, people, login):
    Notification.objects.bulk_create(
        Notification(user=people.office, unit=ledger.unit, level="red", title=f"提醒{i:03d}") for i in range(120))
    client = login(people.office)
    first = client.get("/notifications/", {"unread": "1"}).content.decode()
    assert "第 1 / 3 页（共 120 条）" in first
    assert "unread=1&amp;page=2" in first and "提醒119" in first and "提醒069" not in first
    last = client.get("/notifications/", {"unread": "1", "page": "3"}).content.decode()
    assert "提醒000" in last and "提醒020" not in last
    # A page number past the end shows the last page, not an error.
    assert client.get("/notifications/", {"page": "99"}).status_code == 200
