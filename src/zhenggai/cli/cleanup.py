"""``zhenggai cleanup``: expire imports never confirmed and remove their uploads (``zhenggai remind`` does it daily too)."""

from __future__ import annotations

import argparse
import os
import sys


def cmd_cleanup(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    from zhenggai.web.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as e:
        print(f"配置错误: {e}", file=sys.stderr)
        return 2
    from django.db.utils import OperationalError, ProgrammingError

    from zhenggai.ledger.import_jobs import expire_stale

    try:
        result = expire_stale(hours=args.hours, dry_run=args.dry_run)
    except (OperationalError, ProgrammingError) as e:
        print(f"数据库不可用或尚未初始化（先运行 zhenggai manage migrate）: {e}", file=sys.stderr)
        return 1
    print(("[试运行，未删除] " if args.dry_run else "") + result.summary())
    return 0


def _hours(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"小时数应为正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"小时数应为正整数：{text}")
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser("cleanup", help="上传后一直未确认的导入标为已过期并删除其文件（默认 48 小时，ZHENGGAI_IMPORT_EXPIRY_HOURS）")
    p.add_argument("--hours", type=_hours, default=None, help="超过多少小时未确认即过期（默认取设置）")
    p.add_argument("--dry-run", action="store_true", help="只统计，不修改、不删除")
    p.set_defaults(func=cmd_cleanup)
