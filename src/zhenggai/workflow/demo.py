"""Workflow records for the demo round (``zhenggai serve --demo``): a few progress
reports, a pending close request, a returned-then-approved closing, an extension
request and look-backs. Called once at the end of ledger.demo.load_demo.

Every sentence is invented for the demo.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from zhenggai.ledger.access import access_for
from zhenggai.ledger.models import Measure, Membership, Role, Unit

from . import evidence, services

PASSWORD = "zhenggai-demo"


def _leader_for(unit: Unit, measure: Measure):
    """A demo leader whose area holds the measure: the supervision demo's 分管领导 (fenguan, 王振华)
    when present, else one made here (lingdao) so the workflow demo stands on its own."""
    for m in Membership.objects.active().filter(unit=unit, role=Role.LEADER).select_related("user"):
        acc = access_for(m.user, unit)
        if acc is not None and acc.in_area(measure):
            return m.user
    User = get_user_model()
    user, created = User.objects.get_or_create(username="lingdao", defaults={"first_name": measure.leader})
    if created:
        user.set_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.LEADER)
    return user


def _measure(unit: Unit, text: str) -> Measure:
    return Measure.objects.active().select_related("finding__unit").get(finding__unit=unit, text=text)


def _file(name: str, body: str) -> evidence.Checked:
    return evidence.check(name, [body.encode("utf-8")], django_settings.MAX_UPLOAD_MB * 1024 * 1024)


def enrich(unit: Unit, today: dt.date) -> None:
    office = Membership.objects.get(unit=unit, role=Role.OFFICE, user__username="demo").user
    reporter = Membership.objects.get(unit=unit, role=Role.REPORTER, user__username="caiwu").user
    services.update_settings(unit, office, cadence="monthly", leader_approval=True, lookback_days=[90, 180])

    # A pending close request, after two monthly reports with evidence.
    idle = _measure(unit, "清理沉淀资金，按规定收回统筹使用")
    services.report_progress(idle, reporter, "已完成沉淀资金摸底，共涉及 6 个项目。", 40,
                             [_file("沉淀资金清理明细.txt", "项目一 已收回\n项目二 清理中\n")])
    services.report_progress(idle, reporter, "6 个项目沉淀资金已全部收回并重新安排。", 100)
    services.request_close(idle, reporter, "沉淀资金已全部收回统筹使用，附清理明细。")

    # Returned once, then approved by the office and the leader: closed, look-backs scheduled, one done.
    late = _measure(unit, "追回违规领取的补贴资金")
    services.report_progress(late, reporter, "已下发追缴通知，追回 8 户补贴资金。", 80,
                             [_file("追缴情况说明.txt", "追缴对象及金额明细\n")])
    services.request_close(late, reporter, "违规领取的补贴资金已全部追回。")
    services.return_for_rework(late, office, "请补充缴款凭证后再申请销号。")
    services.request_close(late, reporter, "已补充缴款凭证。", [_file("缴款凭证清单.txt", "凭证编号 001-012\n")])
    services.approve(late, office, "材料齐全。")
    services.approve(late, _leader_for(unit, late), "同意销号。")
    services.record_lookback(late, office, "回访 5 户，未发现再次违规申领。", rebound=False)

    # An extension request awaiting the office.
    budget = _measure(unit, "安排管护经费并纳入年度预算")
    if budget.deadline and budget.deadline >= today:
        services.request_extension(budget, reporter, budget.deadline + dt.timedelta(days=60), "须待县级预算调整方案批复。")

    # A look-back of an item the ledger already shows as completed.
    services.record_lookback(_measure(unit, "修订公务接待管理办法，实行接待审批单制度"), office,
                             "随机抽查接待审批单 20 份，均符合规定。", rebound=False)
