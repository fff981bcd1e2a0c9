"""The one self-contained HTML page of ``zhenggai analyze``.

Tables and inline SVG charts (matplotlib, drawn here), no script, no external
file: it opens from a USB stick on a closed network. Every value from a report
goes through ``html.escape``; the charts come from our own code, whose SVG
writer escapes the labels too.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from zhenggai.quality import RULES
from zhenggai.supervision.charts import BLUE, RED, stacked_bars

from .survey import Survey

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #c62828;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.8em 0}th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;white-space:nowrap}details{margin:.2em 0}summary{cursor:pointer}
.chart svg{max-width:100%;height:auto}.low{color:#c62828;font-weight:bold}.muted{color:#666;font-size:.9em}
"""
MAX_GROUP_MEMBERS = 50  # shown under each group; the count says how many there are


def render(s: Survey, title: str = "整改报告分析") -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        _summary(s),
        _taxonomy(s),
        _groups(s),
        _quality(s),
        _errors(s),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _summary(s: Survey) -> str:
    units = len(set(s.units.values()))
    flags = sum(len(r.flags) for r in s.reports)
    common = [g for g in s.groups if len({s.problems[m].unit for m in g.members}) >= 2]
    return (
        f"<p>共读取 {len(s.reports)} 篇报告（{units} 个单位），{len(s.problems)} 个问题；"
        f"相似问题 {len(s.groups)} 组，其中跨单位的共性问题 {len(common)} 组；质量体检标记 {flags} 处。</p>"
    )


def _taxonomy(s: Survey) -> str:
    rows = s.taxonomy_counts()
    chart = stacked_bars([name for name, _, _ in rows], [("问题数", [n for _, n, _ in rows], BLUE)], unit="个")
    body = "".join(f"<tr><td>{escape(name)}</td><td class=n>{n}</td><td class=n>{u}</td></tr>" for name, n, u in rows)
    methods = Counter(p.classification.method for p in s.problems)
    note = (f"按关键词归类 {methods['keyword']} 个，按最相近示例 {methods['example']} 个，"
            f"按人工更正 {methods['correction']} 个。")
    detail = "".join(
        f"<tr><td>{escape(p.title)}</td><td>{escape(p.unit)}</td><td>{escape(p.classification.name)}</td>"
        f"<td class=muted>{escape(p.classification.reason)}</td></tr>"
        for p in s.problems
    )
    return (
        "<h2>问题分类</h2>"
        f'<div class="chart">{chart}</div>'
        f"<table><tr><th>类别</th><th>问题数</th><th>涉及单位</th></tr>{body}</table>"
        f"<p class=muted>{escape(note)}归类有误时，把“问题标题,类别”逐行写入一个文本文件，"
        "用 <code>zhenggai analyze 目录 --corrections 文件</code> 重新生成：更正的问题按更正归类，相似的问题也会参照更正。</p>"
        f"<details><summary>逐个问题的分类及依据</summary><table><tr><th>问题</th><th>单位</th><th>类别</th><th>依据</th></tr>"
        f"{detail}</table></details>"
    )


def _groups(s: Survey) -> str:
    if not s.groups:
        return "<h2>共性问题</h2><p>没有发现相似的问题。</p>"
    rows = []
    for g in s.groups:
        members = [s.problems[m] for m in g.members]
        units = len({p.unit for p in members})
        reports = len({p.source for p in members})
        shown = "".join(f"<li>{escape(p.title)} <span class=muted>（{escape(p.unit)}）</span></li>"
                        for p in members[:MAX_GROUP_MEMBERS])
        more = f"<li class=muted>另有 {len(members) - MAX_GROUP_MEMBERS} 个</li>" if len(members) > MAX_GROUP_MEMBERS else ""
        rows.append(
            f"<tr><td><details><summary>{escape(g.name)}</summary><ul>{shown}{more}</ul></details></td>"
            f"<td>{escape(Counter(p.classification.name for p in members).most_common(1)[0][0])}</td>"
            f"<td class=n>{g.size}</td><td class=n>{reports}</td>"
            f"<td class=n>{units}</td></tr>"
        )
    return (
        "<h2>共性问题（相似问题分组）</h2>"
        "<p class=muted>按字符 n-gram TF-IDF 余弦相似度分组，以最居中的问题标题命名。</p>"
        "<table><tr><th>问题组（点击展开）</th><th>类别</th><th>问题数</th><th>报告数</th><th>单位数</th></tr>"
        + "".join(rows) + "</table>"
    )


def _quality(s: Survey) -> str:
    counts = Counter(f.rule for r in s.reports for f in r.flags)
    chart = stacked_bars([rule.name for rule in RULES.values()], [("标记数", [counts[c] for c in RULES], RED)], unit="处")
    legend = "".join(
        f"<tr><td><code>{escape(code)}</code></td><td>{escape(rule.name)}</td><td class=n>{counts[code]}</td>"
        f"<td>{escape(rule.explanation)}</td></tr>"
        for code, rule in RULES.items()
    )
    reports = []
    for r in sorted(s.reports, key=lambda r: (r.score.value, r.source or "")):
        flags = "".join(
            f"<li><b>{escape(RULES[f.rule].name)}</b>"
            + (f"（{escape(f.finding)}" + (f"，第{f.measure + 1}条措施" if f.measure is not None else "") + "）" if f.finding else "")
            + f"：{escape(f.message)}</li>"
            for f in r.flags
        )
        cls = " class=low" if r.score.value < 80 else ""
        reports.append(
            f"<tr><td>{escape(r.source or '')}</td><td>{escape(s.units.get(r.source or '', ''))}</td>"
            f"<td class=n><span{cls}>{r.score.value}</span></td>"
            f"<td>{'<details><summary>' + str(len(r.flags)) + ' 处</summary><ul>' + flags + '</ul></details>' if r.flags else '无'}</td></tr>"
        )
    return (
        "<h2>整改质量体检</h2>"
        f'<div class="chart">{chart}</div>'
        f"<table><tr><th>规则</th><th>名称</th><th>标记</th><th>说明</th></tr>{legend}</table>"
        "<table><tr><th>报告</th><th>单位</th><th>得分</th><th>标记（点击展开）</th></tr>" + "".join(reports) + "</table>"
    )


def _errors(s: Survey) -> str:
    if not s.errors:
        return ""
    return "<h2>未能读取的文件</h2><ul>" + "".join(f"<li>{escape(e)}</li>" for e in s.errors) + "</ul>"
