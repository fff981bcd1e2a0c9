"""``zhenggai remind``: send due warnings (in-app and e-mail). Safe to run from cron repeatedly."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def cmd_remind(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    from zhenggai.web.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as e:
        print(f"配置错误: {e}", file=sys.stderr)
        return 2
    from django.db.utils import OperationalError, ProgrammingError

    from zhenggai.supervision.reminders import remind

    try:
        result = remind(today=args.today, dry_run=args.dry_run)
    except (OperationalError, ProgrammingError) as e:
        # Typically a database never migrated: `zhenggai serve` (or manage migrate) creates the tables.
        print(f"数据库不可用或尚未初始化（先运行 zhenggai manage migrate）: {e}", file=sys.stderr)
        return 1
    prefix = "[试运行，未发送] " if args.dry_run else ""
    print(prefix + result.summary())
    if not args.dry_run:  # 督办: a reply past its deadline goes up the ladder (zhenggai.oversight)
        from zhenggai.oversight.services import escalate_overdue

        print(f"督办升级 {len(escalate_overdue(args.today))} 件")
    if args.dry_run:
        for p in result.planned:
            print(f"  {p.level:6} 措施#{p.measure.id} 用户#{p.user_id} 时限 {p.measure.deadline}")
    return 1 if result.email_errors else 0


def register(subparsers) -> None:
    p = subparsers.add_parser("remind", help="发送到期提醒与逾期预警（站内+邮件），可由 cron 反复运行，不会重复发送")
    p.add_argument("--today", type=_date, default=None, help="按这一天计算（YYYY-MM-DD，默认今天）")
    p.add_argument("--dry-run", action="store_true", help="只列出应发的提醒，不写数据库、不发邮件")
    p.set_defaults(func=cmd_remind)
