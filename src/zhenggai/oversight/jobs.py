"""The dashboard's heavy outputs as 生成任务 (ledger/jobs.py): over every unit of a body's or a
level's rounds they take longer than a request should, so a task makes them, unit by unit,
reporting progress. Registered from apps.py.

The scope is the dashboard's filter (round, body, grade, sort). Who may have the output is
what the dashboard itself allows: a user reading those rounds whole (board.round_choices),
asked again when the task runs and when the file is downloaded.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils import timezone

from zhenggai.ledger import jobs
from zhenggai.ledger.models import GeneratedJob, LedgerError

from . import board, exports

CHUNK = 25  # units per step: progress moves, and each step's queries stay bounded


def scope_from(params) -> dict[str, Any]:
    """The dashboard filter (a QueryDict or dict) reduced to what a job keeps."""
    def num(key: str) -> int | None:
        try:
            return int(params.get(key) or 0) or None
        except (TypeError, ValueError):
            return None

    return {"round": num("round"), "body": num("body"), "grade": str(params.get("grade") or "")[:4],
            "sort": str(params.get("sort") or "score")[:10]}


def allowed(user, scope: dict[str, Any]) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    rounds = board.round_choices(user)
    if not rounds:
        return False
    if scope.get("round") and scope["round"] not in {r.id for r in rounds}:
        return False
    return not scope.get("body") or scope["body"] in {r.body_id for r in rounds}


def describe(user, scope: dict[str, Any]) -> str:
    """The scope in words, for the job list (names only, never ids)."""
    rounds = {r.id: r for r in board.round_choices(user)}
    parts = []
    if scope.get("round") in rounds:
        r = rounds[scope["round"]]
        parts.append(r.name + (f"（{r.body.name}）" if r.body_id else ""))
    if scope.get("body"):
        parts += [name for bid, name in board.body_choices(user) if bid == scope["body"]]
    if scope.get("grade"):
        parts.append(f"评估等次“{scope['grade']}”")
    return "，".join(parts) or "可监督的全部轮次"


def _rows(user, scope: dict[str, Any], progress: jobs.Progress) -> list[board.UnitRow]:
    units = list(board.supervised_units(user, scope.get("round"), scope.get("body")))
    if not units:
        raise LedgerError("所选范围内没有被巡视巡察的单位，未生成文件")
    today = timezone.localdate()
    n = len(units)
    # Two steps per unit: computing its row, then writing it out.
    progress(0, 2 * n, f"正在计算各单位情况（共 {n} 个单位）")
    rs: list[board.UnitRow] = []
    for i in range(0, n, CHUNK):
        rs += board.rows(units[i:i + CHUNK], today)
        progress(len(rs), 2 * n, f"已计算 {len(rs)}/{n} 个单位")
    return board.ranked(rs, scope.get("sort") or "score", scope.get("grade") or "")


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


def run_board_xlsx(job: GeneratedJob, user, progress: jobs.Progress) -> jobs.Output:
    rs = _rows(user, job.scope, progress)
    progress(len(rs), 2 * len(rs), "正在写入 Excel")
    data = exports.xlsx([exports.board_sheet(rs), exports.flags_sheet(rs), exports.evaluation_sheet(rs)])
    return jobs.Output(data, f"整改监督看板-{_stamp()}.xlsx", jobs.XLSX, stage=f"已生成 {len(rs)} 个单位的看板")


def run_evaluation_xlsx(job: GeneratedJob, user, progress: jobs.Progress) -> jobs.Output:
    rs = _rows(user, job.scope, progress)
    progress(len(rs), 2 * len(rs), "正在写入 Excel")
    data = exports.xlsx([exports.board_sheet(rs), exports.evaluation_sheet(rs)])
    return jobs.Output(data, f"整改成效评估-{_stamp()}.xlsx", jobs.XLSX, stage=f"已评估 {len(rs)} 个单位")


def run_evaluation_docx(job: GeneratedJob, user, progress: jobs.Progress) -> jobs.Output:
    rs = _rows(user, job.scope, progress)
    progress(len(rs), 2 * len(rs), "正在写入 Word 文档")
    data = exports.evaluation_docx("整改成效评估", rs)
    return jobs.Output(data, f"整改成效评估-{_stamp()}.docx", jobs.DOCX, stage=f"已评估 {len(rs)} 个单位")


def run_reports_zip(job: GeneratedJob, user, progress: jobs.Progress) -> jobs.Output:
    """Every unit's 阶段性进展情况通报 draft (as its office last saved it) as one .zip of .docx."""
    from zhenggai.reports import services as reports
    from zhenggai.reports.models import ReportDraft, ReportKind
    from zhenggai.reports.render_docx import render_docx

    units = list(board.supervised_units(user, job.scope.get("round"), job.scope.get("body")))
    if not units:
        raise LedgerError("所选范围内没有被巡视巡察的单位，未生成文件")
    drafts = {d.unit_id: d for d in ReportDraft.objects.filter(unit__in=units, kind=ReportKind.PROGRESS)}
    buf = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, unit in enumerate(units):
            progress(i, len(units), f"正在生成 {i + 1}/{len(units)}：{unit.name}"[:100])
            draft = drafts.get(unit.id) or ReportDraft(unit=unit, kind=ReportKind.PROGRESS)
            doc = reports.compose_draft(draft)
            name = _entry_name(f"{unit.inspection.name}-{unit.name}", used)
            zf.writestr(name, render_docx(doc))
    progress(len(units), len(units), "正在打包")
    return jobs.Output(buf.getvalue(), f"整改进展情况通报（草稿）-{_stamp()}.zip", jobs.ZIP,
                       stage=f"已生成 {len(units)} 个单位的通报草稿")


def _entry_name(base: str, used: set[str]) -> str:
    clean = "".join(c for c in base if c.isprintable() and c not in '/\\:*?"<>|')[:120] or "单位"
    name, n = f"{clean}.docx", 2
    while name in used:
        name, n = f"{clean}（{n}）.docx", n + 1
    used.add(name)
    return name


KINDS = {
    "oversight.board_xlsx": jobs.Kind("整改监督看板（Excel）", allowed, run_board_xlsx),
    "oversight.evaluation_xlsx": jobs.Kind("整改成效评估（Excel）", allowed, run_evaluation_xlsx),
    "oversight.evaluation_docx": jobs.Kind("整改成效评估（Word）", allowed, run_evaluation_docx),
    "oversight.reports_zip": jobs.Kind("各单位整改进展情况通报草稿（打包）", allowed, run_reports_zip),
}


def register() -> None:
    for code, kind in KINDS.items():
        jobs.register(code, kind)
