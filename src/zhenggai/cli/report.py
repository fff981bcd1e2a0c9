"""``zhenggai report``: write a unit's report (.docx/.txt/.html) from the ledger.

    zhenggai report --round 市委2025年第一轮巡察 --unit 中共…党组 --kind progress --docx 通报.docx

The figures come from the ledger; the narrative from the unit's saved draft of
that kind (edited on the web page), or the default wording when there is none.
--issue freezes the result as the next issued version, as the web page does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

KINDS = {"progress": "progress", "final": "final", "dispatch": "dispatch",
         "通报": "progress", "进展": "progress", "报告": "final", "调度": "dispatch"}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 2025-06-30: {value}") from None


def cmd_report(args: argparse.Namespace) -> int:
    from zhenggai.cli.web import _django, _migrate, find_unit, write_atomic

    _django()
    _migrate()
    from zhenggai.ledger.models import LedgerError
    from zhenggai.reports import services
    from zhenggai.reports.models import ReportDraft
    from zhenggai.reports.render_docx import render_docx
    from zhenggai.reports.render_html import render_html
    from zhenggai.reports.render_text import render_text
    from zhenggai.reports.views.pages import _standalone_html

    unit = find_unit(args.round, args.unit)
    if unit is None:
        return 2
    kind = KINDS[args.kind]
    if not (args.docx or args.txt or args.html or args.issue):
        print("请指定 --docx OUT、--txt OUT、--html OUT 或 --issue", file=sys.stderr)
        return 2
    draft = ReportDraft.objects.filter(unit=unit, kind=kind).first() or ReportDraft(unit=unit, kind=kind)
    # Dates given here apply to this run only; the saved draft is left as it is.
    if args.as_of:
        draft.as_of = args.as_of
    if args.since:
        draft.period_start = args.since
    if args.issue:
        if args.as_of or args.since:
            print("--issue 按已保存的草稿印发，不能同时指定 --as-of/--since（请先在网页上修改草稿）", file=sys.stderr)
            return 2
        try:
            issued = services.issue(services.draft_for(unit, kind), None)
        except LedgerError as e:
            print(f"未印发: {e}", file=sys.stderr)
            return 1
        doc_text, docx, html, title = issued.text, bytes(issued.docx), issued.html, issued.title
        print(f"已印发第{issued.version}版 sha256 {issued.sha256}")
    else:
        doc = services.compose_draft(draft)
        doc_text, docx, html, title = render_text(doc), render_docx(doc), render_html(doc), doc.title
    outputs = [
        (args.docx, lambda: docx),
        (args.txt, lambda: doc_text.encode("utf-8")),
        (args.html, lambda: _standalone_html(title, html).encode("utf-8")),
    ]
    try:
        for path, data in outputs:
            if path:
                write_atomic(path, data())
                print(f"已生成 {path}")
    except OSError as e:
        print(f"无法写入文件 (cannot write): {e.filename}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("report", help="根据台账生成整改进展情况通报、整改情况报告或调度报告（.docx/.txt/.html）")
    p.add_argument("--round", required=True, help="轮次名称或编号")
    p.add_argument("--unit", help="单位名称（本轮只有一个单位时可省略）")
    p.add_argument("--kind", default="progress", choices=list(KINDS),
                   help="progress=阶段性进展情况通报，final=整改情况报告，dispatch=调度报告")
    p.add_argument("--as-of", type=_date, help="统计截止日期（默认取草稿中的日期）")
    p.add_argument("--since", type=_date, help="调度报告的起始日期")
    p.add_argument("--docx", help="输出 Word 文档（GB/T 9704 公文格式）")
    p.add_argument("--txt", help="输出纯文本")
    p.add_argument("--html", help="输出网页")
    p.add_argument("--issue", action="store_true", help="印发：保存为不可修改的新版本")
    p.set_defaults(func=cmd_report)
