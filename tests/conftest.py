"""Shared fixtures: one small ledger and one user per role (hc/test.py's owner/member/outsider).

Django fixtures are only created by tests that ask for them, so the parser
tests run without a database.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def ledger(db):
    """A round, the inspected unit with three departments, two aspects, three problems, five measures."""
    from zhenggai.ledger import services
    from zhenggai.ledger.models import Finding, Measure

    rnd = services.round_named("测试市委2025年第一轮巡察", inspector="测试市委")
    unit = services.unit_named(rnd, "中共测试县水务局党组", group="测试市委第一巡察组")
    office = services.department_named(unit, "办公室")
    finance = services.department_named(unit, "财务科")
    works = services.department_named(unit, "工程科")
    a1 = services.add_finding(unit, Finding.Level.ASPECT, "落实上级决策部署方面")
    p1 = services.add_finding(unit, Finding.Level.PROBLEM, "防汛物资储备台账不清", parent=a1)
    p2 = services.add_finding(unit, Finding.Level.PROBLEM, "水利工程验收把关不严", parent=a1)
    a2 = services.add_finding(unit, Finding.Level.ASPECT, "财经纪律方面")
    p3 = services.add_finding(unit, Finding.Level.PROBLEM, "差旅费报销审核不细", parent=a2)
    today = dt.date.today()
    m1 = services.add_measure(p1, "全面盘点防汛物资并建立电子台账", leader="钱立", lead_department=office,
                              person="孙一", deadline=today + dt.timedelta(days=30))
    m2 = services.add_measure(p1, "每季度抽查物资储备情况", leader="钱立", lead_department=office,
                              person="孙一", kind=Measure.Kind.LONG_TERM, status=Measure.Status.LONG_TERM)
    m3 = services.add_measure(p2, "对近三年验收项目开展复查", leader="吴正", lead_department=works,
                              departments=[finance], person="李二", deadline=today - dt.timedelta(days=10),
                              status=Measure.Status.IN_PROGRESS)
    m4 = services.add_measure(p3, "修订差旅费管理办法", leader="吴正", lead_department=finance,
                              person="周三", deadline=today - dt.timedelta(days=5), status=Measure.Status.COMPLETED)
    m5 = services.add_measure(p3, "对违规报销款项予以追回", leader="吴正", lead_department=finance,
                              person="周三", deadline=today + dt.timedelta(days=60))
    other_unit = services.unit_named(rnd, "中共测试县交通局党组")
    other_problem = services.add_finding(other_unit, Finding.Level.PROBLEM, "外单位的问题")
    other_measure = services.add_measure(other_problem, "外单位的措施")
    return SimpleNamespace(
        round=rnd, unit=unit, office=office, finance=finance, works=works,
        aspects=[a1, a2], problems=[p1, p2, p3], measures=[m1, m2, m3, m4, m5],
        other_unit=other_unit, other_problem=other_problem, other_measure=other_measure,
    )


@pytest.fixture
def people(ledger, django_user_model):
    """One user per role on the ledger's unit, and an outsider who is office of another unit."""
    from zhenggai.ledger.models import Membership, Role

    def make(name, role=None, unit=None, department=None):
        user = django_user_model.objects.create_user(username=name, password=PASSWORD)
        if role:
            Membership.objects.create(user=user, unit=unit or ledger.unit, role=role, department=department)
        return user

    return SimpleNamespace(
        office=make("office", Role.OFFICE),
        supervisor=make("supervisor", Role.SUPERVISOR),
        leader=make("leader", Role.LEADER),
        reporter=make("reporter", Role.REPORTER, department=ledger.finance),
        inspection=make("inspection", Role.INSPECTION_OFFICE, unit=ledger.other_unit),
        outsider=make("outsider", Role.OFFICE, unit=ledger.other_unit),
        nobody=make("nobody"),
    )


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
