"""The download/export matrix of tests/reports/test_access_matrix.py, for the roles above the
unit: each grant scope sees exactly what its role allows, and another body's grant sees nothing."""

from __future__ import annotations

import pytest

from tests.reports.test_access_matrix import (  # noqa: F401
    JOB, OFFICE_ONLY, OTHER_EVIDENCE, OWN_EVIDENCE, ROUND, SCOPED, WHOLE, urls, world,
)

ALL = {WHOLE: 200, SCOPED: 200, OWN_EVIDENCE: 200, OTHER_EVIDENCE: 200, ROUND: 200, OFFICE_ONLY: 403,
       JOB: 404}  # another user's 生成任务, even one over a round they read
EXPECTED = {
    "xunchaban": ALL,
    "jiwei": ALL,
    "zuzhibu": ALL,
    "upper": ALL,
    "zuzhang": {**ALL, ROUND: 403},  # a group reads its units, not the whole round
    "other_body": {WHOLE: 404, SCOPED: 404, OWN_EVIDENCE: 404, OTHER_EVIDENCE: 404, ROUND: 404, OFFICE_ONLY: 404, JOB: 404},
    "expired": {WHOLE: 404, SCOPED: 404, OWN_EVIDENCE: 404, OTHER_EVIDENCE: 404, ROUND: 404, OFFICE_ONLY: 404, JOB: 404},
}


@pytest.fixture
def granted(ledger, django_user_model):
    import datetime as dt

    from zhenggai.ledger import tree
    from zhenggai.ledger.models import BodyKind, Grant, GrantRole, InspectionGroup

    body = ledger.round.body
    level = body.parent
    group = InspectionGroup.objects.get(inspection=ledger.round, name=ledger.unit.group)
    other = tree.child(level, BodyKind.INSPECTING, "另一巡察办")
    users = {}
    for name, role, scope in (
        ("xunchaban", GrantRole.INSPECTION_OFFICE, {"body": body}),
        ("jiwei", GrantRole.DISCIPLINE, {"body": tree.child(level, BodyKind.DISCIPLINE, "纪委监委")}),
        ("zuzhibu", GrantRole.ORGANISATION_DEPT, {"body": tree.child(level, BodyKind.ORGANISATION_DEPT, "组织部")}),
        ("upper", GrantRole.UPPER_OFFICE, {"body": level, "subtree": True}),
        ("zuzhang", GrantRole.INSPECTION_GROUP, {"group": group}),
        ("other_body", GrantRole.INSPECTION_OFFICE, {"body": other}),
        ("expired", GrantRole.INSPECTION_OFFICE, {"body": body, "ends": dt.date.today() - dt.timedelta(days=1)}),
    ):
        users[name] = django_user_model.objects.create_user(username=name, password="x")
        Grant.objects.create(user=users[name], role=role, **scope)
    return users


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_download_for_the_roles_above_the_unit(world, granted, client, role):  # noqa: F811
    client.force_login(granted[role])
    for target, kind in urls(world):
        r = client.get(target)
        assert r.status_code == EXPECTED[role][kind], (role, target, r.status_code)


@pytest.mark.parametrize("role", ["upper", "zuzhibu", "other_body"])
def test_read_only_roles_cannot_write(world, granted, client, ledger, role):  # noqa: F811
    from django.urls import reverse

    from zhenggai.ledger.models import Measure

    client.force_login(granted[role])
    m = ledger.measures[0]
    r = client.post(reverse("ledger:measure_edit", args=[m.id]), {"text": "被改了"})
    assert r.status_code in (403, 404)
    assert Measure.objects.get(pk=m.pk).text == m.text
