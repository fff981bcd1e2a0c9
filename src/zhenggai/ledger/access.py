"""Who may see and change what. Every view, download, export and command goes through here.

Roles come from data: a Membership is a grant on one unit (and, for a reporter, one
department); a Grant is a role over a round, a group, or a level of the organisation tree
(optionally its subtree). What a role allows is ``permissions.TABLE``. The user's grants are
read once per request (cached on the user object, invalidated when any grant changes) and
turned into querysets of what they may see.

Outsiders get 404 (a guessed URL reveals nothing), read-only roles get 403 on writes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import BodyKind, Finding, Grant, InspectionRound, Measure, Membership, Role, Unit
from .permissions import Perm, allows


@dataclass(frozen=True)
class Access:
    """What one user may do on one unit."""

    unit: Unit
    roles: frozenset[str]
    department_ids: frozenset[int]
    superuser: bool = False
    # Leader memberships' departments and the user's names: together they define a
    # leader's "area" (分管领域), see in_area(). Empty for everyone who is not a leader.
    leader_department_ids: frozenset[int] = frozenset()
    leader_names: frozenset[str] = frozenset()

    def has(self, role: str) -> bool:
        """Whether the user holds this role on the unit (a superuser counts as every role)."""
        return self.superuser or role in self.roles

    def may(self, perm: Perm) -> bool:
        """Whether the user's roles on this unit carry the permission (permissions.TABLE)."""
        return self.superuser or allows(self.roles, perm)

    @property
    def can_comment(self) -> bool:
        """Readers comment (纪检监督 above all; comments change no state), except read-only upper levels."""
        return self.may(Perm.COMMENT)

    def in_department(self, measure: Measure) -> bool:
        """A reporter's own measures: led by, or shared with, one of their departments."""
        if self.superuser:
            return True
        if not self.department_ids:
            return False
        if measure.lead_department_id in self.department_ids:
            return True
        return measure.departments.filter(id__in=self.department_ids).exists()

    def in_area(self, measure: Measure) -> bool:
        """A leader's area (分管领域): measures whose 责任领导 is the leader by name, or
        whose 牵头部门 is a department the leader's membership is attached to."""
        if self.superuser:
            return True
        if Role.LEADER not in self.roles:
            return False
        return (measure.leader or "").strip() in self.leader_names or measure.lead_department_id in self.leader_department_ids

    @property
    def can_write(self) -> bool:
        return self.may(Perm.EDIT)

    @property
    def can_bulk_edit(self) -> bool:
        """Bulk assignment (ledger.bulk) rewrites many rows at once: whoever may edit the ledger (the office)."""
        return self.can_write

    @property
    def can_see_leads(self) -> bool:
        """移交问题线索 are confidential: not for department reporters, leaders or upper levels."""
        return self.may(Perm.SEE_LEADS)

    @property
    def reporter_only(self) -> bool:
        """A department reporter with no wider role sees only their department's measures.

        Without a department (which Membership refuses, and checks.py reports for old rows)
        a reporter sees nothing rather than everything: scope_measures() answers none."""
        return not self.superuser and self.roles == {Role.REPORTER}

    @property
    def sees_whole_unit(self) -> bool:
        """Whether documents about the whole unit (report drafts, the 调度报告, issued
        reports) are for this user: every role but a department reporter's. A reporter's
        lists and exports are scoped to their departments instead (scope_measures)."""
        return not self.reporter_only

    def require_whole_unit(self) -> None:
        """403 for a reporter asking for a whole-unit document (they are a member, not an outsider)."""
        if not self.sees_whole_unit:
            raise PermissionDenied("部门填报人只能查看本部门的整改措施；全单位的报告和草稿由整改办下载")

    def scope_measures(self, qs: QuerySet[Measure]) -> QuerySet[Measure]:
        if not self.reporter_only:
            return qs
        ids = list(self.department_ids)
        if not ids:
            return qs.none()
        return qs.filter(Q(lead_department_id__in=ids) | Q(departments__id__in=ids)).distinct()


