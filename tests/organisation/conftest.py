"""The small tree the organisation tests share (see test_grants.py for its picture)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from zhenggai.ledger import services, tree
from zhenggai.ledger.models import BodyKind, Finding, Grant, GrantRole, InspectionGroup, Membership, Role, Tier


@pytest.fixture
def city(db, django_user_model):
    province = tree.child(None, BodyKind.LEVEL, "某省", Tier.PROVINCE)
    city = tree.child(province, BodyKind.LEVEL, "某市", Tier.CITY)
    county = tree.child(city, BodyKind.LEVEL, "某县", Tier.COUNTY)
    other_city = tree.child(province, BodyKind.LEVEL, "另一市", Tier.CITY)
    provincial_office = tree.child(province, BodyKind.INSPECTING, "省委巡视办")
    city_office = tree.child(city, BodyKind.INSPECTING, "市委巡察办")
    discipline = tree.child(city, BodyKind.DISCIPLINE, "市纪委监委")
    org_dept = tree.child(city, BodyKind.ORGANISATION_DEPT, "市委组织部")
    county_office = tree.child(county, BodyKind.INSPECTING, "县委巡察办")
    other_office = tree.child(other_city, BodyKind.INSPECTING, "另一市委巡察办")

    ra = services.round_named("2025年第一轮巡察", body=city_office)
    rb = services.round_named("2025年第一轮巡察", body=county_office)  # the same name, another body
    rc = services.round_named("2025年第一轮巡察", body=other_office)
    a1 = services.unit_named(ra, "中共某市水务局党组", group="第一巡察组")
    a2 = services.unit_named(ra, "中共某市教育局党组", group="第二巡察组")
    b1 = services.unit_named(rb, "中共某县农业局党组")
    c1 = services.unit_named(rc, "中共另一市交通局党组")
    for u in (a1, a2, b1, c1):
        services.add_measure(services.add_finding(u, Finding.Level.PROBLEM, f"{u.name}的问题"), "一条措施")

    def user(name, role=None, **scope):
        u = django_user_model.objects.create_user(username=name, password="x", first_name=name)
        if role:
            Grant.objects.create(user=u, role=role, **scope)
        return u

    g1 = InspectionGroup.objects.get(inspection=ra, name="第一巡察组")
    unit_office = user("kezhang")
    Membership.objects.create(user=unit_office, unit=a1, role=Role.OFFICE)
    unit_reporter = user("tianbao")
    Membership.objects.create(user=unit_reporter, unit=a1, role=Role.REPORTER,
                              department=services.department_named(a1, "财务科"))
    return SimpleNamespace(
        province=province, city=city, county=county, city_office=city_office, ra=ra, rb=rb, rc=rc,
        a1=a1, a2=a2, b1=b1, c1=c1, g1=g1,
        office=user("xunchaban", GrantRole.INSPECTION_OFFICE, body=city_office),
        group=user("zuzhang", GrantRole.INSPECTION_GROUP, group=g1),
        jiwei=user("jiwei", GrantRole.DISCIPLINE, body=discipline),
        zuzhibu=user("zuzhibu", GrantRole.ORGANISATION_DEPT, body=org_dept),
        upper=user("shengxunshiban", GrantRole.UPPER_OFFICE, body=provincial_office, subtree=True),
        round_only=user("lunci", GrantRole.INSPECTION_OFFICE, inspection=rb),
        expired=user("guoqi", GrantRole.INSPECTION_OFFICE, body=city_office,
                     ends=dt.date.today() - dt.timedelta(days=1)),
        nobody=user("nobody"), unit_office=unit_office, unit_reporter=unit_reporter,
    )


