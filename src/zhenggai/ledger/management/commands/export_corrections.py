"""``manage.py export_corrections OUT.json``: the same as ``zhenggai export-corrections``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zhenggai.ledger.import_corrections import export_examples


class Command(BaseCommand):
    help = "导出办公室在导入时对解析提纲所作的更正（样例），供检验新版解析程序"

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", help="输出的 JSON 文件")

    def handle(self, *args, out: str, **options) -> None:
        try:
            n = export_examples(out)
        except OSError as e:
            raise CommandError(f"无法写入文件：{out}：{e.strerror}") from None
        self.stdout.write(f"已导出 {n} 个更正样例到 {out}")
