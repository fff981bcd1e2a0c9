"""``manage.py remind``: the same job as ``zhenggai remind``, for Django-style cron set-ups."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhenggai.supervision.reminders import remind


class Command(BaseCommand):
    help = "发送到期提醒与逾期预警（站内+邮件），可反复运行，不会重复发送"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD，默认今天")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, today: str | None = None, dry_run: bool = False, **options) -> None:
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{today}") from None
        result = remind(today=day, dry_run=dry_run)
        self.stdout.write(result.summary())
        if dry_run:
            for line in result.planned_lines():
                self.stdout.write(line)
        else:
            from zhenggai.workflow.notices import send_digest

            self.stdout.write(send_digest().summary())
