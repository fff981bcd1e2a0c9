"""The .xlsx and .docx outputs of supervision. Every text cell goes through the ledger's
formula escape (a leading = + - @ is never a formula)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from zhenggai.ledger.exporting import _csv_value as escape_cell


def xlsx(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append(list(header))
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows:
            ws.append([escape_cell(v) if isinstance(v, str) else (float(v) if hasattr(v, "as_tuple") else v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def board_sheet(rs) -> tuple[str, list[str], list[list[Any]]]:
    header = ["轮次", "被巡视巡察党组织", "问题数", "已完成问题", "完成率（按问题）%", "措施数", "已完成措施", "完成率（按措施）%",
              "逾期措施", "本期未报送", "逾期节点", "质量得分", "质量提示", "督办中", "抽查不符", "评估得分", "评估等次",
              "收到群众意见", "已答复", "未答复", "群众评价", "满意", "基本满意", "不满意", "满意率%", "备注"]
    out = []
    for r in rs:
        out.append([r.unit.inspection.name, r.unit.name, r.figures.problems, r.figures.completed, r.figures.rate,
                    r.figures.measures, r.figures.measures_done, r.figures.rate_by_measure, r.overdue, r.unreported,
                    len(r.missed), r.quality.score if r.quality else 100, len(r.quality.flags) if r.quality else 0,
                    r.notice_step, r.mismatches, r.evaluation.score, r.evaluation.grade,
                    *_opinion_cells(r.opinions)])
    return "整改监督看板", header, out


def _opinion_cells(o) -> list[Any]:
    return [o.received, o.answered, o.open, o.rated, o.satisfied, o.basic, o.unsatisfied,
            o.satisfaction_rate if o.rated else None, "未收到群众意见" if o.none else ""]


def flags_sheet(rs) -> tuple[str, list[str], list[list[Any]]]:
    out = []
    for r in rs:
        for f in (r.quality.flags if r.quality else []):
            out.append([r.unit.name, f.rule, f.name, f.message])
    return "质量提示", ["单位", "规则", "名称", "说明"], out


def evaluation_sheet(rs) -> tuple[str, list[str], list[list[Any]]]:
    out = []
    for r in rs:
        e = r.evaluation
        for text, points in e.lines:
            out.append([r.unit.name, text, points, e.score, e.grade])
        for v in e.veto:
            out.append([r.unit.name, v, None, e.score, e.grade])
    return "成效评估", ["单位", "得分与扣分说明", "分值", "总分", "等次"], out


def samples_sheet(items) -> tuple[str, list[str], list[list[Any]]]:
    out = []
    for it in items:
        out.append([it.sample.unit.name, it.sample.drawn_at.date().isoformat(), it.sample.seed, it.sample.percent,
                    it.measure.text, "是" if it.flagged else "否", _name(it.checker), it.get_result_display(), it.notes,
                    len(it.photos)])
    return "回头看抽查", ["单位", "抽取日期", "随机种子", "比例%", "措施", "因质量提示必抽", "核查人", "核查结果", "核查情况", "照片数"], out


def _name(user) -> str:
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def notice_docx(notice, today_text: str) -> bytes:
    """One 督办 notice as a GB/T 9704 document (the reports' layout and fonts)."""
    from zhenggai.reports.render_docx import render_docx

    unit = notice.unit
    body = unit.inspection.body.name if unit.inspection.body_id else (unit.inspection.inspector or "巡视巡察办")
    paras = [("body", f"{unit.name}："),
             ("body", f"根据{unit.inspection.name}整改工作安排，经监督检查，你单位以下事项需抓紧整改。"
                      f"请于{notice.reply_due:%Y年%-m月%-d日}前在整改台账系统中签收本{notice.name}，并逐项答复整改措施。"
                      "逾期未答复的，将按程序升级督办。")]
    for i, it in enumerate(notice.items, 1):
        paras.append(("body", f"{i}. 【{it.get('kind', '')}】{it.get('text', '')}"))
    paras += [("signature", body), ("date", today_text)]
    return render_docx(_Doc(notice.name, paras))


class _Para:
    def __init__(self, role: str, text: str):
        self.role, self.text = role, text


class _Doc:
    def __init__(self, title: str, paras: list[tuple[str, str]]):
        self.title = title
        self.paras = [_Para(r, t) for r, t in paras]


def evaluation_docx(title: str, rs) -> bytes:
    from zhenggai.reports.render_docx import render_docx

    paras = []
    for r in rs:
        e = r.evaluation
        paras.append(("h1", f"{r.unit.name}：{e.score:g}分，{e.grade}"))
        paras += [("body", f"{t}。") for t, _ in e.lines]
        paras += [("body", v + "。") for v in e.veto]
    return render_docx(_Doc(title, paras))
