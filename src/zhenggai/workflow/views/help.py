"""帮助: what you can do here (by your role), the workflow as a picture, the warning rules in force, whom to ask."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhenggai.ledger import access as acl
from zhenggai.ledger import permissions as role_permissions
from zhenggai.ledger.models import Membership, Role
from zhenggai.ledger.people import person_name

from .. import diagram, states
from ..services import settings_for

# What each role does in the system, in the words of the offices (PRACTICE.md).
ROLE_HELP: dict[str, list[str]] = {
    Role.OFFICE: [
        "导入反馈意见或任务分解表，建立整改台账（问题清单、任务清单、责任清单）",
        "在整改台账逐条“编辑”，或勾选多条后“批量修改”责任领导、牵头部门、责任部门、责任人、完成时限和措施类型",
        "在“整改待办”审核销号申请（通过或退回并说明理由）、审批延期申请",
        "转为长期坚持、重新打开、安排和记录回头看；人员变动时办理责任交接",
        "设置预警规则和流程（报送周期、审批环节、回头看间隔），生成和印发整改报告",
    ],
    Role.REPORTER: [
        "在“整改待办”查看本部门牵头或参与的整改措施",
        "按报送周期报送整改进展，上传佐证材料",
        "整改完成后申请销号；被退回时，按退回理由补充材料后重新申请",
        "完成时限前确有困难的，申请延期并说明理由（逾期后不能再申请）",
    ],
    Role.LEADER: [
        "查看分管领域（本人任责任领导或分管部门牵头）的整改措施和进展",
        "单位设置了“分管领导审批”时，审批待分管领导审批的销号申请",
        "单位设置由分管领导审批延期时，审批延期申请",
    ],
    Role.SUPERVISOR: [
        "查看本单位全部台账、流程记录和佐证材料（只读，不能修改）",
        "对任何一条措施发表监督意见，意见会通知填报人和整改办",
        "接收逾期预警，跟踪整改不力的事项",
    ],
    Role.INSPECTION_OFFICE: [
        "查看本轮全部被巡察单位的台账、督办看板和轮次总览",
        "单位设置了“巡察办验收”时，验收销号申请",
        "对已销号、长期坚持的措施记录回头看",
    ],
    Role.INSPECTION_GROUP: [
        "起草和移交反馈意见，查看所巡察单位的整改台账和进展（只读）",
        "对整改措施发表意见",
    ],
    Role.DISCIPLINE: [
        "日常监督：查看各单位整改台账、流程记录、问题线索（只读）",
        "对整改不力、虚假整改的事项发表监督意见",
    ],
    Role.ORGANISATION_DEPT: [
        "日常监督：查看各单位整改台账和选人用人方面问题的整改（只读）",
        "对整改措施发表意见",
    ],
    Role.UPPER_OFFICE: [
        "查看下级巡视巡察办各轮次、各单位的整改情况（只读）",
    ],
}
DATE_FORMS = "2026-12-31、2026年12月31日、2026年12月底、6月30日前、年底、三季度末、上半年"


def _roles_everywhere(user, units) -> list[str]:
    """The user's roles on the units they may open (memberships and grants alike, as ledger.access sees them)."""
    if user.is_superuser:
        return list(ROLE_HELP)
    mine: set[str] = set(Membership.objects.active().filter(user=user).values_list("role", flat=True))
    for unit in units[:20]:
        access = acl.access_for(user, unit)
        if access is not None:
            mine |= set(access.roles)
    return [r for r in ROLE_HELP if r in mine]


def _context(request: HttpRequest, roles: list[str]) -> dict:
    return {
        "roles": [(Role(r).label, ROLE_HELP[r]) for r in roles],
        "diagram": diagram.svg(),
        "table": states.table_rows(),
        "permissions": role_permissions.rows(),
        "date_forms": DATE_FORMS,
    }


@require_GET
@login_required
def help_page(request: HttpRequest) -> HttpResponse:
    units = list(acl.visible_units(request.user).order_by("name")[:50])
    context = _context(request, _roles_everywhere(request.user, units))
    context["units"] = units
    return render(request, "workflow/help.html", context)


@require_GET
@login_required
def unit_help(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    roles = list(ROLE_HELP) if access.superuser else [r for r in ROLE_HELP if r in access.roles]
    context = _context(request, roles)
    from zhenggai.supervision.models import Recipient
    from zhenggai.supervision.services import rule_for

    rule = rule_for(unit)
    labels = dict(Recipient.choices)
    context.update({
        "unit": unit,
        "access": access,
        "rule": rule,
        "rule_to": [(name, "、".join(labels[r] for r in sorted(getattr(rule.recipients, level))))
                    for name, level in (("绿色提示", "green"), ("黄色预警", "yellow"), ("红色预警（逾期）", "red"))],
        "cfg": settings_for(unit),
        # Whom to ask: the unit's 整改办 (for everyone), and the round's 巡视巡察办 (for the office itself).
        "contacts": [(person_name(m.user), m.user.email, m.get_role_display()) for m in
                     Membership.objects.active().filter(unit=unit, role=Role.OFFICE).select_related("user")
                     .order_by("user__last_name", "user__first_name")]
                    + [(person_name(m.user), m.user.email, m.get_role_display()) for m in
                       Membership.objects.active().filter(role=Role.INSPECTION_OFFICE, unit__inspection_id=unit.inspection_id)
                       .select_related("user").order_by("user__last_name")[:5]],
    })
    return render(request, "workflow/help.html", context)
