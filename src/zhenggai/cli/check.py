"""``zhenggai check``: 整改质量体检 of published reports.

Like ``zhenggai parse``, a batch never stops at a bad file: each failure is one
line naming the file and the reason, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from zhenggai.parsing import ParseError, parse_file
from zhenggai.quality import RULES, Checked, check_report

from .parse import iter_files

PROGRESS_FROM = 5  # files: fewer than this finish before a bar would be worth drawing
PARALLEL_FROM = 20  # files: fewer than this finish before worker processes have started
MAX_WORKERS = 4


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
    """Every report of every file, checked, in the files' order; bad files go to ``errors``.

    Many files are spread over the machine's cores (each file is independent)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    results: list[Checked] = []
    workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(files) >= PARALLEL_FROM else 1
    with Progress(
        TextColumn("质量体检"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True, console=Console(stderr=True), disable=not progress or len(files) < PROGRESS_FROM,
    ) as bar:
        task = bar.add_task("check", total=len(files))
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                outcomes = pool.map(check_file, files, chunksize=8)
                for checked, error in outcomes:
                    _collect(checked, error, results, errors)
                    bar.advance(task)
        else:
            for path in files:
                _collect(*check_file(path), results, errors)
                bar.advance(task)
    return results


def check_file(path: Path) -> tuple[list[Checked], str | None]:
    try:
        return [check_report(r, str(path)) for r in parse_file(path)], None
    except ParseError as e:
        return [], str(e)


def _collect(checked: list[Checked], error: str | None, results: list[Checked], errors: list[str]) -> None:
    results.extend(checked)
    if error:
        errors.append(error)


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
    name = f"{result.source} · {result.organization}" if result.organization else result.source
    lines = [f"【{name}】质量得分 {result.score.explain()}"]
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
