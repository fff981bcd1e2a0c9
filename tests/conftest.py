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


# A fictional report written for the tests (never copied from the corpus).
SYNTHETIC_REPORT = """中共测试县林草局党组关于县委第二轮巡察整改进展情况的通报

根据县委统一部署，2025年3月1日至4月30日，县委第二巡察组对县林草局党组开展了常规巡察，5月20日反馈了巡察意见。现将整改进展情况予以公布。

一、整改工作基本情况

局党组把巡察整改作为重要政治任务，成立整改工作领导小组，逐条制定整改措施。

二、巡察反馈意见整改落实情况

（一）关于党的建设方面

1.护林员队伍管理松散的问题。一是修订护林员考核办法，按月考核。二是开展巡护轨迹抽查，通报抽查结果。

2.林权档案管理不规范的问题。一是全面清理林权档案。二是建立档案月度核查机制。

（二）关于财务管理方面

1.专项资金使用不规范的问题。一是清理专项资金使用情况。二是修订专项资金管理办法。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-1234567。
"""



@pytest.fixture
def synthetic_report_text() -> str:
    return SYNTHETIC_REPORT


@pytest.fixture
def synthetic_report_docx(tmp_path):
    """The synthetic report as a .docx built with python-docx, one paragraph per line."""
    import docx

    document = docx.Document()
    for line in SYNTHETIC_REPORT.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "整改进展情况通报.docx"
    document.save(path)
    return path
