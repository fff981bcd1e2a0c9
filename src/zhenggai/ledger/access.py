"""Who may see and change what. Every view goes through these helpers.

Outsiders get 404 (a guessed URL reveals nothing), read-only roles get 403
on writes. Kept in one module so later roles change one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Finding, Measure, Membership, Role, Unit

# Roles that may change the ledger of their unit (reporters get their own verb later).
WRITE_ROLES = frozenset({Role.OFFICE})
# 移交问题线索 are confidential: not for department reporters or leaders.
LEAD_ROLES = frozenset({Role.OFFICE, Role.SUPERVISOR, Role.INSPECTION_OFFICE})


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

    @property
    def can_comment(self) -> bool:
        """Everyone who may read the unit may comment (纪检监督 above all); comments change no state."""
        return True

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
        return self.superuser or bool(self.roles & WRITE_ROLES)

    @property
    def can_bulk_edit(self) -> bool:
        """Bulk assignment (ledger.bulk) is the office's: it rewrites many rows at once."""
        return self.superuser or Role.OFFICE in self.roles

    @property
    def can_see_leads(self) -> bool:
        return self.superuser or bool(self.roles & LEAD_ROLES)

    @property
    def reporter_only(self) -> bool:
        """A department reporter with no wider role sees only their department's measures."""
        return not self.superuser and self.roles == {Role.REPORTER} and bool(self.department_ids)

    def scope_measures(self, qs: QuerySet[Measure]) -> QuerySet[Measure]:
        if not self.reporter_only:
            return qs
        ids = list(self.department_ids)
        return qs.filter(Q(lead_department_id__in=ids) | Q(departments__id__in=ids)).distinct()


def visible_units(user) -> QuerySet[Unit]:
    """Units the user may open: their memberships, plus every unit of a round where
    they belong to the inspection office (巡视巡察办 reads across units)."""
    units = Unit.objects.active().select_related("inspection")
    if not user.is_authenticated:
        return units.none()
    if user.is_superuser:
        return units
    mine = Membership.objects.active().filter(user=user)
    return units.filter(
        Q(id__in=mine.values("unit_id"))
        | Q(inspection_id__in=mine.filter(role=Role.INSPECTION_OFFICE).values("unit__inspection_id"))
    ).distinct()


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
    if not roles and Membership.objects.active().filter(
        user=user, role=Role.INSPECTION_OFFICE, unit__inspection_id=unit.inspection_id
    ).exists():
        roles = {Role.INSPECTION_OFFICE}
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
        unit = Unit.objects.active().select_related("inspection").get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个单位") from None
    access = access_for(user, unit)
    if access is None:
        raise Http404("没有这个单位")
    if write and not access.can_write:
        raise PermissionDenied("您的角色只能查看，不能修改")
    return access


def finding_for(user, finding_id, write: bool = False) -> tuple[Finding, Access]:
    try:
        finding = Finding.objects.active().select_related("unit", "parent__parent").get(pk=int(finding_id))
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个问题") from None
    access = unit_for(user, finding.unit_id, write=write)
    return finding, access


def measure_for(user, measure_id, write: bool = False) -> tuple[Measure, Access]:
    try:
        measure = (
            Measure.objects.active()
            .select_related("finding__unit", "finding__parent__parent", "lead_department")
            .get(pk=int(measure_id))
        )
    except (Measure.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这条措施") from None
    access = unit_for(user, measure.finding.unit_id, write=write)
    if access.reporter_only and not access.scope_measures(Measure.objects.filter(pk=measure.pk)).exists():
        raise Http404("没有这条措施")
    return measure, access
