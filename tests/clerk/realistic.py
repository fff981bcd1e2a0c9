"""A unit with 100 measures of realistic length, written for these tests (not taken from any published report).

Texts are assembled from short phrases of our own, so rows differ in length the way real ledgers do:
some one line, some a paragraph of 150–250 characters.
"""

from __future__ import annotations

import datetime as dt
import random

ASPECTS = [
    "关于贯彻落实上级重大决策部署不够有力方面",
    "关于履行全面从严治党主体责任不够到位方面",
    "关于干部队伍建设和基层组织建设存在短板方面",
    "关于财经纪律执行和资产管理不够规范方面",
]
PROBLEMS = [
    "推动乡村产业项目落地见效不够，部分项目建成后长期闲置",
    "对重点民生工程跟踪问效不及时，群众反映的问题整改拖延",
    "党组理论学习中心组学习流于形式，研讨交流深度不够",
    "落实“第一议题”制度不够严格，传达学习后缺少具体举措",
    "选人用人程序执行不严，个别岗位长期由借调人员承担",
    "基层党支部“三会一课”记录不全，组织生活质量不高",
    "公务用车管理不规范，派车审批和行车记录不对应",
    "专项资金拨付滞后，部分资金沉淀在账上超过一年",
    "固定资产账实不符，报废处置未按程序报批",
    "政府采购内控制度缺失，存在化整为零规避招标现象",
]
SPECIFIC = [
    "某农产品加工厂房建成两年仍未投入使用",
    "三个村级光伏项目收益未按约定分配到户",
    "中心组学习记录中有多次研讨发言雷同",
    "两名干部借调期满后未及时办理回原单位手续",
    "去年四季度有十一次派车无审批单",
    "一笔农田水利补助资金滞留账户十四个月",
]
OPENINGS = ["组织开展", "全面梳理", "制定出台", "建立健全", "对照问题清单", "由分管领导牵头", "会同财政部门",
            "聘请第三方机构", "逐项建立台账，", "召开专题会议研究，"]
ACTS = ["闲置项目的现状、成因和盘活路径", "近三年专项资金的拨付、使用和结余情况", "固定资产清查盘点和账务调整工作",
        "公务用车派车审批和行车记录的比对核查", "中心组学习计划、研讨题目和成果转化机制",
        "借调人员清理规范工作", "基层支部组织生活情况的全面检查", "政府采购项目的合规性复查",
        "群众来信来访反映问题的逐件回访", "村级集体经济项目收益分配情况的专项审计"]
TAILS = ["，形成问题清单和整改责任清单，明确每一项的完成时限和责任人", "，对发现的问题建立销号台账，完成一项销号一项",
         "，对责任不落实的依规依纪严肃问责", "，整改情况每月向党组报告一次，并在一定范围内通报",
         "，建立长效机制，防止问题反弹回潮", "，相关制度修订后印发全体干部职工学习执行",
         "，对已收回的资金统筹用于民生项目", "，年底前组织一次回头看，检验整改成效"]
DEPARTMENTS = ["办公室", "计划财务股", "乡村振兴和产业发展股", "人事教育股", "机关党委", "农田建设管理股", "政策法规股"]
LEADERS = ["王振华", "李慧敏", "张建军", "陈晓东"]
PEOPLE = ["周丽", "吴海涛", "郑红梅", "孙志刚", "钱思远", "冯雪", "卫国强"]


def measure_text(rng: random.Random) -> str:
    parts = [rng.choice(OPENINGS), rng.choice(ACTS)]
    for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
        parts.append(rng.choice(TAILS))
    return "".join(parts) + "。"


def build(n_measures: int = 100, seed: int = 13):
    """Round, unit, departments, 4 aspects → 10 problems (some with 具体问题) → n measures."""
    from zhenggai.ledger import services
    from zhenggai.ledger.models import Finding, Measure

    rng = random.Random(seed)
    rnd = services.round_named("测试市委2026年第一轮巡察", inspector="测试市委")
    unit = services.unit_named(rnd, "中共测试县农业农村局党组", group="测试市委第二巡察组")
    depts = [services.department_named(unit, d) for d in DEPARTMENTS]
    targets = []
    for i, aspect_title in enumerate(ASPECTS):
        aspect = services.add_finding(unit, Finding.Level.ASPECT, aspect_title, number=f"（{'一二三四'[i]}）")
        for j in range(i * 3 % 10, i * 3 % 10 + 3):
            problem = services.add_finding(unit, Finding.Level.PROBLEM, PROBLEMS[j % len(PROBLEMS)], parent=aspect,
                                           number=f"{j + 1}.")
            if j % 2 == 0:
                targets.append(services.add_finding(unit, Finding.Level.ITEM, SPECIFIC[j % len(SPECIFIC)], parent=problem))
            else:
                targets.append(problem)
    today = dt.date.today()
    measures = []
    for k in range(n_measures):
        kind = Measure.Kind.LONG_TERM if k % 9 == 0 else Measure.Kind.DEADLINE
        measures.append(services.add_measure(
            targets[k % len(targets)], measure_text(rng),
            leader=rng.choice(LEADERS), lead_department=rng.choice(depts), person=rng.choice(PEOPLE),
            deadline=None if kind == Measure.Kind.LONG_TERM else today + dt.timedelta(days=rng.randint(-20, 200)),
            kind=kind,
            status=rng.choice([Measure.Status.NOT_STARTED, Measure.Status.IN_PROGRESS, Measure.Status.IN_PROGRESS])
            if kind != Measure.Kind.LONG_TERM else Measure.Status.LONG_TERM,
            progress=rng.choice(["", "", "已完成摸底，正在制定具体方案。", "已召开专题会议部署，相关股室正在逐项推进，预计按期完成。"]),
        ))
    return unit, depts, measures
