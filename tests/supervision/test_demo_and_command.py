"""The demo shows supervision content and stays idempotent; manage.py remind runs the same job."""

from __future__ import annotations

import io

from django.core.management import call_command

from zhenggai.outcomes.models import Accountability
from zhenggai.supervision.models import Notification, ReminderLog, WarningRule


def test_demo_enrich_twice_adds_nothing_twice(db):
    from zhenggai.ledger import demo

    unit = demo.load_demo()
    warnings = Notification.objects.exclude(level="notice")  # workflow messages (流程消息) come on top
    logs, notes, outcomes = ReminderLog.objects.count(), warnings.count(), Accountability.objects.count()
    assert logs > 0 and notes == logs and outcomes == 2
    assert WarningRule.objects.get(unit=unit).principal.username == "shuji"
    demo.load_demo()  # re-creates the ledger rows, so their reminders are new; the old ones are read
    assert Accountability.objects.count() == outcomes
    assert warnings.filter(read_at__isnull=True).count() == notes
    assert not Notification.objects.filter(read_at__isnull=True, measure__archived_at__isnull=False).exists()


def test_management_command(ledger, people):
    out = io.StringIO()
    call_command("remind", "--dry-run", stdout=out)
    assert "新发 0 条" in out.getvalue() and not ReminderLog.objects.exists()
    call_command("remind", stdout=out)
    assert ReminderLog.objects.exists()
