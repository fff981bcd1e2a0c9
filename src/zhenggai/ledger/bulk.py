"""Bulk assignment (批量修改): set 责任领导, 牵头部门, 责任部门, 责任人, 完成时限 or 措施类型 on many measures at once.

An imported feedback document arrives without departments or people; the office fills them in for
dozens of rows in one step. ``preview`` says what would change; ``bulk_update_measures`` changes it
in one transaction, with one history entry per measure (change reason ``ledger.measure.bulk``).
Only the unit's 整改办 may do it (``Access.can_bulk_edit``); status stays with the workflow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import versions as ver
from .access import access_for
from .models import Department, LedgerError, Measure
from .models.measures import MeasureKind

FIELDS = {
    "leader": "责任领导",
    "lead_department": "牵头部门",
    "departments": "责任部门",
    "person": "责任人",
    "deadline": "完成时限",
    "kind": "措施类型",
}
MAX_MEASURES = 2000
CODE = "ledger.measure.bulk"


@dataclass
class RowChange:
    measure: Measure
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)


def _show(name: str, value: Any) -> str:
    if value in (None, ""):
        return "（空）"
    if name == "lead_department":
        return value.name
    if name == "departments":
        return "、".join(sorted(d.name for d in value)) or "（空）"
    if name == "deadline":
        return value.isoformat()
    if name == "kind":
        return MeasureKind(value).label
    return str(value)


def _clean(changes: dict[str, Any], unit_id: int) -> dict[str, Any]:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise LedgerError(f"不能批量修改：{'、'.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("leader", "person"):
            value = " ".join(str(value or "").split())
            if len(value) > 100:
                raise LedgerError(f"{FIELDS[name]}过长（不超过 100 字）")
        elif name == "lead_department":
            if not isinstance(value, Department) or value.unit_id != unit_id or value.archived_at is not None:
                raise LedgerError("牵头部门不属于这个单位")
        elif name == "departments":
            value = list(value)
            if any(d.unit_id != unit_id or d.archived_at is not None for d in value):
                raise LedgerError("责任部门不属于这个单位")
        elif name == "deadline":
            if value is not None and not isinstance(value, dt.date):
                raise LedgerError("完成时限应为日期")
        elif name == "kind":
            if value not in MeasureKind.values:
                raise LedgerError("措施类型无效")
        out[name] = value
    if not out:
        raise LedgerError("请至少选择一项要修改的内容")
    return out


def _current(measure: Measure, name: str) -> Any:
    if name == "departments":
        return {d.id for d in measure.departments.all()}
    return getattr(measure, name)


def _target(name: str, value: Any) -> Any:
    return {d.id for d in value} if name == "departments" else value


def preview(measures: Sequence[Measure], changes: dict[str, Any]) -> list[RowChange]:
    """What would change, measure by measure (measures already as asked are left out)."""
    if not measures:
        return []
    changes = _clean(changes, measures[0].finding.unit_id)
    rows = []
    for m in measures:
        row = RowChange(m)
        for name, value in changes.items():
            if _current(m, name) != _target(name, value):
                old = m.departments.all() if name == "departments" else getattr(m, name)
                row.changes.append((FIELDS[name], _show(name, old), _show(name, value)))
        if row.changes:
            rows.append(row)
    return rows


def _check_actor(actor, measures: Sequence[Measure]) -> None:
    units = {m.finding.unit for m in measures}
    if len(units) != 1:
        raise LedgerError("一次只能批量修改同一个单位的措施")
    access = access_for(actor, units.pop())
    if access is None:
        raise PermissionDenied("您不是这个单位的整改工作成员")
    if not access.can_bulk_edit:
        raise PermissionDenied("批量修改由整改办办理")


def version_list(measures: Sequence[Measure]) -> str:
    """The previewed rows' versions, carried by the confirmation as ``id:version,…`` (one field for thousands)."""
    tokens = ver.tokens_for(Measure, measures)
    return ",".join(f"{m.pk}:{tokens.get(m.pk, ver.NEW)}" for m in measures)


def parse_version_list(raw: str | None) -> dict[int, str]:
    """``id:version,…`` → {id: version}; pieces that are not that shape are left out (and so refused later)."""
    out: dict[int, str] = {}
    for piece in (raw or "").split(","):
        pk, sep, token = piece.partition(":")
        if sep and pk.strip().isdigit():
            out[int(pk)] = token.strip()
    return out


def _check_versions(locked: Sequence[Measure], posted: Mapping[int, str]) -> None:
    """Refuse the whole change when any row was saved by someone after the preview (or carries no version)."""
    if any(not ver.well_formed(posted.get(m.pk)) for m in locked):
        raise ver.StaleEdit(ver.MISSING)
    current = ver.tokens_for(Measure, locked)
    stale = []
    for m in locked:
        token = posted[m.pk]
        if current.get(m.pk, ver.NEW) != token:
            found = ver.changes_since(m, token)
            if found:
                stale.append(f"“{m.text[:30]}”：{'；'.join(found)}")
    if stale:
        raise ver.StaleEdit(
            f"未修改：预览之后，有 {len(stale)} 条措施有了新的修改（" + "；".join(stale[:5])
            + ("等" if len(stale) > 5 else "") + "）。为免覆盖他人的修改，这次批量修改没有保存任何一条；请重新预览后再确认。"
        )


@transaction.atomic
def bulk_update_measures(actor, measures: Iterable[Measure], changes: dict[str, Any],
                         versions: Mapping[int, str] | None = None) -> int:
    """Apply ``changes`` to every measure; returns how many measures changed. All or nothing.

    ``versions`` (id → version at preview, from the confirmation form) makes a save after someone
    else's refused; the web page always passes it, Python callers that hold the rows may leave it out.
    """
    ids = sorted({m.pk for m in measures})
    if not ids:
        raise LedgerError("请先选择要修改的措施")
    if len(ids) > MAX_MEASURES:
        raise LedgerError(f"一次最多修改 {MAX_MEASURES} 条措施")
    locked = list(
        Measure.objects.select_for_update().filter(pk__in=ids).select_related("finding__unit").order_by("pk")
    )
    if len(locked) != len(ids) or any(m.archived_at is not None for m in locked):
        raise LedgerError("所选措施中有已归档或不存在的措施，请刷新页面后重选")
    _check_actor(actor, locked)
    if versions is not None:
        _check_versions(locked, versions)
    changes = _clean(changes, locked[0].finding.unit_id)
    user = actor if getattr(actor, "is_authenticated", False) else None
    done = 0
    for m in locked:
        fields = [n for n, v in changes.items() if n != "departments" and getattr(m, n) != v]
        depts = changes.get("departments")
        dept_changed = depts is not None and {d.id for d in depts} != set(m.departments.values_list("id", flat=True))
        if not fields and not dept_changed:
            continue
        for n in fields:
            setattr(m, n, changes[n])
        m.updated_by = user
        if user is not None:
            m._history_user = user
        m._change_reason = CODE
        if fields:
            m.save(update_fields=[*fields, "updated_at", "updated_by"])
        if dept_changed:
            # history.py shows the versions departments.set() writes as part of this same entry
            m._change_reason = CODE
            m.departments.set(depts)
        done += 1
    return done
