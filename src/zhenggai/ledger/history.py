"""Readable change history (who, when, what changed) from simple-history's records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .models import Department, Finding, Measure

TYPES = {"+": "新建", "~": "修改", "-": "删除"}
ACTIONS = {
    "ledger.measure.create": "新建措施",
    "ledger.measure.update": "修改措施",
    "ledger.measure.deadline": "调整完成时限",
    "ledger.measure.status": "更新整改状态",
    "ledger.measure.departments": "调整责任部门",
    "ledger.measure.archive": "归档措施",
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


def _diffs(model, records, subject, depts) -> list[Entry]:
    names = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "updated_at", "updated_by", "sort_key", "position")]
    entries = []
    prev: dict[int, object] = {}
    for rec in records:
        before = prev.get(rec.id)
        changes = []
        if before is not None:
            for name in names:
                old, new = getattr(before, name), getattr(rec, name)
                if old != new:
                    label = model._meta.get_field(name.removesuffix("_id")).verbose_name
                    changes.append((str(label), _display(model, name.removesuffix("_id"), old, depts), _display(model, name.removesuffix("_id"), new, depts)))
        code = rec.history_change_reason or ""
        entries.append(
            Entry(
                when=rec.history_date,
                who=rec.history_user.get_username() if rec.history_user else "系统",
                action=ACTIONS.get(code, TYPES.get(rec.history_type, "修改")),
                code=code,
                subject=subject(rec),
                changes=changes,
            )
        )
        prev[rec.id] = rec
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