@dataclass(frozen=True)
class _Scope:
    """One grant, reduced to what coverage needs: exactly one of the four fields is set."""

    role: str
    round_id: int | None = None
    group_id: int | None = None
    body_id: int | None = None       # the rounds of this inspecting body
    level_id: int | None = None      # the rounds of every body attached to this level
    prefix: str | None = None        # the rounds of bodies anywhere under this path

    def covers_round(self, rnd: InspectionRound) -> bool:
        """Whether the grant covers the whole round (a group grant covers only its units)."""
        if self.round_id is not None:
            return self.round_id == rnd.id
        if self.body_id is not None:
            return rnd.body_id == self.body_id
        body = rnd.body if rnd.body_id else None
        if body is None:
            return False
        if self.level_id is not None:
            return body.parent_id == self.level_id
        return self.prefix is not None and body.path.startswith(self.prefix)

    def covers_unit(self, unit: Unit) -> bool:
        if self.group_id is not None:
            return unit.inspection_group_id == self.group_id
        return self.covers_round(unit.inspection)


# Bumped whenever a grant or membership changes, so a cached answer is never stale in-process.
_generation = itertools.count()
_current = [next(_generation)]


def grants_changed(**_kwargs) -> None:
    """Signal receiver: forget every cached answer (see apps.py)."""
    _current[0] = next(_generation)


def _scopes(user) -> tuple[_Scope, ...]:
    """The user's grants above the unit, read once per request (two queries)."""
    cached = getattr(user, "_zhenggai_scopes", None)
    if cached is not None and cached[0] == _current[0]:
        return cached[1]
    scopes: list[_Scope] = []
    for g in Grant.objects.active().filter(user=user).select_related("body__parent"):
        if g.group_id:
            scopes.append(_Scope(g.role, group_id=g.group_id))
        elif g.inspection_id:
            scopes.append(_Scope(g.role, round_id=g.inspection_id))
        elif g.body_id:
            # A 巡视巡察办 reads its own body's rounds; the 纪委监委 and 组织部 (or a grant on a level)
            # every round of their level; with 含下级, every round below the level too.
            level = g.body if g.body.kind == BodyKind.LEVEL or g.body.parent is None else g.body.parent
            if g.subtree:
                scopes.append(_Scope(g.role, prefix=level.path))
            elif g.body.kind == BodyKind.INSPECTING:
                scopes.append(_Scope(g.role, body_id=g.body_id))
            else:
                scopes.append(_Scope(g.role, level_id=level.id))
    # A 巡视巡察办 membership on one unit of a round reads the whole round (as before grants).
    legacy = Membership.objects.active().filter(user=user, role=Role.INSPECTION_OFFICE)
    for rid in set(legacy.values_list("unit__inspection_id", flat=True)):
        scopes.append(_Scope(Role.INSPECTION_OFFICE, round_id=rid))
    result = tuple(scopes)
    user._zhenggai_scopes = (_current[0], result)
    return result


def _scope_q(scopes: tuple[_Scope, ...], prefix: str) -> Q:
    """A filter over ``prefix`` (a path to InspectionRound: "" for rounds, "inspection__" for units)."""
    q = Q(pk__in=[])
    rounds = {s.round_id for s in scopes if s.round_id is not None}
    levels = {s.level_id for s in scopes if s.level_id is not None}
    bodies = {s.body_id for s in scopes if s.body_id is not None}
    if rounds:
        q |= Q(**{f"{prefix}id__in": rounds})
    if bodies:
        q |= Q(**{f"{prefix}body_id__in": bodies})
    if levels:
        q |= Q(**{f"{prefix}body__parent_id__in": levels})
    for path in sorted({s.prefix for s in scopes if s.prefix}):
        q |= Q(**{f"{prefix}body__path__startswith": path})
    return q


def visible_units(user) -> QuerySet[Unit]:
    """Units the user may open: their memberships, plus every unit their grants cover."""
    units = Unit.objects.active().select_related("inspection")
    if not user.is_authenticated:
        return units.none()
    if user.is_superuser:
        return units
    scopes = _scopes(user)
    q = Q(id__in=Membership.objects.active().filter(user=user).values("unit_id")) | _scope_q(scopes, "inspection__")
    groups = {s.group_id for s in scopes if s.group_id is not None}
    if groups:
        q |= Q(inspection_group_id__in=groups)
    return units.filter(q).distinct()


def round_roles(user, rnd: InspectionRound) -> frozenset[str]:
    """The roles a user holds over a whole round (not through one unit)."""
    if user.is_superuser:
        return frozenset({Role.INSPECTION_OFFICE})
    if not user.is_authenticated:
        return frozenset()
    return frozenset(s.role for s in _scopes(user) if s.covers_round(rnd))


