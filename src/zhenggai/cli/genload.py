"""``zhenggai gen-load``: fill the database with a synthetic province for scale tests.

Default: 50 rounds × 40 units × 30 problems × 4 measures (240,000 measures) with
~12 progress reports each; ``--small`` makes one round of 4,000 measures. Bulk
inserts only, so a province takes minutes. Never run it on a production database:
it refuses unless the database is empty of rounds or ``--force`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为非负整数：{text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"应为非负整数：{text}")
    return value


def cmd_genload(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    from zhenggai.web.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as e:
        print(f"配置错误: {e}", file=sys.stderr)
        return 2
    from django.core.management import call_command
    from django.db.utils import OperationalError, ProgrammingError

    from zhenggai.ledger import loadgen
    from zhenggai.ledger.models import InspectionRound

    base = loadgen.SMALL if args.small else loadgen.PROVINCE
    shape = loadgen.Shape(
        rounds=args.rounds or base.rounds, units=args.units or base.units, problems=args.problems or base.problems,
        measures=args.measures or base.measures, reports=base.reports if args.reports is None else args.reports,
    )
    try:
        call_command("migrate", verbosity=0)
        if InspectionRound.objects.exists() and not args.force:
            print("数据库中已有轮次数据；模拟数据只应写入测试库。确需追加请加 --force", file=sys.stderr)
            return 1
    except (OperationalError, ProgrammingError) as e:
        print(f"数据库不可用: {e}", file=sys.stderr)
        return 1
    print(f"将生成 {shape.rounds} 个轮次 × {shape.units} 个单位 × {shape.problems} 个问题 × {shape.measures} 条措施"
          f"（共 {shape.total_measures} 条措施，每条约 {shape.reports} 条进展报送）")
    result = loadgen.generate(shape, prefix=args.prefix, password=args.password,
                              progress=None if args.quiet else (lambda line: print("  " + line, flush=True)))
    if args.analyze:
        from zhenggai.web.db import refresh_statistics

        refresh_statistics()  # SQLite as well as PostgreSQL: without statistics the planner guesses
    print(result.summary())
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("gen-load", help="生成模拟数据（一个省：50 轮 × 40 单位 × 30 问题 × 4 措施），用于规模测试")
    p.add_argument("--small", action="store_true", help="小规模预设：1 轮 × 40 单位 × 25 问题 × 4 措施（4,000 条措施）")
    p.add_argument("--rounds", type=_positive, help="轮次数（默认 50）")
    p.add_argument("--units", type=_positive, help="每轮单位数（默认 40）")
    p.add_argument("--problems", type=_positive, help="每个单位的问题数（默认 30）")
    p.add_argument("--measures", type=_positive, help="每个问题的措施数（默认 4）")
    p.add_argument("--reports", type=_count, help="每条措施的进展报送数（默认 12）")
    p.add_argument("--prefix", default="模拟", help="轮次和单位名称的前缀（默认 模拟）")
    p.add_argument("--password", help="生成用户的登录密码（默认不可登录）")
    p.add_argument("--force", action="store_true", help="数据库已有数据时仍然追加")
    p.add_argument("--no-analyze", dest="analyze", action="store_false", help="生成后不运行 ANALYZE（不更新查询规划的统计信息）")
    p.add_argument("--quiet", action="store_true", help="不打印每轮进度")
    p.set_defaults(func=cmd_genload)
