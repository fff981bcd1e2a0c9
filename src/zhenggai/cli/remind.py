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
    from zhenggai.inspection.reminders import remind_milestones

    milestones = remind_milestones(args.today or dt.date.today(), dry_run=args.dry_run)
    prefix = "[试运行，未发送] " if args.dry_run else ""
    print(prefix + result.summary() + (f"；时间节点提醒 {milestones} 条" if milestones else ""))
    digest_errors = 0
    if not args.dry_run:
        from zhenggai.workflow.notices import send_digest

        digest = send_digest()  # the daily digest of workflow messages rides on the daily reminder run
        print(digest.summary())
        digest_errors = digest.errors
        from zhenggai.oversight.services import escalate_overdue  # 督办: a late reply goes up the ladder

        print(f"督办升级 {len(escalate_overdue(args.today))} 件")
        from zhenggai.ledger.import_jobs import expire_stale  # uploads never confirmed do not pile up

        print(expire_stale().summary())
    if args.dry_run:
        for line in result.planned_lines():
            print(line)
    return 1 if result.email_errors or digest_errors else 0


def cmd_digest(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    from zhenggai.web.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as e:
        print(f"配置错误: {e}", file=sys.stderr)
        return 2
    from zhenggai.workflow.notices import send_digest

    result = send_digest()
    print(result.summary())
    return 1 if result.errors else 0


def register(subparsers) -> None:
    p = subparsers.add_parser("remind", help="发送到期提醒与逾期预警（站内+邮件），可由 cron 反复运行，不会重复发送")
    p.add_argument("--today", type=_date, default=None, help="按这一天计算（YYYY-MM-DD，默认今天）")
    p.add_argument("--dry-run", action="store_true", help="只列出应发的提醒，不写数据库、不发邮件")
    p.set_defaults(func=cmd_remind)
    d = subparsers.add_parser("digest", help="给选择“每天一封汇总邮件”的人发送尚未发过的流程消息（zhenggai remind 也会发送）")
    d.set_defaults(func=cmd_digest)
