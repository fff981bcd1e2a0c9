"""Readable change history (who, when, what changed) from simple-history's records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .models import Department, Finding, Measure
from .people import person_name

TYPES = {"+": "新建", "~": "修改", "-": "删除"}
ACTIONS = {
    "ledger.measure.create": "新建措施",
    "ledger.measure.update": "修改措施",
    "ledger.measure.deadline": "调整完成时限",
    "ledger.measure.status": "更新整改状态",
    "ledger.measure.departments": "调整责任部门",
    "ledger.measure.archive": "归档措施",
    "ledger.measure.bulk": "批量修改",
    "ledger.measure.successor": "指定接替措施",
    "ledger.finding.create": "新建问题",
    "ledger.finding.archive": "归档问题",
}


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    code: str
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model, name: str, value, depts: dict[int, str]) -> str:
    if value in (None, ""):
        return "（空）"
    f = model._meta.get_field(name)
    if name == "lead_department":
        return depts.get(value, str(value))
    if getattr(f, "choices", None):
        return dict(f.choices).get(value, str(value))
    if name == "archived_at":
        return "已归档"
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _m2m_departments(records) -> dict[int, frozenset[int]]:
    """history_id → the responsible departments recorded with that version of a measure."""
    through = Measure.history.model._meta.get_field("historicalmeasure_departments").related_model
    out: dict[int, set[int]] = {r.history_id: set() for r in records}
    for history_id, dept_id in through.objects.filter(history_id__in=list(out)).values_list("history_id", "department_id"):
        out[history_id].add(dept_id)
    return {k: frozenset(v) for k, v in out.items()}


def _names(ids, depts: dict[int, str]) -> str:
    return "、".join(sorted(depts.get(i, str(i)) for i in ids)) or "（空）"


def _diffs(model, records, subject, depts) -> list[Entry]:
    """One entry per saved version, with what changed since the version before.

    Versions that changed nothing visible are left out, and the two versions one
    departments.set() writes (remove, then add) are shown as one change.
    """
    names = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "updated_at", "updated_by", "sort_key", "position")]
    records = list(records)
    m2m = _m2m_departments(records) if model is Measure else {}
    entries: list[Entry] = []
    prev: dict[int, object] = {}
    last_dept_entry: dict[int, tuple[Entry, object]] = {}
    for rec in records:
        before = prev.get(rec.id)
        prev[rec.id] = rec
        code = rec.history_change_reason or ""
        who = person_name(rec.history_user)
        changes = []
        if before is not None:
            for name in names:
                old, new = getattr(before, name), getattr(rec, name)
                if old != new:
                    field = name.removesuffix("_id")
                    label = str(model._meta.get_field(field).verbose_name)
                    changes.append((label, _display(model, field, old, depts), _display(model, field, new, depts)))
            if m2m and m2m[before.history_id] != m2m[rec.history_id]:
                # The versions departments.set() writes (remove, then add), just after a save by the same
                # person for the same reason, belong to that entry (a bulk change is one entry per measure).
                merged = last_dept_entry.get(rec.id)
                if (
                    merged and not changes and code == merged[0].code and who == merged[0].who
                    and (rec.history_date - merged[0].when).total_seconds() < 5
                ):
                    entry, first = merged
                    dept = ("责任部门", _names(m2m[first.history_id], depts), _names(m2m[rec.history_id], depts))
                    if entry.changes and entry.changes[-1][0] == "责任部门":
                        entry.changes[-1] = dept
                    else:
                        entry.changes.append(dept)
                    continue
                changes.append(("责任部门", _names(m2m[before.history_id], depts), _names(m2m[rec.history_id], depts)))
            if not changes:
                continue
        entry = Entry(
            when=rec.history_date,
            who=who,
            action=ACTIONS.get(code, TYPES.get(rec.history_type, "修改")),
            code=code,
            subject=subject(rec),
            changes=changes,
        )
        entries.append(entry)
        if changes:
            last_dept_entry[rec.id] = (entry, before)
    return entries


def entries(finding_ids: list[int], measure_ids: list[int], limit: int = 200) -> list[Entry]:
    """Newest first: every change of these findings and measures."""
    depts = dict(Department.objects.filter(unit__findings__id__in=finding_ids[:1]).values_list("id", "name"))
    f_recs = Finding.history.filter(id__in=finding_ids).select_related("history_user").order_by("history_date", "history_id")
    m_recs = Measure.history.filter(id__in=measure_ids).select_related("history_user").order_by("history_date", "history_id")
    out = _diffs(Finding, f_recs, lambda r: "问题：" + r.title[:30], depts)
    out += _diffs(Measure, m_recs, lambda r: "措施：" + r.text[:30], depts)
    out.sort(key=lambda e: e.when, reverse=True)
    return out[:limit]
