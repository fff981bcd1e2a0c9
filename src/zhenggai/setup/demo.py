"""The level above for ``zhenggai serve --demo``: a fictional city and its inspection office.

云岭市 (in 青岭省) has a 市委巡察办 running two rounds a year apart over six organisations (one
inspected in both rounds), the 市纪委监委 and 市委组织部 supervising, 共性问题, milestones met and
missed, and a provincial 巡视办 reading everything. Every name and sentence is invented.
Called at the end of ledger.demo.load_demo; like it, it may run again without duplicating.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from zhenggai.inspection import services as inspection
from zhenggai.inspection.models import CommonAnswer, CommonProblem, MilestoneDone, MilestoneKind, SupervisionActivity
from zhenggai.ledger import services, tree
from zhenggai.ledger.models import (
    Body, BodyKind, Finding, Grant, GrantRole, InspectionGroup, InspectionKind, InspectionRound, Measure, Membership,
    Role, Tier, Unit,
)
from zhenggai.ledger.models.measures import MeasureKind as K, MeasureStatus as S

from .models import Profile

PROVINCE, CITY, COUNTY = "青岭省", "云岭市", "青禾县"
CITY_OFFICE = "中共云岭市委巡察工作领导小组办公室"
EARLIER_ROUND = "云岭市委2024年第一轮巡察"

# (login, 姓名, 职务, role label as printed by serve --demo)
LOGINS = [
    ("demo", "陈晓燕", "局办公室主任", "整改办（本单位，可编辑）"),
    ("caiwu", "刘建国", "计划财务股股长", "部门填报人（只看本部门）"),
    ("fenguan", "王振华", "副局长", "分管领导（审批本领域销号）"),
    ("jijian", "孙敏", "派驻纪检组干部", "纪检监督（只读、可评论）"),
    ("linye", "周立新", "林业局办公室主任", "另一单位整改办"),
    ("xunchaban", "黄海峰", "市委巡察办副主任", "市委巡察办（设置轮次、共性问题、验收）"),
    ("zuzhang", "郑国平", "市委第二巡察组组长", "巡察组（起草和移交反馈意见）"),
    ("jiwei", "何雪梅", "市纪委监委监督检查室主任", "市纪委监委（日常监督）"),
    ("zuzhibu", "马俊", "市委组织部干部科科长", "市委组织部（日常监督）"),
    ("shengban", "林涛", "省委巡视办干部", "省委巡视办（只读查看下级）"),
]

# Other units: (round, name, group, [(aspect, [(problem, [(measure, days from feedback, status)])])])
OTHER_UNITS = [
    ("current", "中共云岭市教育体育局党组", "云岭市委第三巡察组", [
        ("落实教育领域决策部署方面", [
            ("课后服务经费使用不规范", [("清理课后服务收费项目并公示", 40, S.COMPLETED),
                                        ("修订课后服务经费管理办法", 120, S.IN_PROGRESS)]),
            ("学校食堂监管存在薄弱环节", [("开展食堂食品安全专项检查", 20, S.NOT_STARTED)]),
        ]),
    ]),
    ("current", "中共云岭市卫生健康委员会党组", "云岭市委第三巡察组", [
        ("医疗领域作风建设方面", [
            ("医疗设备采购论证不充分", [("对近三年设备采购开展复核", 60, S.COMPLETED),
                                        ("建立大型设备采购论证专家库", 90, S.COMPLETED)]),
        ]),
    ]),
    ("earlier", "中共云岭市青禾县农业农村局党组", "云岭市委第一巡察组", [
        ("落实惠农政策方面", [
            ("惠农补贴发放审核把关不严", [("对补贴发放情况逐户复核", 60, S.COMPLETED),
                                          ("建立补贴发放公示制度", 90, S.COMPLETED)]),
        ]),
    ]),
    ("earlier", "中共云岭市交通运输局党组", "云岭市委第一巡察组", [
        ("工程项目管理方面", [
            ("公路养护项目验收不严", [("修订养护项目验收细则", 80, S.COMPLETED)]),
        ]),
    ]),
    ("earlier", "中共云岭市水务局党组", "云岭市委第二巡察组", [
        ("河湖管理方面", [
            ("河长制巡河记录不实", [("开展巡河记录专项核查", 50, S.COMPLETED),
                                    ("建立巡河轨迹抽查机制", 365, S.LONG_TERM)]),
        ]),
    ]),
]


def build_tree() -> dict[str, Body]:
    province = tree.child(None, BodyKind.LEVEL, PROVINCE, Tier.PROVINCE)
    city = tree.child(province, BodyKind.LEVEL, CITY, Tier.CITY)
    county = tree.child(city, BodyKind.LEVEL, COUNTY, Tier.COUNTY)
    return {
        "province": province, "city": city, "county": county,
        "provincial_office": tree.child(province, BodyKind.INSPECTING, "中共青岭省委巡视工作领导小组办公室"),
        "city_office": tree.child(city, BodyKind.INSPECTING, CITY_OFFICE),
        "discipline": tree.child(city, BodyKind.DISCIPLINE, "云岭市纪委监委"),
        "org_dept": tree.child(city, BodyKind.ORGANISATION_DEPT, "中共云岭市委组织部"),
        "county_office": tree.child(county, BodyKind.INSPECTING, "中共青禾县委巡察工作领导小组办公室"),
    }


def _user(login: str, name: str, title: str):
    from zhenggai.ledger.demo import DEMO_PASSWORD

    User = get_user_model()
    user, created = User.objects.get_or_create(username=login)
    if created:
        user.set_password(DEMO_PASSWORD)
    user.last_name, user.first_name = name, ""
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"title": title})
    return user


def _grant(user, role, **scope) -> None:
    if not Grant.objects.active().filter(user=user, role=role, **scope).exists():
        Grant.objects.create(user=user, role=role, **scope)


def _small_ledger(unit: Unit, feedback: dt.date, aspects) -> None:
    if Finding.objects.active().filter(unit=unit).exists():
        return
    office = services.department_named(unit, "办公室")
    for i, (aspect_title, problems) in enumerate(aspects, start=1):
        aspect = services.add_finding(unit, Finding.Level.ASPECT, aspect_title, number=str(i))
        for j, (title, measures) in enumerate(problems, start=1):
            problem = services.add_finding(unit, Finding.Level.PROBLEM, title, parent=aspect, number=str(j))
            for text, days, status in measures:
                services.add_measure(problem, text, lead_department=office, person="办公室负责人", leader="分管副职",
                                     deadline=None if status == S.LONG_TERM else feedback + dt.timedelta(days=days),
                                     kind=K.LONG_TERM if status == S.LONG_TERM else K.DEADLINE, status=status)


def _done(unit: Unit, kind: str, on: dt.date, by) -> None:
    if not MilestoneDone.objects.active().filter(unit=unit, kind=kind).exists():
        MilestoneDone.objects.create(unit=unit, kind=kind, done_on=on, recorded_by=by)


def load_city(demo_unit: Unit, other_unit: Unit, today: dt.date) -> dict[str, object]:
    """The city around the demo unit: tree, second round, four more units, grants, milestones,
    common problems and supervision. Returns the users by login. The demo unit's own ledger is
    left as ledger.demo made it (its 共性问题 wait for its answer)."""
    nodes = build_tree()
    current = demo_unit.inspection
    if current.body_id != nodes["city_office"].id:
        current.body = nodes["city_office"]
        current.save(update_fields=["body"])
    feedback = demo_unit.feedback_date or today - dt.timedelta(days=90)
    earlier = InspectionRound.objects.filter(body=nodes["city_office"], name=EARLIER_ROUND).first() or services.round_named(
        EARLIER_ROUND, body=nodes["city_office"], kind=InspectionKind.XUNCHA, inspector="中共云岭市委",
        round="2024年第一轮", types="常规巡察", start=feedback - dt.timedelta(days=440),
        end=feedback - dt.timedelta(days=400))
    early_feedback = feedback - dt.timedelta(days=380)
    for u in (demo_unit, other_unit):
        u.organisation = tree.organisation(u.name, nodes["city"])
        tree.place_unit(u)
        u.save()
    units = {demo_unit.name: demo_unit, other_unit.name: other_unit}
    for which, name, group, aspects in OTHER_UNITS:
        rnd = current if which == "current" else earlier
        fb = feedback if which == "current" else early_feedback
        unit = Unit.objects.active().filter(inspection=rnd, name=name).first() or services.unit_named(
            rnd, name, group=group, feedback_date=fb)
        if unit.organisation.parent_id != nodes["city"].id:
            unit.organisation = tree.organisation(name, nodes["city"])
            unit.save(update_fields=["organisation"])
        _small_ledger(unit, fb, aspects)
        units[f"{which}:{name}"] = unit

    users = {login: _user(login, name, title) for login, name, title, _ in LOGINS}
    _grant(users["xunchaban"], GrantRole.INSPECTION_OFFICE, body=nodes["city_office"])
    group = InspectionGroup.objects.get(inspection=current, name=demo_unit.group)
    _grant(users["zuzhang"], GrantRole.INSPECTION_GROUP, group=group)
    _grant(users["jiwei"], GrantRole.DISCIPLINE, body=nodes["discipline"])
    _grant(users["zuzhibu"], GrantRole.ORGANISATION_DEPT, body=nodes["org_dept"])
    _grant(users["shengban"], GrantRole.UPPER_OFFICE, body=nodes["provincial_office"], subtree=True)
    for u in units.values():
        if u.inspection_id == current.id and u not in (demo_unit, other_unit):
            office = _user(f"ban{u.id}", "整改办负责人", f"{u.name.removeprefix('中共').removesuffix('党组')}办公室")
            Membership.objects.get_or_create(user=office, unit=u, role=Role.OFFICE)

    # Milestones: the demo unit met its plan date, the forestry bureau was late, education missed it.
    inspection.milestones(current)
    inspection.milestones(earlier)
    ban = users["xunchaban"]
    _done(demo_unit, MilestoneKind.PLAN, feedback + dt.timedelta(days=25), users["demo"])
    _done(other_unit, MilestoneKind.PLAN, feedback + dt.timedelta(days=41), ban)
    for key, u in units.items():
        if key.startswith("earlier:"):
            for kind, days in ((MilestoneKind.PLAN, 28), (MilestoneKind.CONCENTRATED, 90), (MilestoneKind.REPORT, 88),
                               (MilestoneKind.DISCLOSURE, 110)):
                _done(u, kind, early_feedback + dt.timedelta(days=days), ban)

    # 共性问题: published to the round; the demo unit adopted one, the forestry bureau says it does not apply.
    titles = ("党组议事规则执行不严格，“三重一大”事项集体决策不规范", "干部人事档案管理不规范，专项审核不深入")
    commons = []
    for t in titles:
        cp = CommonProblem.objects.active().filter(inspection=current, title=t).first()
        commons.append(cp or CommonProblem.objects.create(inspection=current, title=t, published_on=feedback,
                                                          published_by=ban))
    education = units["current:中共云岭市教育体育局党组"]
    if not CommonAnswer.objects.filter(problem=commons[0], unit=education).exists():
        office = Membership.objects.filter(unit=education, role=Role.OFFICE).select_related("user").first().user
        answer = inspection.answer_common(office, education, commons[0], CommonAnswer.Answer.ADOPTED)
        services.add_measure(answer.finding, "修订党组工作规则，列出“三重一大”事项清单", leader="分管副职",
                             lead_department=services.department_named(education, "办公室"), person="办公室负责人",
                             deadline=today + dt.timedelta(days=30))
    linye = Membership.objects.filter(unit=other_unit, role=Role.OFFICE).select_related("user").first()
    if linye and not CommonAnswer.objects.filter(problem=commons[1], unit=other_unit).exists():
        inspection.answer_common(linye.user, other_unit, commons[1], CommonAnswer.Answer.NOT_APPLICABLE,
                                 "本局干部人事档案由市委组织部集中管理")

    if not SupervisionActivity.objects.filter(unit=demo_unit).exists():
        problem = Finding.objects.active().filter(unit=demo_unit, level=Finding.Level.PROBLEM).first()
        inspection.record_activity(users["jiwei"], demo_unit, "attend_meeting", feedback + dt.timedelta(days=20),
                                   "何雪梅", "对照检查材料问题查摆较深，个别整改措施时限偏松，已当场提出", [problem] if problem else [])
        inspection.record_activity(users["zuzhibu"], demo_unit, "guide_plan", feedback + dt.timedelta(days=10), "马俊",
                                   "建议将干部队伍建设问题的整改措施细化到人")
    assert Measure.objects.active().filter(finding__unit=demo_unit).exists()
    from zhenggai.oversight.demo import load as load_oversight  # a 督办 notice and a 回头看 sample

    load_oversight([demo_unit, other_unit, *units.values()], ban, today)
    return users
