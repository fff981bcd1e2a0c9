"""Re-import is a merge, never a replacement.

An import (a task table or a revised document) is first turned into a *plan*:
each incoming row is matched to a measure of the unit — by its 编号 (the key the
export writes), else by text similarity within the same problem — and marked
new / changed / unchanged, field by field; measures the file no longer holds are
"missing" and stay unless the clerk ticks them for archiving. The plan is plain
JSON, so a background task can build it and the preview page can show it.

Applying a plan changes only ledger fields (text, target, kind, leader,
departments, person, deadline, progress) through the ledger's service verbs.
Workflow state, approvals, evidence, look-backs and history are never touched:
a status in the file that would close, reopen or make long-term becomes a
request in the review (a close request, or a note on the measure's 办理 page),
never a change of status. Only on a unit's first import, when there is no
ledger to protect yet, are the stated statuses taken as the starting point.

Reading and matching happen outside any transaction; only apply_import writes,
in one transaction, so a long parse never holds the database's write lock.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhenggai import hygiene

from . import services
from .models import Finding, LedgerError, Measure, Unit
from .models.measures import REF_PREFIX, MeasureKind, MeasureStatus

PLAN_VERSION = 1
# Text similarity (difflib ratio, 0–1) above which a row is taken for the same measure / problem.
MEASURE_MATCH = 0.6
FINDING_MATCH = 0.85
# A new row this similar to a measure the file dropped is offered as its successor.
SUCCESSOR_MATCH = 0.3

S = MeasureStatus
SETTLED = (S.COMPLETED, S.LONG_TERM)
# Fields an import may set, with their labels; status is handled apart (it is the workflow's).
FIELDS = {
    "text": "整改措施",
    "target": "整改目标",
    "kind": "措施类型",
    "leader": "责任领导",
    "lead_department": "牵头部门",
    "departments": "责任部门",
    "person": "责任人",
    "deadline": "完成时限",
    "progress": "整改进展",
}
_KEY = re.compile(rf"^{REF_PREFIX}[0-9A-Z]{{10}}$")
_NUMBER = re.compile(r"^\s*([（(]?[一二三四五六七八九十百零〇\d]+[)）]?[、.．]?)\s*")
_PUNCT = re.compile(r"[\s。；;，,、：:“”\"'（）()《》]+")

Progress = Callable[[int, str], None]


@dataclass
class Incoming:
    """One row of the file: the problem path it hangs on and the ledger fields the file gives."""

    path: list[tuple[str, str, str]]  # (level, title, number) from the top node down
    text: str = ""  # empty: a problem without measures yet
    key: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # target, kind, leader, person, deadline, progress, status
    lead_department: str | None = None  # None: the file has no such column
    departments: list[str] | None = None
    where: str = ""  # 第 5 行 / 第 3 条措施, for messages


@dataclass
class Source:
    """What a file says: its rows, and for documents the organisation, group, contacts and round facts."""

    kind: str  # "xlsx" | "doc"
    name: str
    rows: list[Incoming]
    organization: str = ""
    group: str = ""
    contacts: dict[str, str] = field(default_factory=dict)
    inspection: dict[str, Any] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Text as compared: no numbering, spaces or punctuation (re-typed sheets differ in those)."""
    return _PUNCT.sub("", _NUMBER.sub("", text or "", count=1))


