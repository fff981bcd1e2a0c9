import datetime as dt

import pytest

from zhenggai.ledger import services
from zhenggai.ledger.models import Finding, LedgerError, Measure


def test_update_measure_saves_only_changes_and_records_who_and_why(ledger, people):
    m = ledger.measures[0]
    new = dt.date(2031, 1, 31)
    changed = services.update_measure(m, people.office, deadline=new, person=m.person)
    assert changed == ["deadline"]
    m.refresh_from_db()
    assert m.deadline == new
    last = m.history.first()
    assert last.history_user == people.office
    assert last.history_change_reason == "ledger.measure.deadline"
    assert last.deadline == new
    # no change, no new history record
    count = m.history.count()
    assert services.update_measure(m, people.office, deadline=new) == []
    assert m.history.count() == count


def test_update_departments_is_recorded(ledger, people):
    m = ledger.measures[0]
    services.update_measure(m, people.office, departments=[ledger.finance, ledger.works])
    assert set(m.departments.all()) == {ledger.finance, ledger.works}
    assert m.history.first().history_change_reason == "ledger.measure.departments"


def test_update_rejects_department_of_other_unit(ledger, people):
    from zhenggai.ledger.services import department_named

    foreign = department_named(ledger.other_unit, "外单位办公室")
    with pytest.raises(LedgerError):
        services.update_measure(ledger.measures[0], people.office, lead_department=foreign)
    ledger.measures[0].refresh_from_db()
    assert ledger.measures[0].lead_department == ledger.office


def test_nothing_is_ever_hard_deleted(ledger, people):
    m = ledger.measures[0]
    with pytest.raises(LedgerError):
        m.delete()
    with pytest.raises(LedgerError):
        Measure.objects.filter(pk=m.pk).delete()
    services.archive_measure(m, people.office)
    assert Measure.objects.filter(pk=m.pk).exists()
    assert not Measure.objects.active().filter(pk=m.pk).exists()
    assert m.history.first().history_change_reason == "ledger.measure.archive"
    with pytest.raises(LedgerError):
        services.update_measure(m, people.office, person="某人")


def test_measures_need_a_problem_not_an_aspect(ledger):
    with pytest.raises(LedgerError):
        services.add_measure(ledger.aspects[0], "挂在方面上的措施")
    with pytest.raises(LedgerError):
        services.add_measure(ledger.problems[0], "   ")


def test_sort_keys_keep_the_tree_in_order(ledger):
    keys = list(Finding.objects.filter(unit=ledger.unit).values_list("title", flat=True))
    assert keys == ["落实上级决策部署方面", "防汛物资储备台账不清", "水利工程验收把关不严", "财经纪律方面", "差旅费报销审核不细"]


def test_overdue_ignores_settled_measures(ledger):
    m1, m2, m3, m4, m5 = ledger.measures
    assert m3.is_overdue()  # past deadline, in progress
    assert not m4.is_overdue()  # past deadline but completed
    assert not m1.is_overdue()
