"""Setting up an installation on the web: rounds, groups, units, departments and people.

Each verb takes the actor and checks the actor's grants itself (``zhenggai.ledger.access``),
so the pages, the people import and any later API cannot skip the check. Nothing is deleted:
a department or a person's role is archived, and history keeps who did it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from zhenggai.ledger import access, services, tree
from zhenggai.ledger.models import (
    UNIT_ROLES, Body, BodyKind, Department, Grant, GrantRole, InspectionGroup, InspectionRound, LedgerError,
    Membership, Role, Unit,
)

from .models import Profile

# Unit roles the unit's 整改办 hands out; the 巡视巡察办 role is a grant of the inspecting body.
UNIT_PEOPLE_ROLES = tuple(r for r in UNIT_ROLES if r != Role.INSPECTION_OFFICE)
_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def managed_bodies(user) -> QuerySet[Body]:
    """Inspecting bodies whose rounds the user sets up: 巡视巡察办 grants on a body (or superuser)."""
    bodies = Body.objects.active().filter(kind=BodyKind.INSPECTING)
    if user.is_superuser:
        return bodies
    grants = Grant.objects.active().filter(user=user, role=GrantRole.INSPECTION_OFFICE, body__isnull=False)
    own = Q(id__in=grants.values("body_id")) | Q(parent_id__in=grants.filter(body__kind=BodyKind.LEVEL).values("body_id"))
    return bodies.filter(own)


def _may_manage_round(user, rnd: InspectionRound) -> None:
    if not managed_bodies(user).filter(pk=rnd.body_id).exists():
        raise PermissionDenied("只有本轮次所属巡视巡察机构的巡视巡察办可以设置轮次")


def _clean(text: str, what: str, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise LedgerError(f"{what}不能为空")
    if len(text) > limit:
        raise LedgerError(f"{what}过长（最多 {limit} 字）")
    return text


@transaction.atomic
def create_round(actor, body: Body, name: str, **fields) -> InspectionRound:
    """A new round of the body; the name must be new within the body."""
    if not managed_bodies(actor).filter(pk=body.pk).exists():
        raise PermissionDenied("只有本机构的巡视巡察办可以新建轮次")
    name = _clean(name, "轮次名称")
    if InspectionRound.objects.filter(body=body, name=name).exists():
        raise LedgerError(f"本机构已有名为“{name}”的轮次")
    return services.round_named(name, user=actor, body=body, **fields)


@transaction.atomic
def add_group(actor, rnd: InspectionRound, name: str) -> InspectionGroup:
    _may_manage_round(actor, rnd)
    name = _clean(name, "巡视巡察组名称")
    group, _ = InspectionGroup.objects.get_or_create(inspection=rnd, name=name)
    return group


@transaction.atomic
def add_unit(actor, rnd: InspectionRound, name: str, group: InspectionGroup | None = None,
             feedback_date: dt.date | None = None, organisation: Body | None = None) -> Unit:
    """A unit of the round for an organisation chosen from the tree, or created by its name."""
    _may_manage_round(actor, rnd)
    if organisation is not None:
        if organisation.kind != BodyKind.ORGANISATION:
            raise LedgerError("请选择被巡视巡察党组织")
        name = organisation.name
    name = _clean(name, "被巡视巡察党组织名称")
    if Unit.objects.active().filter(inspection=rnd, name=name).exists():
        raise LedgerError(f"本轮次已有“{name}”")
    if group is not None and group.inspection_id != rnd.id:
        raise LedgerError("巡视巡察组不属于本轮次")
    unit = services.unit_named(rnd, name, user=actor, group=group.name if group else "", feedback_date=feedback_date)
    changed = []
    if organisation is not None and unit.organisation_id != organisation.id:
        unit.organisation = organisation
        changed.append("organisation")
    if group is not None and unit.inspection_group_id != group.id:
        unit.inspection_group = group
        changed.append("inspection_group")
    if changed:
        unit.save(update_fields=changed)
    return unit


def _office_of(actor, unit: Unit) -> None:
    a = access.access_for(actor, unit)
    if a is None:
        raise PermissionDenied("没有这个单位")
    if not a.can_write:
        raise PermissionDenied("只有本单位整改办可以管理部门和人员")


@transaction.atomic
def add_department(actor, unit: Unit, name: str) -> Department:
    _office_of(actor, unit)
    return services.department_named(unit, _clean(name, "部门名称", 100), user=actor)


def initial_password() -> str:
    """A printed initial password: readable (no 0/O, 1/l), long enough, changed at first login."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(12))


def _username_for(name: str, phone: str) -> str:
    User = get_user_model()
    base = phone if phone and not User.objects.filter(username=phone).exists() else None
    if base:
        return base
    while True:
        candidate = "u" + secrets.token_hex(4)
        if not User.objects.filter(username=candidate).exists():
            return candidate


@dataclass(frozen=True)
class NewPerson:
    """A person as the office gets them back: the login and the initial password to hand over once."""

    user: object
    username: str
    password: str | None   # None when the person already had an account


@transaction.atomic
def add_person(actor, unit: Unit, name: str, role: str, department: Department | None = None,
               title: str = "", phone: str = "") -> NewPerson:
    """A person of the unit in a role. A reporter needs a department of this unit; the same
    phone number names the same person, who keeps their account and gets one more role."""
    _office_of(actor, unit)
    if role not in UNIT_PEOPLE_ROLES:
        raise LedgerError("角色只能是：" + "、".join(Role(r).label for r in UNIT_PEOPLE_ROLES))
    if department is not None and department.unit_id != unit.id:
        raise LedgerError("部门不属于本单位")
    if role == Role.REPORTER and department is None:
        raise LedgerError("部门填报人必须指定所在部门")
    user, password = _person(name, title, phone)
    existing = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if existing is not None and existing.archived_at is None:
        raise LedgerError(f"{name}已是本单位的{Role(role).label}")
    if existing is not None:
        existing.archived_at = None
        existing.department = department
        existing.save(update_fields=["archived_at", "department"])
    else:
        Membership.objects.create(user=user, unit=unit, role=role, department=department)
    return NewPerson(user, user.get_username(), password)