def similarity(a: str, b: str) -> float:
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < SUCCESSOR_MATCH or m.quick_ratio() < SUCCESSOR_MATCH:
        return 0.0
    return m.ratio()


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _display(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "（空）"
    if name == "kind":
        return dict(MeasureKind.choices).get(value, str(value))
    if name == "status":
        return dict(S.choices).get(value, str(value))
    if name == "departments":
        return "、".join(value)
    text = str(value)
    return text if len(text) <= 80 else text[:80] + "…"


def _current(m: Measure, name: str) -> Any:
    if name == "lead_department":
        return m.lead_department.name if m.lead_department_id else ""
    if name == "departments":
        return sorted(d.name for d in m.departments.all() if d.archived_at is None)
    return _json(getattr(m, name))


def _wanted(row: Incoming) -> dict[str, Any]:
    """The ledger values this row asks for, in the plan's JSON form."""
    out = {k: _json(v) for k, v in row.fields.items() if k in FIELDS}
    if row.text:
        out["text"] = row.text
    if row.lead_department is not None:
        out["lead_department"] = row.lead_department
    if row.departments is not None:
        out["departments"] = sorted(row.departments)
    if not out.get("progress"):
        out.pop("progress", None)  # an empty cell never wipes what the reporters wrote
    return out


# --- planning ---------------------------------------------------------------------


class _Tree:
    """The unit's active findings, to resolve a row's problem path to a node (or a new one)."""

    def __init__(self, unit: Unit):
        self.children: dict[Any, list[Finding]] = {}
        self.by_title: dict[str, list[Finding]] = {}
        for f in Finding.objects.active().filter(unit=unit).order_by("sort_key", "id"):
            self.children.setdefault(f.parent_id, []).append(f)
            self.by_title.setdefault(normalise(f.title), []).append(f)
        self.new: list[dict[str, Any]] = []
        self._new_index: dict[tuple[str, str], str] = {}
        self._memo: dict[tuple[str, str], str] = {}

    def resolve(self, path: list[tuple[str, str, str]]) -> str | None:
        """'f<id>' for an existing node, 'n<i>' for one the plan creates; None for an empty path."""
        parent: str | None = None
        for level, title, number in path:
            parent = self._child(parent, level, title, number)
        return parent

    def _child(self, parent: str | None, level: str, title: str, number: str) -> str:
        wanted = normalise(title)
        memo = (parent or "", wanted)
        if memo not in self._memo:  # the rows of one problem all name the same path
            self._memo[memo] = self._find(parent, level, title, number, wanted)
        return self._memo[memo]

    def _find(self, parent: str | None, level: str, title: str, number: str, wanted: str) -> str:
        if parent is None or parent.startswith("f"):
            siblings = self.children.get(int(parent[1:]) if parent else None, [])
            for f in siblings:
                if normalise(f.title) == wanted:
                    return f"f{f.id}"
            best, score = None, FINDING_MATCH
            for f in siblings:
                s = similarity(f.title, title)
                if s >= score:
                    best, score = f, s
            if best is not None:
                return f"f{best.id}"
            if parent is None:
                # A sheet without the 方面 column names the problem first: find it wherever it sits.
                found = [f for f in self.by_title.get(wanted, []) if f.parent_id is not None]
                if len(found) == 1:
                    return f"f{found[0].id}"
        index_key = (parent or "", wanted)
        if index_key not in self._new_index:
            ref = f"n{len(self.new)}"
            self.new.append({"ref": ref, "parent": parent, "level": level, "title": title, "number": number[:20]})
            self._new_index[index_key] = ref
        return self._new_index[index_key]


def plan_import(unit: Unit, source: Source, progress: Progress | None = None) -> dict[str, Any]:
    """Match the file to the unit's ledger and describe, field by field, what applying would do. Writes nothing."""
    step = progress or (lambda pct, stage: None)
    tree = _Tree(unit)
    first = not tree.children
    existing = list(
        Measure.objects.active().filter(finding__unit=unit).select_related("lead_department", "finding")
        .prefetch_related("departments").order_by("finding__sort_key", "position", "id")
    )
    by_key = {m.ref: m for m in existing}
    by_finding: dict[int, list[Measure]] = {}
    for m in existing:
        by_finding.setdefault(m.finding_id, []).append(m)
    pending = _pending_requests([m.pk for m in existing])

    rows: list[dict[str, Any]] = []
    matched: dict[int, int] = {}  # measure id → row index
    unkeyed: list[tuple[int, Incoming, str | None]] = []
    total = max(len(source.rows), 1)
    for i, inc in enumerate(source.rows):
        if i % 500 == 0:
            step(40 + 30 * i // total, f"正在比对第 {i + 1} 行，共 {len(source.rows)} 行")
        key = inc.key.strip().upper()
        m = by_key.get(key) if _KEY.match(key) else None
        if m is not None and m.pk not in matched:
            rows.append(_row(inc, m, None, pending, first))
            matched[m.pk] = len(rows) - 1
            if normalise(m.finding.title) != normalise(inc.path[-1][1]) if inc.path else False:
                rows[-1]["notes"].append("表格中的问题与台账不同：措施仍留在原问题下（问题内容请在台账中修改）")
            continue
        target = tree.resolve(inc.path)
        rows.append({})  # filled below, once every keyed row has claimed its measure
        unkeyed.append((len(rows) - 1, inc, target))
        if key and _KEY.match(key):
            rows[-1]["_note"] = f"编号 {key} 不在本单位的台账中（或重复），按内容比对"

    # Rows without a usable key: the same text first, then the most similar, within the same problem.
    claims: list[tuple[float, int, int]] = []
    for index, inc, target in unkeyed:
        if not inc.text or not target or not target.startswith("f"):
            continue
        for m in by_finding.get(int(target[1:]), []):
            if m.pk in matched:
                continue
            score = similarity(m.text, inc.text)
            if score >= MEASURE_MATCH:
                claims.append((score, index, m.pk))
    claims.sort(key=lambda c: (-c[0], c[1]))
    taken_rows: dict[int, Measure] = {}
    by_pk = {m.pk: m for m in existing}
    for _, index, pk in claims:
        if index in taken_rows or pk in matched:
            continue
        taken_rows[index] = by_pk[pk]
        matched[pk] = index
    for index, inc, target in unkeyed:
        note = rows[index].get("_note")
        rows[index] = _row(inc, taken_rows.get(index), target, pending, first)
        if note:
            rows[index]["notes"].append(note)
    step(75, "正在整理预览")

    missing = []
    new_rows = [(i, r) for i, r in enumerate(rows) if r["op"] == "new" and r["text"]]
    for m in existing:
        if m.pk in matched:
            continue
        successor = None
        best = SUCCESSOR_MATCH
        for i, r in new_rows:
            if r["finding"] == f"f{m.finding_id}":
                s = similarity(m.text, r["text"])
                if s >= best:
                    successor, best = i, s
        missing.append({
            "measure": m.pk, "key": m.ref, "text": m.text, "problem": m.finding.title,
            "status": m.get_status_display(), "successor": successor,
        })
    plan = {
        "version": PLAN_VERSION,
        "created": timezone.now().isoformat(),
        "source": {"kind": source.kind, "name": source.name},
        "first_import": first,
        "findings": tree.new,
        "rows": rows,
        "missing": missing,
        "unit": _unit_facts(unit, source),
    }
    plan["counts"] = counts(plan)
    if not any(r["text"] for r in rows) and not tree.new and not missing:
        raise LedgerError("文件中没有识别出问题和整改措施，未导入任何内容")
    return plan


def _pending_requests(ids: list[int]) -> set[int]:
    from zhenggai.workflow.models import CloseRequest, RequestState

    found: set[int] = set()
    for start in range(0, len(ids), 900):  # SQLite's parameter limit
        found.update(CloseRequest.objects.filter(measure_id__in=ids[start:start + 900], state=RequestState.PENDING)
                     .values_list("measure_id", flat=True))
    return found


def _row(inc: Incoming, m: Measure | None, target: str | None, pending: set[int], first: bool) -> dict[str, Any]:
    wanted = _wanted(inc)
    status = inc.fields.get("status")
    row: dict[str, Any] = {
        "where": inc.where, "text": inc.text, "problem": inc.path[-1][1] if inc.path else "",
        "measure": m.pk if m else None, "key": m.ref if m else "", "set": {}, "old": {}, "changes": [],
        "status": None, "notes": [],
    }
    if m is None:
        row["op"] = "new"
        row["finding"] = target
        row["set"] = wanted
        if status:
            if status in SETTLED and not first:
                row["set"]["status"] = S.IN_PROGRESS
                row["status"] = {"want": status, "label": _display("status", status), "request": "close"}
                row["notes"].append(f"表格状态为“{_display('status', status)}”：新措施从“正在整改”开始，销号须经审核")
            else:
                row["set"]["status"] = status
        if row["set"].get("status") == S.LONG_TERM:
            row["set"].setdefault("kind", MeasureKind.LONG_TERM)
        if not inc.text:
            row["op"] = "problem"  # a problem without measures: only the node is needed
        return row
    row["finding"] = f"f{m.finding_id}"
    for name, value in wanted.items():
        old = _current(m, name)
        if old != value:
            row["set"][name], row["old"][name] = value, old
            row["changes"].append([FIELDS[name], _display(name, old), _display(name, value)])
    if status and status != m.status:
        if m.status not in SETTLED and status not in SETTLED:
            row["set"]["status"], row["old"]["status"] = status, m.status
            row["changes"].append(["整改状态", _display("status", m.status), _display("status", status)])
        elif m.status not in SETTLED and m.pk in pending:
            row["notes"].append(f"表格状态为“{_display('status', status)}”：这条措施已在销号审核中，未重复申请")
        else:
            request = "close" if m.status not in SETTLED else "reopen" if status not in SETTLED else "note"
            row["status"] = {"want": status, "label": _display("status", status), "request": request,
                             "current": m.get_status_display()}
    row["op"] = "changed" if row["changes"] or row["status"] else "unchanged"
    return row


def _unit_facts(unit: Unit, source: Source) -> dict[str, Any]:
    org = (source.organization or "").strip()
    mismatch = bool(org) and not _same_organisation(org, unit.name)
    return {
        "organization": org,
        "organization_mismatch": mismatch,
        "unit_name": unit.name,
        "group": (source.group or "")[:200],
        "contacts": {k: v for k, v in source.contacts.items() if v},
        "inspection": source.inspection,
    }


_ORG_NOISE = re.compile(r"^中共|^中国共产党|党组$|党委$|党总支$|党支部$|党工委$|委员会$|[（(].*?[)）]|\s")


def _same_organisation(a: str, b: str) -> bool:
    """中共某某局党组 and 某某局 are one organisation; 某某局 and 另一局 are not."""
    x, y = _ORG_NOISE.sub("", a), _ORG_NOISE.sub("", b)
    if not x or not y:
        return True
    return x in y or y in x or difflib.SequenceMatcher(None, x, y).ratio() >= 0.8


def counts(plan: dict[str, Any]) -> dict[str, int]:
    rows = plan["rows"]
    return {
        "new": sum(1 for r in rows if r["op"] == "new"),
        "changed": sum(1 for r in rows if r["op"] == "changed"),
        "unchanged": sum(1 for r in rows if r["op"] == "unchanged"),
        "missing": len(plan["missing"]),
        "requests": sum(1 for r in rows if r["status"]),
        "findings": len(plan["findings"]),
    }


def summary(plan: dict[str, Any]) -> str:
    c = plan.get("counts") or counts(plan)
    text = (f"新增 {c['new']} 条、修改 {c['changed']} 条、未变 {c['unchanged']} 条措施，"
            f"表格中没有的原有措施 {c['missing']} 条（默认保留）")
    if c["findings"]:
        text += f"，新增问题 {c['findings']} 个"
    if c["requests"]:
        text += f"，{c['requests']} 条状态变更转为审核申请"
    return text


# --- applying ---------------------------------------------------------------------


@dataclass
class Applied:
    findings: int = 0
    created: int = 0
    updated: int = 0
    archived: int = 0
    requests: int = 0  # close requests made for statuses the file states
    prompts: int = 0  # notes left on measures' 办理 pages instead (no evidence yet, reopening, …)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"导入完成：新增 {self.findings} 个问题、{self.created} 条措施，修改 {self.updated} 条"
        if self.archived:
            text += f"，归档 {self.archived} 条（历史记录保留）"
        if self.requests:
            text += f"，{self.requests} 条表格中的完成状态已转为销号申请，待审核"
        if self.prompts:
            text += f"，{self.prompts} 条状态变更已在措施的办理页留言提示"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"findings": self.findings, "created": self.created, "updated": self.updated,
                "archived": self.archived, "requests": self.requests, "prompts": self.prompts, "notes": self.notes,
                "summary": self.summary()}


def _value(name: str, value: Any) -> Any:
    if name == "deadline":
        return dt.date.fromisoformat(value) if value else None
    return value


# Rows written per transaction. A small import is one transaction; a large one (a 100,000-paragraph
# document) is written chunk by chunk, each chunk all or nothing and recorded with the job's
# checkpoint, so nobody else waits on the database for more than a moment and a stopped import resumes.
CHUNK_ROWS = 500
CHUNK_PAUSE = 0.15  # seconds between chunks (SQLite's busy handler retries at up to 100 ms)

Checkpoint = Callable[[dict[str, Any]], None]


def apply_import(
    unit: Unit, plan: dict[str, Any], user=None, archive: Iterable[int] = (), confirm_organization: bool = False,
    checkpoint: Checkpoint | None = None, resume: dict[str, Any] | None = None,
) -> Applied:
    """Apply a plan: ledger fields only, archiving only what was ticked.

    Up to CHUNK_ROWS rows: one transaction. More: problems first, then the rows chunk by chunk,
    then archiving, the review requests of changed rows and the audit entry; after each step
    ``checkpoint`` gets the state to pass back as ``resume`` if the work was interrupted.
    """
    if plan.get("version") != PLAN_VERSION:
        raise LedgerError("导入预览已过期，请重新上传文件")
    facts = plan.get("unit") or {}
    if facts.get("organization_mismatch") and not confirm_organization:
        raise LedgerError(
            f"文档中的单位“{facts['organization']}”与本单位“{unit.name}”不一致；请核对后勾选“确认导入到本单位”"
        )
    missing_ids = {m["measure"] for m in plan["missing"]}
    archive = set(archive)
    if archive - missing_ids:
        raise LedgerError("只能归档表格中已没有的原有措施")
    work = [i for i, r in enumerate(plan["rows"]) if r["op"] in ("new", "problem", "changed")]
    chunks = [work[k:k + CHUNK_ROWS] for k in range(0, len(work), CHUNK_ROWS)] or [[]]
    state = dict(resume or {"step": 0, "nodes": {}, "created": {}, "done": {}})
    done = Applied(**{k: v for k, v in state["done"].items() if k != "summary"})
    wanted = {str(m["successor"]) for m in plan["missing"] if m["measure"] in archive and m.get("successor") is not None}

    def save(step: int, nodes: dict[str, Finding], created: dict[int, Measure]) -> None:
        state["step"], state["steps"] = step, len(chunks) + 2
        state["nodes"] = {ref: f.pk for ref, f in nodes.items()}
        state["created"].update({str(i): m.pk for i, m in created.items() if str(i) in wanted})
        state["done"] = done.to_dict()
        if checkpoint is not None:
            checkpoint(state)

    if len(chunks) == 1 and not resume:
        with transaction.atomic():
            Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one import of a unit at a time
            nodes = _create_findings(unit, plan["findings"], user, done)
            created = _write_rows(unit, plan, chunks[0], nodes, user, done)
            save(1, nodes, created)
            _finish(unit, plan, archive, facts, user, done, state)
        return done

    nodes = {}
    if state["step"] == 0:
        with transaction.atomic():
            Unit.objects.select_for_update().filter(pk=unit.pk).first()
            nodes = _create_findings(unit, plan["findings"], user, done)
            save(1, nodes, {})
    else:
        ids = state["nodes"]
        by_id = Finding.objects.in_bulk(list(ids.values()))
        nodes = {ref: by_id[pk] for ref, pk in ids.items()}
    for number in range(state["step"] - 1, len(chunks)):
        with transaction.atomic():
            created = _write_rows(unit, plan, chunks[number], nodes, user, done)
            save(number + 2, nodes, created)
        # SQLite hands the write lock to whoever asks first; a pause lets a waiting save in.
        time.sleep(CHUNK_PAUSE)
    with transaction.atomic():
        _finish(unit, plan, archive, facts, user, done, state)
        save(len(chunks) + 2, nodes, {})
    return done


def _write_rows(unit: Unit, plan: dict[str, Any], indices: list[int], nodes, user, done: Applied) -> dict[int, Measure]:
    """New measures and changed ones of these rows, and the review requests their statuses ask for."""
    rows = plan["rows"]
    created = _create_measures(unit, [(i, rows[i]) for i in indices if rows[i]["op"] in ("new", "problem")], nodes, user, done)
    depts: dict[str, Any] = {}
    changed = [rows[i] for i in indices if rows[i]["op"] == "changed"]
    for row in changed:
        _update(row, user, depts, unit, done)
    for index, m in created.items():
        if rows[index]["status"]:
            _request(m, rows[index], user, done)
    for row in changed:
        if row["status"]:
            m = Measure.objects.active().filter(pk=row["measure"]).first()
            if m is not None:
                _request(m, row, user, done)
    return created


def _finish(unit: Unit, plan: dict[str, Any], archive: set[int], facts: dict[str, Any], user, done: Applied,
            state: dict[str, Any]) -> None:
    successors = Measure.objects.in_bulk([int(pk) for pk in state["created"].values()])
    created = {int(i): successors[pk] for i, pk in state["created"].items() if pk in successors}
    for item in plan["missing"]:
        if item["measure"] in archive:
            _archive(item, created, user, done)
    _carry_unit_facts(unit, facts, user)
    from zhenggai.workflow.services import log

    log(unit, user, "ledger.import.apply", None, plan["source"]["name"][:200],
        source=plan["source"], counts=plan.get("counts") or counts(plan), archived=sorted(archive),
        created=done.created, updated=done.updated, requests=done.requests, prompts=done.prompts, notes=done.notes[:100])


def _history_user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _create_findings(unit: Unit, new: list[dict[str, Any]], user, done: Applied) -> dict[str, Finding]:
    """The plan's new problems, level by level in bulk (with their history), numbered after their siblings."""
    from django.db.models import Count
    from simple_history.utils import bulk_create_with_history

    nodes: dict[str, Finding] = {}
    if not new:
        return nodes
    siblings = dict(Finding.objects.filter(unit=unit).values_list("parent_id").annotate(n=Count("id")))
    existing_ids = {int(spec["parent"][1:]) for spec in new if spec["parent"] and spec["parent"].startswith("f")}
    existing = {f.pk: f for f in Finding.objects.active().filter(unit=unit, pk__in=existing_ids)}
    if len(existing) != len(existing_ids):
        raise LedgerError("导入预览生成后台账的问题已被归档，请重新上传文件")
    pending = list(new)
    while pending:
        batch, later = [], []
        for spec in pending:
            ref = spec["parent"]
            (batch if not ref or ref.startswith("f") or ref in nodes else later).append(spec)
        objs = []
        for spec in batch:
            ref = spec["parent"]
            parent = None if not ref else existing[int(ref[1:])] if ref.startswith("f") else nodes[ref]
            title = (spec["title"] or "").strip()
            if not title:
                raise LedgerError("问题内容不能为空")
            key = parent.pk if parent else None
            siblings[key] = siblings.get(key, 0) + 1
            own = f"{siblings[key]:04d}"
            objs.append(Finding(unit=unit, parent=parent, level=spec["level"], title=title, number=spec["number"][:20],
                                sort_key=f"{parent.sort_key}.{own}" if parent else own))
        for obj in objs:
            hygiene.clean_instance(obj)  # bulk inserts skip pre_save: clean here (see zhenggai.hygiene)
        created = bulk_create_with_history(objs, Finding, batch_size=500, default_user=_history_user(user),
                                           default_change_reason="ledger.finding.create")
        for spec, obj in zip(batch, created):
            nodes[spec["ref"]] = obj
        done.findings += len(created)
        pending = later
    return nodes


def _finding(nodes: dict[str, Finding], ref: str, unit: Unit, cache: dict[str, Finding]) -> Finding:
    if ref.startswith("n"):
        return nodes[ref]
    if ref not in cache:
        found = Finding.objects.active().filter(pk=int(ref[1:]), unit=unit).first()
        if found is None:
            raise LedgerError("导入预览生成后台账的问题已被归档，请重新上传文件")
        cache[ref] = found
    return cache[ref]


def _dept(name: str, depts: dict[str, Any], unit: Unit, user):
    if name not in depts:
        depts[name] = services.department_named(unit, name, user)
    return depts[name]


def _create_measures(unit: Unit, rows: list[tuple[int, dict[str, Any]]], nodes, user, done: Applied) -> dict[int, Measure]:
    """New measures in bulk with their history; those with 责任部门 through the service verb (their m2m history)."""
    from django.db.models import Count
    from simple_history.utils import bulk_create_with_history

    cache: dict[str, Finding] = {}
    depts: dict[str, Any] = {}
    existing = [int(r["finding"][1:]) for _, r in rows if r["finding"] and r["finding"].startswith("f")]
    positions = dict(Measure.objects.filter(finding_id__in=set(existing)).values_list("finding_id").annotate(n=Count("id")))
    created: dict[int, Measure] = {}
    buffer: list[tuple[int, Measure]] = []

    def flush() -> None:
        if buffer:
            for _, m in buffer:
                hygiene.clean_instance(m)  # bulk inserts skip pre_save
            saved = bulk_create_with_history([m for _, m in buffer], Measure, batch_size=500,
                                             default_user=_history_user(user), default_change_reason="ledger.measure.create")
            for (index, _), m in zip(buffer, saved):
                created[index] = m
            done.created += len(saved)
            buffer.clear()

    for index, row in rows:
        finding = _finding(nodes, row["finding"], unit, cache)
        if row["op"] != "new" or not (row["text"] or "").strip():
            continue
        if finding.level == Finding.Level.ASPECT:
            raise LedgerError(f"{row['where']}：整改措施应对应到具体问题，而不是方面")
        values = {k: _value(k, v) for k, v in row["set"].items() if k not in ("text", "lead_department", "departments")}
        lead = row["set"].get("lead_department")
        lead_dept = _dept(lead, depts, unit, user) if lead else None
        names = row["set"].get("departments") or []
        positions[finding.pk] = positions.get(finding.pk, 0) + 1
        if names:
            flush()
            created[index] = services.add_measure(
                finding, row["text"], user=user, departments=[_dept(d, depts, unit, user) for d in names],
                lead_department=lead_dept, **values,
            )
            done.created += 1
            continue
        buffer.append((index, Measure(
            finding=finding, text=row["text"].strip(), position=positions[finding.pk], lead_department=lead_dept,
            updated_by=_history_user(user), **values,
        )))
        if len(buffer) >= 2000:
            flush()
    flush()
    return created


def _update(row: dict[str, Any], user, depts, unit: Unit, done: Applied) -> None:
    m = Measure.objects.active().select_for_update(of=("self",)).filter(pk=row["measure"], finding__unit=unit).first()
    where = row["where"] or row["key"]
    if m is None:
        done.notes.append(f"{where}：这条措施在预览之后已被归档，未修改")
        return
    changes: dict[str, Any] = {}
    departments = None
    for name, value in row["set"].items():
        now = _current(m, name)
        if now != row["old"].get(name):
            # Someone changed it since the preview: never overwrite what they saved.
            done.notes.append(f"{where}：{FIELDS.get(name, '整改状态')}在预览之后已被修改（现为“{_display(name, now)}”），未覆盖")
            continue
        if name == "departments":
            departments = [_dept(d, depts, unit, user) for d in value]
        elif name == "lead_department":
            changes[name] = _dept(value, depts, unit, user) if value else None
        else:
            changes[name] = _value(name, value)
    if changes.get("status") in SETTLED or (m.status in SETTLED and "status" in changes):
        changes.pop("status")  # the workflow's to decide, never an import's
    if changes or departments is not None:
        if services.update_measure(m, user, departments=departments, **changes):
            done.updated += 1


def _archive(item: dict[str, Any], created: dict[int, Measure], user, done: Applied) -> None:
    m = Measure.objects.active().select_for_update().filter(pk=item["measure"]).first()
    if m is None:
        return
    services.archive_measure(m, user)
    successor = created.get(item["successor"]) if item.get("successor") is not None else None
    if successor is not None:
        m.successor = successor
        m._change_reason = "ledger.measure.successor"
        m.save(update_fields=["successor"])
    done.archived += 1


def _request(m: Measure, row: dict[str, Any], user, done: Applied) -> None:
    """A status the file states but only the review may give: a close request, or a note on the 办理 page."""
    from zhenggai.workflow import services as flow
    from zhenggai.workflow.models import Evidence

    st = row["status"]
    where = row["where"] or m.ref
    if user is None or not getattr(user, "is_authenticated", False):
        done.notes.append(f"{where}：表格状态为“{st['label']}”，未指定办理人，未提交审核申请")
        return
    source = "导入的台账"
    try:
        if st["request"] == "close" and Evidence.objects.filter(measure=m).exists():
            what = "转为长期坚持" if st["want"] == S.LONG_TERM else "销号"
            flow.request_close(m, user, f"{source}将这条措施标为“{st['label']}”，申请{what}，请审核。")
            done.requests += 1
            return
        if st["request"] == "close":
            text = f"{source}将这条措施标为“{st['label']}”。申请销号须附佐证材料：请补充后在本页申请销号。"
        elif st["request"] == "reopen":
            text = f"{source}将这条措施标为“{st['label']}”（现为“{st.get('current', '')}”）。如需重新打开，请在本页办理。"
        else:
            text = f"{source}将这条措施标为“{st['label']}”（现为“{st.get('current', '')}”），请核实。"
        flow.comment(m, user, text)
        done.prompts += 1
    except flow.WorkflowError as e:
        done.notes.append(f"{where}：表格状态为“{st['label']}”，未能提交审核申请：{e}")


def _carry_unit_facts(unit: Unit, facts: dict[str, Any], user) -> None:
    """The document's group onto the unit and its contact details into the report drafts, where still empty."""
    group = facts.get("group") or ""
    if group and not unit.group:
        from . import tree

        unit.group = group
        tree.place_unit(unit)  # and the round's group record (InspectionGroup) of that name
        services._stamp(unit, user, "ledger.unit.from_document")
        unit.save(update_fields=["group", "inspection_group", "organisation"])
    contacts = facts.get("contacts") or {}
    if contacts:
        from zhenggai.reports import services as reports
        from zhenggai.reports.models import ReportKind

        for kind in (ReportKind.PROGRESS, ReportKind.FINAL):
            draft = reports.draft_for(unit, kind, user)
            empty = {k: v for k, v in contacts.items() if hasattr(draft, k) and not getattr(draft, k)}
            if empty:
                reports.save_draft(draft, user, **empty)
    if facts.get("inspection"):
        from .importing_doc import fill_round_facts

        fill_round_facts(unit, facts["inspection"])
