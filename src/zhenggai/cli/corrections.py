"""``zhenggai export-corrections OUT.json``: the clerks' outline corrections, as test cases for the parser.

Replay them with ``python benchmarks/correction_examples.py OUT.json 文档目录/``
(the export keeps each document's SHA-256, not the document).
"""

from __future__ import annotations

import argparse
import sys


def cmd_export_corrections(args: argparse.Namespace) -> int:
    from zhenggai.cli.web import _django

    _django()
    from django.db.utils import OperationalError, ProgrammingError

    from zhenggai.ledger.import_corrections import export_examples

    try:
        n = export_examples(args.out)
    except (OperationalError, ProgrammingError) as e:
        print(f"数据库不可用或尚未初始化（先运行 zhenggai manage migrate）: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"无法写入文件：{args.out}：{e.strerror}", file=sys.stderr)
        return 1
    print(f"已导出 {n} 个更正样例到 {args.out}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("export-corrections", help="导出导入时对解析提纲所作的更正（样例，JSON），供检验新版解析程序")
    p.add_argument("out", help="输出的 JSON 文件")
    p.set_defaults(func=cmd_export_corrections)
