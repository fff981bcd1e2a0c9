"""A demo round for ``zhenggai serve --demo``: a fictional county bureau and its ledger.

Every sentence here is invented for the demo; none comes from a real report.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import Finding, InspectionKind, Lead, Membership, Role, Suggestion, Unit
from .models.measures import MeasureKind, MeasureStatus

ROUND = "云岭市委2025年第一轮巡察"
UNIT = "中共云岭市青禾县农业农村局党组"
DEMO_USER = "demo"
DEMO_PASSWORD = "zhenggai-demo"

S = MeasureStatus
K = MeasureKind

# aspect → [(problem, [(measure, leader, lead dept, other depts, person, days from feedback, kind, status)])]
FEEDBACK = [
    (
        "一、学习贯彻党的路线方针政策和上级决策部署方面",
        [
            ("理论学习中心组学习计划性不强，研讨交流流于形式", [
                ("修订党组理论学习中心组学习制度，年初制定专题学习计划", "李明远", "办公室", ["机关党委"], "周晓岚", 30, K.IMMEDIATE, S.COMPLETED),
                ("每季度组织一次专题研讨，成员提交书面发言材料", "李明远", "机关党委", [], "陈思齐", 180, K.LONG_TERM, S.LONG_TERM),
                ("建立学习档案，年底通报各成员学习情况", "李明远", "办公室", [], "周晓岚", 200, K.DEADLINE, S.IN_PROGRESS),
            ]),
            ("推动乡村产业项目落地措施不实，部分项目进度滞后", [
                ("逐一梳理在建产业项目，建立进度台账并按月调度", "王振华", "产业发展股", ["计划财务股"], "赵立新", 45, K.DEADLINE, S.COMPLETED),
                ("对进度滞后项目实行领导包联，约谈施工单位", "王振华", "产业发展股", [], "赵立新", 60, K.DEADLINE, S.IN_PROGRESS),
                ("制定产业项目绩效评价办法，评价结果与资金安排挂钩", "王振华", "计划财务股", ["产业发展股"], "孙海燕", 120, K.DEADLINE, S.NOT_STARTED),
            ]),
            ("高标准农田建设后续管护责任不清", [
                ("明确乡镇、村级管护主体，签订管护责任书", "刘建国", "农田建设股", [], "郑明", 50, K.DEADLINE, S.IN_PROGRESS),
                ("安排管护经费并纳入年度预算", "刘建国", "计划财务股", ["农田建设股"], "孙海燕", 90, K.DEADLINE, S.NOT_STARTED),
                ("每半年开展一次管护情况抽查并通报", "刘建国", "农田建设股", [], "郑明", 365, K.LONG_TERM, S.LONG_TERM),
            ]),
        ],
    ),
    (
        "二、落实全面从严治党责任方面",
        [
            ("主体责任清单内容空泛，责任传导不到位", [
                ("重新制定党组及班子成员全面从严治党责任清单", "李明远", "机关党委", [], "陈思齐", 30, K.IMMEDIATE, S.COMPLETED),
                ("班子成员每半年听取分管股室党风廉政建设情况汇报", "李明远", "机关党委", ["办公室"], "陈思齐", 180, K.LONG_TERM, S.LONG_TERM),
                ("将责任落实情况纳入股室年度考核", "李明远", "人事股", [], "何婷", 150, K.DEADLINE, S.IN_PROGRESS),
            ]),
            ("公务接待管理不规范，个别接待无公函", [
                ("全面清理近三年公务接待清单，问题逐笔核实整改", "张卫东", "办公室", ["计划财务股"], "周晓岚", 40, K.DEADLINE, S.COMPLETED),
                ("修订公务接待管理办法，实行接待审批单制度", "张卫东", "办公室", [], "周晓岚", 60, K.DEADLINE, S.COMPLETED),
                ("对相关责任人进行提醒谈话", "李明远", "机关党委", [], "陈思齐", 20, K.IMMEDIATE, S.COMPLETED),
            ]),
            ("农机购置补贴审核把关不严", [
                ("对近两年补贴发放情况开展专项核查", "王振华", "农机股", ["计划财务股"], "吴建军", 75, K.DEADLINE, S.IN_PROGRESS),
                ("建立补贴机具现场核验和公示制度", "王振华", "农机股", [], "吴建军", 90, K.DEADLINE, S.NOT_STARTED),
                ("追回违规领取的补贴资金", "王振华", "计划财务股", ["农机股"], "孙海燕", 100, K.DEADLINE, S.NOT_STARTED),
                ("引入第三方机构开展年度抽查", "王振华", "农机股", [], "吴建军", 270, K.DEADLINE, S.NOT_STARTED),
            ]),
            ("惠农资金拨付不及时，存在资金沉淀", [
                ("清理沉淀资金，按规定收回统筹使用", "张卫东", "计划财务股", [], "孙海燕", 60, K.DEADLINE, S.IN_PROGRESS),
                ("建立资金拨付进度月报制度", "张卫东", "计划财务股", [], "孙海燕", 30, K.IMMEDIATE, S.COMPLETED),
                ("对拨付滞后项目逐一说明原因并限期拨付", "张卫东", "计划财务股", ["产业发展股"], "孙海燕", 45, K.DEADLINE, S.IN_PROGRESS),
            ]),
        ],
    ),
    (
        "三、领导班子和干部队伍建设方面",
        [
            ("干部轮岗交流不够，个别关键岗位任职时间过长", [
                ("制定关键岗位干部轮岗交流计划", "李明远", "人事股", [], "何婷", 60, K.DEADLINE, S.IN_PROGRESS),
                ("年内完成两个以上关键岗位轮岗", "李明远", "人事股", [], "何婷", 240, K.DEADLINE, S.NOT_STARTED),
                ("建立干部轮岗交流长效机制", "李明远", "人事股", ["机关党委"], "何婷", 300, K.LONG_TERM, S.NOT_STARTED),
                ("对任职超过规定年限的人员逐一研究交流意见", "李明远", "人事股", [], "何婷", 45, K.DEADLINE, S.IN_PROGRESS),
            ]),
            ("年轻干部培养机制不健全", [
                ("建立年轻干部库，实行导师帮带", "李明远", "人事股", [], "何婷", 90, K.DEADLINE, S.IN_PROGRESS),
                ("每年选派年轻干部到乡镇一线锻炼", "李明远", "人事股", [], "何婷", 365, K.LONG_TERM, S.LONG_TERM),
                ("开展年轻干部业务能力培训", "刘建国", "科技教育股", ["人事股"], "林秋", 120, K.DEADLINE, S.NOT_STARTED),
                ("建立年轻干部成长档案，每年开展一次综合分析", "李明远", "人事股", [], "何婷", 180, K.DEADLINE, S.NOT_STARTED),
            ]),
        ],
    ),
    (
        "四、基层党组织建设方面",
        [
            ("支部“三会一课”制度落实不严格，记录不完整", [
                ("对各支部组织生活记录开展专项检查", "李明远", "机关党委", [], "陈思齐", 30, K.IMMEDIATE, S.COMPLETED),
                ("统一组织生活记录本，实行季度检查通报", "李明远", "机关党委", [], "陈思齐", 60, K.DEADLINE, S.COMPLETED),
                ("开展支部书记专题培训", "李明远", "机关党委", [], "陈思齐", 90, K.DEADLINE, S.IN_PROGRESS),
                ("对记录不完整的支部书记进行约谈提醒", "李明远", "机关党委", [], "陈思齐", 15, K.IMMEDIATE, S.COMPLETED),
            ]),
            ("党员发展工作程序不规范", [
                ("对近五年发展党员档案逐一审查", "李明远", "机关党委", ["人事股"], "陈思齐", 90, K.DEADLINE, S.IN_PROGRESS),
                ("规范发展党员全程纪实制度", "李明远", "机关党委", [], "陈思齐", 120, K.DEADLINE, S.NOT_STARTED),
                ("对程序不规范的发展对象按规定补正手续", "李明远", "机关党委", [], "陈思齐", 75, K.DEADLINE, S.IN_PROGRESS),
            ]),
            ("党建与业务工作结合不紧", [
                ("开展“支部+项目”结对活动", "李明远", "机关党委", ["产业发展股"], "陈思齐", 150, K.DEADLINE, S.IN_PROGRESS),
                ("将党建工作成效纳入股室考核", "李明远", "人事股", ["机关党委"], "何婷", 150, K.DEADLINE, S.NOT_STARTED),
                ("每年评选党建业务融合示范支部", "李明远", "机关党委", [], "陈思齐", 365, K.LONG_TERM, S.LONG_TERM),
            ]),
        ],
    ),
]

SUGGESTIONS = [
    "进一步提高政治站位，把巡察整改作为推进乡村振兴工作的重要抓手。",
    "健全资金、项目管理长效机制，从制度上堵塞漏洞。",
    "加强干部队伍建设，激发干事创业活力。",
]


@transaction.atomic
def load_demo(today: dt.date | None = None) -> Unit:
    """Create (or re-create after archiving) the demo round, unit, users and ledger."""
    today = today or dt.date.today()
    feedback = today - dt.timedelta(days=90)
    rnd = services.round_named(
        ROUND,
        kind=InspectionKind.XUNCHA,
        inspector="中共云岭市委",
        round="2025年第一轮",
        types="常规巡察",
        start=feedback - dt.timedelta(days=70),
        end=feedback - dt.timedelta(days=20),
    )
    unit = services.unit_named(rnd, UNIT, group="云岭市委第二巡察组", feedback_date=feedback)
    other = services.unit_named(rnd, "中共云岭市青禾县林业局党组", group="云岭市委第三巡察组", feedback_date=feedback)
    services.archive_feedback(unit)
    for aspect_title, problems in FEEDBACK:
        number, _, title = aspect_title.partition("、")
        aspect = services.add_finding(unit, Finding.Level.ASPECT, title, number=number)
        for p_index, (problem_title, measures) in enumerate(problems, start=1):
            problem = services.add_finding(unit, Finding.Level.PROBLEM, problem_title, parent=aspect, number=str(p_index))
            for text, leader, lead, others, person, days, kind, status in measures:
                services.add_measure(
                    problem,
                    text,
                    leader=leader,
                    lead_department=services.department_named(unit, lead),
                    departments=[services.department_named(unit, d) for d in others],
                    person=person,
                    deadline=None if kind == K.LONG_TERM else feedback + dt.timedelta(days=days),
                    kind=kind,
                    status=status,
                    progress="已完成，相关制度已印发。" if status == S.COMPLETED else "",
                )
    if not Suggestion.objects.filter(unit=unit).exists():
        for i, text in enumerate(SUGGESTIONS):
            Suggestion.objects.create(unit=unit, text=text, position=i)
    if not Lead.objects.filter(unit=unit).exists():
        Lead.objects.create(unit=unit, summary="反映某项目验收把关不严的问题线索 1 件", transferred_to="市纪委监委", transferred_on=feedback)
    _demo_users(unit, other)
    from zhenggai.supervision.demo import enrich

    enrich(unit, today)  # outcomes, leaders and one reminder run, so the dashboard has content
    from zhenggai.workflow.demo import enrich as enrich_workflow

    enrich_workflow(unit, today)  # progress reports, closings with approvals, an extension, look-backs
    from zhenggai.reports.demo import load_demo_drafts

    load_demo_drafts(unit, today)  # the report drafts' narrative and contact lines
    from zhenggai.setup.demo import load_city

    load_city(unit, other, today)  # the level above: a city's 巡察办, a second round, grants, 共性问题
    return unit


def _demo_users(unit: Unit, other: Unit) -> None:
    User = get_user_model()
    # Names as real accounts carry them (the ones serve --demo prints, setup.demo.LOGINS): pages and the
    # workflow messages written while the demo loads show 姓名, never the login.
    from zhenggai.setup.demo import LOGINS

    names = {login: name for login, name, _, _ in LOGINS}
    people = [
        (DEMO_USER, Role.OFFICE, unit, None),
        ("jijian", Role.SUPERVISOR, unit, None),
        ("caiwu", Role.REPORTER, unit, "计划财务股"),
        ("linye", Role.OFFICE, other, None),
    ]
    for username, role, u, dept in people:
        user, created = User.objects.get_or_create(username=username, defaults={"last_name": names.get(username, "")})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        department = services.department_named(u, dept) if dept else None
        Membership.objects.get_or_create(user=user, unit=u, role=role, defaults={"department": department})