def overview_rounds_qs(user) -> QuerySet[InspectionRound]:
    """Rounds whose overview the user may open: those a grant with 全轮次总览 covers whole."""
    rounds = InspectionRound.objects.active()
    if not user.is_authenticated:
        return rounds.none()
    if user.is_superuser:
        return rounds
    scopes = tuple(s for s in _scopes(user) if s.group_id is None and allows({s.role}, Perm.OVERVIEW))
    return rounds.filter(_scope_q(scopes, "")) if scopes else rounds.none()


def access_for(user, unit: Unit) -> Access | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Access(unit, frozenset({Role.OFFICE}), frozenset(), superuser=True)
    members = list(Membership.objects.active().filter(user=user, unit=unit))
    roles = {m.role for m in members}
    # Reporters' departments scope what they see; leaders' departments define their area.
    depts = {m.department_id for m in members if m.department_id and m.role != Role.LEADER}
    leader_depts = {m.department_id for m in members if m.department_id and m.role == Role.LEADER}
    roles |= {s.role for s in _scopes(user) if s.covers_unit(unit)}
    if not roles:
        return None
    return Access(
        unit, frozenset(roles), frozenset(depts),
        leader_department_ids=frozenset(leader_depts), leader_names=_names(user) if Role.LEADER in roles else frozenset(),
    )


def _names(user) -> frozenset[str]:
    """How a leader may be written in the 责任领导 column: full name either way round, or login."""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    return frozenset(n for n in (last + first, f"{first} {last}".strip(), user.get_username()) if n)


def unit_for(user, unit_id, write: bool = False) -> Access:
    """The unit and the user's access to it; 404 for outsiders, 403 for read-only writes."""
    try:
        unit = Unit.objects.active().select_related("inspection__body").get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个单位") from None
    access = access_for(user, unit)
    if access is None:
        raise Http404("没有这个单位")
    if write and not access.can_write:
        raise PermissionDenied("您的角色只能查看，不能修改")
    return access


def whole_unit_for(user, unit_id, write: bool = False) -> Access:
    """unit_for() for whole-unit documents (reports): also 403 for a department reporter."""
    access = unit_for(user, unit_id, write=write)
    access.require_whole_unit()
    return access


def finding_for(user, finding_id, write: bool = False) -> tuple[Finding, Access]:
    try:
        finding = Finding.objects.active().select_related("unit", "parent__parent").get(pk=int(finding_id))
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个问题") from None
    access = unit_for(user, finding.unit_id, write=write)
    return finding, access


def measure_for(user, measure_id, write: bool = False) -> tuple[Measure, Access]:
    """An archived measure still opens for reading (marked 已归档, linking its successor); writes need an active one."""
    try:
        measure = (
            (Measure.objects.active() if write else Measure.objects.all())
            .select_related("finding__unit", "finding__parent__parent", "lead_department")
            .get(pk=int(measure_id))
        )
    except (Measure.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这条措施") from None
    access = unit_for(user, measure.finding.unit_id, write=write)
    if access.reporter_only and not access.scope_measures(Measure.objects.filter(pk=measure.pk)).exists():
        raise Http404("没有这条措施")
    return measure, access


def access_from_memberships(user, unit: Unit, members: list) -> Access:
    """The Access that access_for would build, from the user's memberships of the unit already
    loaded: jobs over many units (zhenggai remind) load memberships in one query, not one per user.
    ``user`` needs is_superuser and the names (see _names); ``members`` role and department_id."""
    if user.is_superuser:
        return Access(unit, frozenset({Role.OFFICE}), frozenset(), superuser=True)
    roles = {m.role for m in members}
    depts = {m.department_id for m in members if m.department_id and m.role != Role.LEADER}
    leader_depts = {m.department_id for m in members if m.department_id and m.role == Role.LEADER}
    return Access(
        unit, frozenset(roles), frozenset(depts),
        leader_department_ids=frozenset(leader_depts), leader_names=_names(user) if Role.LEADER in roles else frozenset(),
    )


def job_for(user, job_id, light: bool = False):
    """A 生成任务 and its result: only for the user who asked for it (anyone else, a guessed id
    included, gets 404), and only while their grants still cover its scope (403 once they do not)."""
    from . import jobs
    from .models import GeneratedJob

    rows = GeneratedJob.objects.defer("result") if light else GeneratedJob.objects.all()
    try:
        job = rows.get(pk=int(job_id))
    except (GeneratedJob.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个生成任务") from None
    if not getattr(user, "is_authenticated", False) or job.requested_by_id != user.pk:
        raise Http404("没有这个生成任务")
    if not jobs.allowed(user, job):
        raise PermissionDenied("您已不再有权查看这个范围，不能打开这个生成任务的结果")
    return job
