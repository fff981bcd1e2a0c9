"""The ledger's workflow verbs. Views, CLI, import and tests all call these.

Each verb checks, changes in one transaction, saves only changed fields and
leaves a history record whose change reason is a namespaced action code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Department, Finding, InspectionRound, LedgerError, Measure, Unit

MEASURE_FIELDS = (
    "text",
    "target",
    "kind",
    "status",
    "leader",
    "lead_department",
    "person",
    "deadline",
    "progress",
)


def _stamp(obj, user, reason: str) -> None:
    """Tell simple-history who did it and why, also outside a request (CLI, import)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj._change_reason = reason


def department_named(unit: Unit, name: str, user=None) -> Department:
    name = " ".join(name.split())
    if not name:
        raise LedgerError("部门名称不能为空")
    if len(name) > 100:
        raise LedgerError(f"部门名称过长: {name[:20]}…")
    dept = Department.objects.filter(unit=unit, name=name).first()
    if dept is None:
        dept = Department(unit=unit, name=name)
        _stamp(dept, user, "ledger.department.create")
        dept.save()
    elif dept.archived_at is not None:
        dept.archived_at = None
        _stamp(dept, user, "ledger.department.restore")
        dept.save(update_fields=["archived_at"])
    return dept


def next_sort_key(unit: Unit, parent: Finding | None) -> str:
    siblings = Finding.objects.filter(unit=unit, parent=parent).count()
    own = f"{siblings + 1:04d}"
    return f"{parent.sort_key}.{own}" if parent else own


def add_finding(
    unit: Unit, level: str, title: str, parent: Finding | None = None, number: str = "", user=None
) -> Finding:
    title = title.strip()
    if not title:
        raise LedgerError("问题内容不能为空")
    if parent is not None and parent.unit_id != unit.id:
        raise LedgerError("上级问题不属于这个单位")
    finding = Finding(
        unit=unit, parent=parent, level=level, title=title, number=number[:20], sort_key=next_sort_key(unit, parent)
    )
    _stamp(finding, user, "ledger.finding.create")
    finding.save()
    return finding


def add_measure(finding: Finding, text: str, user=None, departments: Iterable[Department] = (), **fields: Any) -> Measure:
    text = text.strip()
    if not text:
        raise LedgerError("整改措施内容不能为空")
    if finding.level == Finding.Level.ASPECT:
        raise LedgerError("整改措施应对应到具体问题，而不是方面")
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise LedgerError(f"未知字段: {', '.join(sorted(unknown))}")
    position = Measure.objects.filter(finding=finding).count() + 1
    measure = Measure(finding=finding, text=text, position=position, **fields)
    if user is not None and getattr(user, "is_authenticated", False):
        measure.updated_by = user
    _stamp(measure, user, "ledger.measure.create")
    measure.save()
    if departments:
        measure.departments.set(list(departments))
    return measure


@transaction.atomic
def update_measure(measure: Measure, user, departments: Iterable[Department] | None = None, **changes: Any) -> list[str]:
    """Apply changes; returns the names of the fields that really changed."""
    if measure.archived_at is not None:
        raise LedgerError("这条措施已归档，不能修改")
    unknown = set(changes) - set(MEASURE_FIELDS)
    if unknown:
        raise LedgerError(f"未知字段: {', '.join(sorted(unknown))}")
    lead = changes.get("lead_department")
    if lead is not None and lead.unit_id != measure.finding.unit_id:
        raise LedgerError("牵头部门不属于这个单位")
    if "text" in changes and not (changes["text"] or "").strip():
        raise LedgerError("整改措施内容不能为空")
    changed = [name for name, value in changes.items() if getattr(measure, name) != value]
    dept_changed = False
    if departments is not None:
        new_ids = {d.id for d in departments}
        if any(d.unit_id != measure.finding.unit_id for d in departments):
            raise LedgerError("责任部门不属于这个单位")
        dept_changed = new_ids != set(measure.departments.values_list("id", flat=True))
    if not changed and not dept_changed:
        return []
    for name in changed:
        setattr(measure, name, changes[name])
    measure.updated_by = user if getattr(user, "is_authenticated", False) else None
    reason = "ledger.measure." + ("deadline" if changed == ["deadline"] else "status" if changed == ["status"] else "update")
    _stamp(measure, user, reason)
    measure.save(update_fields=[*changed, "updated_at", "updated_by"])
    if dept_changed:
        _stamp(measure, user, "ledger.measure.departments")
        measure.departments.set(list(departments))
        changed.append("departments")
    return changed


@transaction.atomic
def archive_measure(measure: Measure, user) -> None:
    if measure.archived_at is not None:
        raise LedgerError("这条措施已经归档")
    measure.archived_at = timezone.now()
    measure.updated_by = user if getattr(user, "is_authenticated", False) else None
    _stamp(measure, user, "ledger.measure.archive")
    measure.save(update_fields=["archived_at", "updated_at", "updated_by"])


@transaction.atomic
def archive_feedback(unit: Unit, user=None) -> int:
    """Archive a unit's whole feedback tree and measures (before a re-import)."""
    now = timezone.now()
    count = 0
    for model, filt in ((Measure, {"finding__unit": unit}), (Finding, {"unit": unit})):
        for obj in model.objects.active().filter(**filt):
            obj.archived_at = now
            _stamp(obj, user, f"ledger.{model._meta.model_name}.archive")
            obj.save(update_fields=["archived_at"])
            count += 1
    return count


def round_named(name: str, user=None, body=None, **fields: Any) -> InspectionRound:
    """The round of this name (within ``body`` when given), created under the inspecting body
    its 巡视巡察主体 names when missing. Names are unique within a body, not the installation."""
    from . import tree

    name = " ".join((name or "").split())
    if not name:
        raise LedgerError("轮次名称不能为空")
    rounds = InspectionRound.objects.filter(name=name)
    if body is not None:
        rounds = rounds.filter(body=body)
    found = list(rounds[:2])
    if len(found) > 1:
        bodies = "、".join(sorted({r.body.name for r in rounds.select_related("body") if r.body_id}))
        raise LedgerError(f"有多个名为“{name}”的轮次（{bodies}），请指定巡视巡察机构")
    if found:
        return found[0]
    rnd = InspectionRound(name=name, **{k: v for k, v in fields.items() if v not in (None, "")})
    rnd.body = body or tree.inspecting_body(rnd.inspector)
    _stamp(rnd, user, "ledger.round.create")
    rnd.save()
    return rnd


def unit_named(inspection: InspectionRound, name: str, user=None, **fields: Any) -> Unit:
    name = " ".join((name or "").split())
    if not name:
        raise LedgerError("被巡视巡察党组织名称不能为空")
    unit = Unit.objects.filter(inspection=inspection, name=name).first()
    if unit is None:
        from . import tree

        unit = Unit(inspection=inspection, name=name, **{k: v for k, v in fields.items() if v not in (None, "")})
        tree.place_unit(unit)
        _stamp(unit, user, "ledger.unit.create")
        unit.save()
    return unit


def is_overdue(deadline: dt.date | None, status: str, today: dt.date | None = None) -> bool:
    from .models.measures import SETTLED

    today = today or dt.date.today()
    return bool(deadline and deadline < today and status not in SETTLED)
