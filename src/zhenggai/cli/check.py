"""``zhenggai check``: 整改质量体检 of published reports.

Like ``zhenggai parse``, a batch never stops at a bad file: each failure is one
line naming the file and the reason, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zhenggai.parsing import ParseError, parse_file
from zhenggai.quality import RULES, Checked, check_report

from .parse import iter_files

PROGRESS_FROM = 5  # files: fewer than this finish before a bar would be worth drawing


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="整改质量体检：找出以计划代替完成、空话套话、复制粘贴等 (quality checks)",
        description="对公开的整改情况报告做质量体检，逐条说明问题和改进办法，给出 0–100 分。",
    )
    p.add_argument("paths", nargs="+", metavar="文件或目录", help="报告文件或包含报告的目录")
    p.add_argument("--json", action="store_true", help='输出 JSON：{"reports": [{"source", "score", "flags"}]}')
    p.set_defaults(func=run)


def check_files(files: list[Path], errors: list[str], progress: bool = True) -> list[Checked]:
    """Every report of every file, checked; bad files go to ``errors``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    results: list[Checked] = []
    with Progress(
        TextColumn("质量体检"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True, console=Console(stderr=True), disable=not progress or len(files) < PROGRESS_FROM,
    ) as bar:
        task = bar.add_task("check", total=len(files))
        for path in files:
            try:
                reports = parse_file(path)
            except ParseError as e:
                errors.append(str(e))
            else:
                results.extend(check_report(r, str(path)) for r in reports)
            bar.advance(task)
    return results


def run(args: argparse.Namespace) -> int:
    errors: list[str] = []
    files = iter_files(args.paths, errors)
    results = check_files(files, errors)
    if args.json:
        print(json.dumps({"reports": [r.to_dict() for r in results]}, ensure_ascii=False, indent=1))
    else:
        for r in results:
            print(render(r))
    for line in errors:
        print(f"错误 (error): {line}", file=sys.stderr)
    return 1 if errors else 0


def render(result: Checked) -> str:
    """Per report: score, then the flags grouped by finding, each with its message."""
    lines = [f"【{result.source}】质量得分 {result.score.explain()}"]
    if not result.flags:
        lines.append("  未发现问题。")
        return "\n".join(lines) + "\n"
    groups: dict[int | None, list] = {}
    for f in result.flags:
        groups.setdefault(f.item, []).append(f)
    for item, flags in groups.items():
        if item is None:
            lines.append("  报告整体：")
        else:
            lines.append(f"  问题“{result.subject.items[item].finding}”（{result.item_scores[item].value} 分）：")
        for f in flags:
            where = f"第{f.measure + 1}条措施" if f.measure is not None else "整体"
            lines.append(f"    - [{RULES[f.rule].name}] {where}：{f.message}")
    return "\n".join(lines) + "\n"
