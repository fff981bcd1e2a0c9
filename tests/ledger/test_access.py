import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenggai.ledger import access, queries


def test_office_reads_and_writes(ledger, people):
    a = access.unit_for(people.office, ledger.unit.id, write=True)
    assert a.can_write and a.can_see_leads


def test_supervisor_reads_but_may_not_write(ledger, people):
    assert access.unit_for(people.supervisor, ledger.unit.id).can_see_leads
    with pytest.raises(PermissionDenied):
        access.unit_for(people.supervisor, ledger.unit.id, write=True)


def test_outsider_and_member_of_nothing_get_404(ledger, people):
    for user in (people.outsider, people.nobody):
        with pytest.raises(Http404):
            access.unit_for(user, ledger.unit.id)
        with pytest.raises(Http404):
            access.measure_for(user, ledger.measures[0].id)
    with pytest.raises(Http404):
        access.unit_for(people.office, "not-a-number")


def test_inspection_office_reads_across_units_of_its_round(ledger, people):
    a = access.unit_for(people.inspection, ledger.unit.id)
    assert not a.can_write and a.can_see_leads
    assert set(access.visible_units(people.inspection)) == {ledger.unit, ledger.other_unit}


def test_leader_may_not_see_leads(ledger, people):
    assert not access.unit_for(people.leader, ledger.unit.id).can_see_leads


def test_reporter_sees_only_their_departments_measures(ledger, people):
    a = access.unit_for(people.reporter, ledger.unit.id)
    visible = set(queries.measures(ledger.unit, None, a))
    # finance leads m4, m5 and co-owns m3
    assert visible == {ledger.measures[2], ledger.measures[3], ledger.measures[4]}
    with pytest.raises(Http404):
        access.measure_for(people.reporter, ledger.measures[0].id)
