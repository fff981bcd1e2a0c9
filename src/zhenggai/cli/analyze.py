"""``zhenggai analyze``: one HTML page over a folder of published reports.

Common problems across units, the taxonomy, and the quality flags of every
report, written atomically to one self-contained file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .parse import iter_files


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="分析一批整改报告：共性问题、问题分类、质量体检，输出一个网页 (analyze reports)",
        description="读取目录中的整改报告，找出各单位的共性问题，按分类表归类，汇总质量体检结果，写成一个独立的 HTML 网页。",
    )
    p.add_argument("paths", nargs="+", metavar="目录或文件", help="报告所在目录（或报告文件）")
    p.add_argument("-o", "--output", default="report.html", metavar="输出.html", help="输出网页（默认 report.html）")
    p.add_argument("--corrections", metavar="更正文件", help="分类更正：JSON {\"问题标题\": \"类别\"}，或每行“问题标题,类别”")
    p.add_argument("--taxonomy", metavar="分类表.json", help="另用一份分类表（默认用内置的 taxonomy.json）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from zhenggai.analysis.page import render
    from zhenggai.analysis.survey import survey
    from zhenggai.analysis.taxonomy import Taxonomy, TaxonomyError

    errors: list[str] = []
    try:
        taxonomy = Taxonomy.load(args.taxonomy, args.corrections)
    except TaxonomyError as e:
        print(f"错误 (error): {e}", file=sys.stderr)
        return 1
    files = iter_files(args.paths, errors)
    with Progress(
        TextColumn("分析报告"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True, console=Console(stderr=True),
    ) as bar:
        task = bar.add_task("analyze", total=len(files))
        result = survey(files, taxonomy, advance=lambda: bar.advance(task))
    result.errors[:0] = errors
    target = Path(args.output)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(render(result), encoding="utf-8")
        tmp.replace(target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        print(f"错误 (error): {args.output}: 无法写入网页 (cannot write: {e.strerror})", file=sys.stderr)
        return 1
    print(f"已写入 {target}：{len(result.reports)} 篇报告，{len(result.problems)} 个问题，{len(result.groups)} 组相似问题",
          file=sys.stderr)
    for line in result.errors:
        print(f"错误 (error): {line}", file=sys.stderr)
    return 1 if result.errors else 0
