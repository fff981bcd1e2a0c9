"""The demo shows the level above: a city's 巡察办, two rounds, six organisations, every role."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from zhenggai.inspection import services as inspection
from zhenggai.ledger import access, demo, tree
from zhenggai.ledger.models import BodyKind, InspectionRound, Unit
from zhenggai.setup.demo import LOGINS


def test_demo_city_has_two_rounds_six_organisations_and_every_role(db, client):
    unit = demo.load_demo()
    demo.load_demo()  # again: nothing duplicated
    rounds = InspectionRound.objects.active().filter(body__name__contains="云岭市委巡察")
    assert rounds.count() == 2
    units = Unit.objects.active().filter(inspection__in=rounds)
    organisations = {u.organisation_id for u in units}
    assert len(organisations) == 6 and units.count() == 7
    assert len(list(tree.history_of(unit))) == 2  # inspected in both rounds
    missed = inspection.missed_milestones(list(units), dt.date.today())
    assert missed and unit.id not in missed  # some units missed a milestone; the demo unit met its plan date
    seen = {}
    for login, name, _title, _label in LOGINS:
        assert client.login(username=login, password=demo.DEMO_PASSWORD), login
        user = get_user_model().objects.get(username=login)
        seen[login] = set(access.visible_units(user).values_list("id", flat=True))
        assert client.get("/").status_code == 200
        client.logout()
    assert seen["shengban"] >= {u.id for u in units}  # the province reads the whole city
    assert seen["xunchaban"] == {u.id for u in units}
    assert seen["zuzhang"] == {unit.id}
    assert seen["caiwu"] == {unit.id}
    assert {b.kind for b in unit.organisation.parent.children.all()} >= {
        BodyKind.INSPECTING, BodyKind.DISCIPLINE, BodyKind.ORGANISATION_DEPT, BodyKind.ORGANISATION}