@transaction.atomic
def reset_password(actor, unit: Unit, user) -> str:
    """A new initial password for a person of the unit, to be changed at the next login."""
    _office_of(actor, unit)
    if not Membership.objects.active().filter(unit=unit, user=user).exists():
        raise PermissionDenied("此人不是本单位人员")
    if user.is_superuser:
        raise PermissionDenied("不能在这里重置管理员的密码")
    password = initial_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})
    return password


def people_of(unit: Unit) -> QuerySet[Membership]:
    return (Membership.objects.active().filter(unit=unit).select_related("user__profile", "department")
            .order_by("department__name", "role", "user__last_name", "id"))


def _person(name: str, title: str, phone: str) -> tuple[object, str | None]:
    """The account for this person: found by phone, else created with an initial password."""
    User = get_user_model()
    name = _clean(name, "姓名", 50)
    phone = "".join((phone or "").split())
    if phone and not phone.replace("-", "").isdigit():
        raise LedgerError(f"手机号码“{phone}”格式不对")
    user = User.objects.filter(profile__phone=phone).first() if phone else None
    if user is not None:
        return user, None
    password = initial_password()
    user = User(username=_username_for(name, phone), last_name=name)
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user, title=(title or "").strip()[:100], phone=phone, must_change_password=True)
    return user, password


@transaction.atomic
def create_body(actor, parent: Body | None, kind: str, name: str, tier: str = "") -> Body:
    """A node of the tree. The tree is the operator's (superuser's) to shape; bodies hang under a level."""
    if not actor.is_superuser:
        raise PermissionDenied("只有系统管理员可以设置机构")
    name = _clean(name, "机构名称")
    if kind != BodyKind.LEVEL and (parent is None or parent.kind != BodyKind.LEVEL):
        raise LedgerError("巡视巡察机构、纪委监委、组织部和党组织须属于一个层级")
    if parent is not None and parent.kind != BodyKind.LEVEL:
        raise LedgerError("上级须是一个层级")
    if Body.objects.active().filter(parent=parent, kind=kind, name=name).exists():
        raise LedgerError(f"已有“{name}”")
    return tree.child(parent, kind, name, tier if kind == BodyKind.LEVEL else "")


@transaction.atomic
def add_body_person(actor, body: Body, name: str, role: str, group: InspectionGroup | None = None,
                    title: str = "", phone: str = "") -> NewPerson:
    """A colleague of the 巡视巡察办 (a grant over the body) or a member of one of its groups."""
    if not managed_bodies(actor).filter(pk=body.pk).exists():
        raise PermissionDenied("只有本机构的巡视巡察办可以添加人员")
    if role == GrantRole.INSPECTION_GROUP:
        if group is None or group.inspection.body_id != body.id:
            raise LedgerError("巡视巡察组成员须选择本机构某一轮次的巡视巡察组")
        scope = {"group": group}
    elif role == GrantRole.INSPECTION_OFFICE:
        scope = {"body": body}
    else:
        raise LedgerError("这里只能添加巡视巡察办人员和巡视巡察组成员")
    user, password = _person(name, title, phone)
    if Grant.objects.active().filter(user=user, role=role, **scope).exists():
        raise LedgerError("此人已有这项授权")
    Grant.objects.create(user=user, role=role, **scope)
    return NewPerson(user, user.get_username(), password)


# What a person added to a body of each kind becomes (the operator's set-up of the tree).
ROLE_FOR_BODY = {
    BodyKind.INSPECTING: GrantRole.INSPECTION_OFFICE,
    BodyKind.DISCIPLINE: GrantRole.DISCIPLINE,
    BodyKind.ORGANISATION_DEPT: GrantRole.ORGANISATION_DEPT,
    BodyKind.LEVEL: GrantRole.UPPER_OFFICE,
}


@transaction.atomic
def grant_on_body(actor, body: Body, name: str, title: str = "", phone: str = "") -> NewPerson:
    """The operator gives a body its people: a 巡视巡察办 member, the 纪委监委, the 组织部, or an
    upper level's reader (a person on a level reads that level and everything below it)."""
    if not actor.is_superuser:
        raise PermissionDenied("只有系统管理员可以为机构添加人员")
    role = ROLE_FOR_BODY.get(body.kind)
    if role is None:
        raise LedgerError("被巡视巡察党组织的人员请在单位的“人员”页面添加")
    scope = {"body": body, "subtree": role == GrantRole.UPPER_OFFICE}
    user, password = _person(name, title, phone)
    if Grant.objects.active().filter(user=user, role=role, body=body).exists():
        raise LedgerError("此人已有这项授权")
    Grant.objects.create(user=user, role=role, **scope)
    return NewPerson(user, user.get_username(), password)


def body_people(body: Body) -> QuerySet[Grant]:
    return (Grant.objects.active().filter(Q(body=body) | Q(group__inspection__body=body))
            .select_related("user__profile", "group__inspection").order_by("role", "user__last_name"))


def tree_people() -> QuerySet[Grant]:
    """Everyone granted a role on a body (the operator's list)."""
    return (Grant.objects.active().filter(body__isnull=False).select_related("user__profile", "body")
            .order_by("body__path", "role", "user__last_name"))
