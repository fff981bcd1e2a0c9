"""zhenggai remind: who gets which light, and never twice (cron runs it repeatedly)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from zhenggai.cli import main as cli_main
from zhenggai.ledger import services as ledger_services
from zhenggai.ledger.models import Measure
from zhenggai.supervision import reminders, services
from zhenggai.supervision.models import Notification, ReminderLog

TODAY = dt.date.today()


def _levels(user) -> dict[int, str]:
    return dict(ReminderLog.objects.filter(recipient=user).values_list("measure_id", "level"))


def test_red_goes_up_to_office_and_principal_and_not_to_others(ledger, staff):
    services.set_unit_rule(ledger.unit, staff.office, green_days=20, yellow_days=10,
                           green_to=["reporter"], yellow_to=["reporter", "leader"],
                           red_to=["reporter", "leader", "office", "principal"], principal=staff.supervisor)
    result = reminders.remind(TODAY)
    m3 = ledger.measures[2]
    # m3 is overdue (10 days, in progress, 工程科 lead + 财务科): red. m4 is overdue but completed: nothing.
    assert _levels(staff.reporter) == {m3.id: "red"}
    assert _levels(staff.leader) == {m3.id: "red"}  # 吴正 leads m3
    assert _levels(staff.office) == {m3.id: "red"}
    assert _levels(staff.supervisor) == {m3.id: "red"}  # as principal leader
    assert _levels(staff.outsider) == {} and _levels(staff.inspection) == {}
    assert result.created == 4 and result.skipped == 0
    assert Notification.objects.filter(user=staff.office, measure=m3, level="red").count() == 1
    assert result.emailed == 4
    assert {tuple(m.to) for m in mail.outbox} == {(f"{n}@example.org",) for n in ("reporter", "leader", "office", "supervisor")}
    assert "已逾期 10 天" in mail.outbox[0].body
    assert ReminderLog.objects.filter(emailed=True).count() == 4
    assert set(ReminderLog.objects.values_list("action", flat=True)) == {"supervision.remind.red"}


def test_remind_is_idempotent(ledger, staff):
    first = reminders.remind(TODAY)
    n_logs, n_notes, n_mail = ReminderLog.objects.count(), Notification.objects.count(), len(mail.outbox)
    assert first.created == n_logs > 0
    for _ in range(3):
        again = reminders.remind(TODAY)
        assert again.created == 0 and again.skipped == len(first.planned)
    # The next day too: the item is still red for the same deadline, nobody is told again.
    assert reminders.remind(TODAY + dt.timedelta(days=1)).created == 0
    assert (ReminderLog.objects.count(), Notification.objects.count(), len(mail.outbox)) == (n_logs, n_notes, n_mail)


def test_green_then_yellow_then_red_as_the_deadline_nears(ledger, staff):
    m5 = ledger.measures[4]  # 财务科 leads, 吴正 in charge, 60 days ahead
    deadline = m5.deadline
    reminders.remind(deadline - dt.timedelta(days=21))
    assert _levels_for(m5) == set()
    reminders.remind(deadline - dt.timedelta(days=20))
    assert _levels_for(m5) == {("green", staff.reporter.id)}
    reminders.remind(deadline - dt.timedelta(days=10))
    assert _levels_for(m5) == {("green", staff.reporter.id), ("yellow", staff.reporter.id), ("yellow", staff.leader.id)}
    reminders.remind(deadline + dt.timedelta(days=1))
    red = {uid for lv, uid in _levels_for(m5) if lv == "red"}
    assert red == {staff.reporter.id, staff.leader.id, staff.office.id}  # no principal configured


def _levels_for(measure) -> set[tuple[str, int]]:
    return set(ReminderLog.objects.filter(measure=measure).values_list("level", "recipient_id"))


def test_extension_to_a_new_deadline_starts_afresh_and_completion_stops_it(ledger, staff):
    m3 = ledger.measures[2]
    reminders.remind(TODAY)
    assert set(ReminderLog.objects.filter(measure=m3).values_list("level", flat=True)) == {"red"}
    ledger_services.update_measure(m3, staff.office, deadline=TODAY + dt.timedelta(days=5))
    reminders.remind(TODAY)
    assert set(ReminderLog.objects.filter(measure=m3, deadline=m3.deadline).values_list("level", flat=True)) == {"yellow"}
    ledger_services.update_measure(m3, staff.office, status=Measure.Status.COMPLETED)
    reminders.remind(TODAY + dt.timedelta(days=30))
    assert not ReminderLog.objects.filter(measure=m3, sent_on=TODAY + dt.timedelta(days=30)).exists()


def test_an_unknown_status_still_counts_as_open(ledger, staff):
    m3 = ledger.measures[2]
    Measure.objects.filter(pk=m3.pk).update(status="reviewing")  # e.g. 待审核 added by workflow (fits max_length 12)
    reminders.remind(TODAY)
    assert ReminderLog.objects.filter(measure=m3, level="red").exists()


def test_dry_run_writes_and_sends_nothing(ledger, staff):
    result = reminders.remind(TODAY, dry_run=True)
    assert result.planned and result.created == 0
    assert not ReminderLog.objects.exists() and not Notification.objects.exists() and not mail.outbox


def test_users_without_address_get_in_app_only(ledger, people):
    result = reminders.remind(TODAY)
    assert result.created > 0 and result.emailed == 0 and not mail.outbox
    assert Notification.objects.filter(user=people.office).exists()


def test_archived_measures_and_other_units_are_left_alone(ledger, staff):
    ledger_services.archive_measure(ledger.measures[2], staff.office)
    assert not reminders.remind(TODAY).planned


def test_cli_remind_twice(ledger, staff, capsys, settings):
    assert cli_main(["remind", "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "新发 3 条" in out
    assert cli_main(["remind"]) == 0
    assert "新发 0 条" in capsys.readouterr().out
    assert cli_main(["remind", "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out


def test_cli_refuses_a_bad_date(capsys):
    with pytest.raises(SystemExit):
        cli_main(["remind", "--today", "2025-13-40"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_a_concurrent_run_that_got_there_first_is_respected(ledger, staff, monkeypatch):
    """Two cron runs overlap: the second read the log before the first wrote it."""
    m3 = ledger.measures[2]
    reminders.remind(TODAY)
    sent = ReminderLog.objects.count()
    # Simulate the stale read: the second run believes nothing was sent yet.
    real_filter = ReminderLog.objects.filter
    monkeypatch.setattr(ReminderLog.objects, "filter", lambda *a, **k: real_filter(pk__in=[]))
    again = reminders.remind(TODAY)
    monkeypatch.undo()
    assert again.created == 0 and again.skipped == len(again.planned) > 0
    assert ReminderLog.objects.count() == sent
    assert Notification.objects.filter(measure=m3, user=staff.office).count() == 1


def test_red_can_be_copied_to_the_discipline_inspectors(ledger, staff):
    services.set_unit_rule(ledger.unit, staff.office, green_days=20, yellow_days=10, green_to=["reporter"],
                           yellow_to=["reporter"], red_to=["office", "supervisor"])
    reminders.remind(TODAY)
    m3 = ledger.measures[2]
    assert set(ReminderLog.objects.filter(measure=m3).values_list("recipient__username", flat=True)) == {"office", "supervisor"}


def test_a_principal_who_left_the_unit_is_not_written_to(ledger, staff):
    from django.utils import timezone as tz

    from zhenggai.ledger.models import Membership

    services.set_unit_rule(ledger.unit, staff.office, green_days=20, yellow_days=10, green_to=["reporter"],
                           yellow_to=["reporter"], red_to=["principal"], principal=staff.supervisor)
    Membership.objects.filter(user=staff.supervisor, unit=ledger.unit).update(archived_at=tz.now())
    assert not reminders.remind(TODAY).planned
