"""``zhenggai parse``: read reports and show what they say.

A batch over hundreds of published reports must not stop at one bad file:
each failure is one line naming the file and the reason, the others are still
parsed, and the exit status tells a script that something failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from zhenggai.hygiene import spreadsheet_value
from zhenggai.parsing import ParseError, Report, parse_file
from zhenggai.parsing.reading import DOCX_SUFFIXES, TEXT_SUFFIXES

from .outline_text import render_outline

SUFFIXES = (TEXT_SUFFIXES | DOCX_SUFFIXES) - {""}

SUMMARY_COLUMNS = [
    ("file", "文件"),
    ("organization", "单位"),
    ("kind", "类别"),
    ("inspector", "巡视巡察组"),
    ("start", "开始"),
    ("end", "结束"),
    ("feedback", "反馈"),
    ("aspects", "方面"),
    ("problems", "问题"),
    ("measures", "措施"),
    ("warnings", "警告"),
]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "parse",
        help="读取整改报告（.txt/.md/.docx）并输出结构 (parse reports)",
        description="读取巡视巡察整改情况报告，输出提纲、JSON 或汇总表。",
    )
    p.add_argument("paths", nargs="+", metavar="文件或目录", help="报告文件或包含报告的目录")
    p.add_argument("--json", action="store_true", help="输出 JSON（zhenggai.report/1）")
    p.add_argument("--summary", action="store_true", help="输出所有报告的汇总表")
    p.add_argument("--csv", metavar="输出.csv", help="汇总表另存为 CSV（与 --summary 一起使用）")
    p.set_defaults(func=run)


def iter_files(paths: Iterable[str], errors: list[str]) -> list[Path]:
    """The files to read: given files as they are, directories searched for reports."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
                )
            except OSError as e:
                errors.append(f"{raw}: 无法读取目录 (cannot read directory: {e.strerror})")
                continue
            if not found:
                errors.append(f"{raw}: 目录中没有 .txt/.md/.docx 文件 (no report files in directory)")
            files.extend(found)
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    errors: list[str] = []
    files = iter_files(args.paths, errors)
    if args.csv and not args.summary:
        args.summary = True
    if args.summary:
        rows = summarise(files, errors)
        print_summary(rows)
        if args.csv:
            write_csv(rows, args.csv, errors)
    else:
        for path in files:
            try:
                reports = parse_file(path)
            except ParseError as e:
                errors.append(str(e))
                continue
            if args.json:
                data = [r.to_dict() for r in reports]
                print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1))
            else:
                for r in reports:
                    print(render_outline(r))
    for line in errors:
        print(f"错误 (error): {line}", file=sys.stderr)
    return 1 if errors else 0


def summary_row(path: Path, report: Report) -> dict[str, object]:
    insp = report.inspection
    top = report.findings
    return {
        "file": report.source or path.name,
        "organization": report.organization or "",
        "kind": insp.kind or "",
        "inspector": insp.inspector or "",
        "start": insp.start or "",
        "end": insp.end or "",
        "feedback": insp.feedback or "",
        "aspects": len(top),
        "problems": sum(1 for f in report.all_findings() if not f.children),
        "measures": report.count_measures(),
        "warnings": "；".join(report.warnings),
    }


def summarise(files: list[Path], errors: list[str]) -> list[dict[str, object]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    rows: list[dict[str, object]] = []
    with Progress(
        TextColumn("解析报告"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True, console=_stderr_console(),
    ) as progress:
        task = progress.add_task("parse", total=len(files))
        for path in files:
            try:
                rows.extend(summary_row(path, r) for r in parse_file(path))
            except ParseError as e:
                errors.append(str(e))
            progress.advance(task)
    return rows


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def print_summary(rows: list[dict[str, object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"整改报告汇总（{len(rows)} 篇）", show_lines=False)
    for key, label in SUMMARY_COLUMNS:
        table.add_column(label, overflow="fold", justify="right" if key in ("aspects", "problems", "measures") else "left")
    for row in rows:
        table.add_row(*(str(row[k]) for k, _ in SUMMARY_COLUMNS))
    Console(width=max(160, Console().width)).print(table)


def write_csv(rows: list[dict[str, object]], out: str, errors: list[str]) -> None:
    """CSV with a BOM so that Excel opens the Chinese correctly; written atomically."""
    target = Path(out)
    tmp = target.with_name(target.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([label for _, label in SUMMARY_COLUMNS])
            for row in rows:
                writer.writerow([spreadsheet_value(row[k]) for k, _ in SUMMARY_COLUMNS])
        tmp.replace(target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        errors.append(f"{out}: 无法写入 CSV (cannot write CSV: {e.strerror})")
        return
    print(f"已写入 {target}（{len(rows)} 行）", file=sys.stderr)
