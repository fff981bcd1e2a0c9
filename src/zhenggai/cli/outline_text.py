"""A parsed report as a readable Chinese outline, numbered as official documents are."""

from __future__ import annotations

from zhenggai.numerals import cn_number
from zhenggai.parsing import Finding, Report

STATUS_LABELS = {"completed": "已完成", "ongoing": "正在推进", "long_term": "需长期坚持"}


def _cn(n: int) -> str:
    return cn_number(n)


def _number(depth: int, n: int) -> str:
    if depth == 0:
        return f"{_cn(n)}、"
    if depth == 1:
        return f"（{_cn(n)}）"
    if depth == 2:
        return f"{n}."
    if depth == 3:
        return f"（{n}）"
    return f"{'①②③④⑤⑥⑦⑧⑨⑩'[n - 1] if n <= 10 else str(n) + ')'}"


def render_outline(report: Report) -> str:
    from zhenggai.parsing.kinds import KIND_LABELS

    insp = report.inspection
    lines = [f"《{report.title}》" if report.title else "（无标题）"]
    lines.append(f"  文件种类：{KIND_LABELS[report.document_kind]}　解析把握：{report.confidence:.0%}")
    lines.append(f"  被{insp.kind or '巡视巡察'}单位：{report.organization or '未识别'}")
    lines.append(
        f"  {insp.kind or '巡视巡察'}组：{insp.inspector or '未识别'}"
        + (f"　轮次：{insp.round}" if insp.round else "")
        + (f"　类型：{'、'.join(insp.types)}" if insp.types else "")
    )
    lines.append(f"  时间：{insp.start or '?'} 至 {insp.end or '?'}　反馈：{insp.feedback or '?'}")
    st = report.statistics
    figures = [
        (st.aspects, "个方面"), (st.problems, "个问题"), (st.completed, "个已完成"), (st.rules, "项制度"),
    ]
    stated = "，".join(f"{v}{label}" for v, label in figures if v is not None)
    if stated:
        lines.append(f"  文中统计：{stated}")
    c = report.contact
    parts = []
    if c.phone:
        parts.append("电话 " + "、".join(c.phone))
    if c.email:
        parts.append("邮箱 " + "、".join(c.email))
    if c.address:
        parts.append("地址 " + c.address)
    if c.postcode:
        parts.append("邮编 " + c.postcode)
    if parts:
        lines.append("  联系方式：" + "；".join(parts))
    nodes = list(report.all_findings())
    lines.append(f"  反馈问题：{len(report.findings)} 项一级标题，共 {len(nodes)} 个条目，{report.count_measures()} 条措施")
    for i, f in enumerate(report.findings, 1):
        _render(f, 0, i, lines)
    if report.suggestions:
        lines.append(f"  意见建议：{len(report.suggestions)} 条")
        lines.extend(f"    {i}. {s[:40]}" for i, s in enumerate(report.suggestions, 1))
    if report.warnings:
        lines.append("  存疑之处（请核对）：")
    for w in report.warnings:
        lines.append(f"  ⚠ {w}")
    return "\n".join(lines) + "\n"


def _render(f: Finding, depth: int, n: int, lines: list[str]) -> None:
    status = f"【{STATUS_LABELS[f.status]}】" if f.status else ""
    measures = f"（措施 {len(f.measures)} 条）" if f.measures else ""
    lines.append(f"  {'  ' * depth}{_number(depth, n)}{f.title}{status}{measures}")
    pad = "  " * (depth + 2)
    if f.description:
        lines.append(f"  {pad}问题表现：{f.description[:40]}{'…' if len(f.description) > 40 else ''}")
    for t in f.tasks:
        who = "；".join(x for x in (t.leader and f"责任领导 {t.leader}", t.unit and f"责任单位 {t.unit}",
                                   t.deadline and f"时限 {t.deadline}") if x)
        lines.append(f"  {pad}· {t.measure[:30]}{'…' if len(t.measure) > 30 else ''}{'（' + who + '）' if who else ''}")
    for i, c in enumerate(f.children, 1):
        _render(c, depth + 1, i, lines)
