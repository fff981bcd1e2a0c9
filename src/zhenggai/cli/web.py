"""``zhenggai serve``, ``import``, ``export`` and ``manage``: the web system and the ledger.

Django is set up only inside these commands, so ``zhenggai parse`` stays light.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
    from zhenggai.web.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as e:
        print(f"配置错误: {e}", file=sys.stderr)
        raise SystemExit(2) from None


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    from zhenggai.web import config
    from django.conf import settings
    from django.core.management import call_command

    _migrate()
    address = f"{args.host}:{args.port}"
    print(f"数据目录 data dir: {settings.DATA_DIR}")
    print(f"数据库 database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} {settings.DATABASES['default']['NAME']}")
    if args.demo:
        from zhenggai.ledger import demo

        unit = demo.load_demo()
        print(f"已载入演示数据 demo loaded: {unit.name}")
        from zhenggai.setup.demo import LOGINS

        print(f"演示账号 demo logins（密码均为 password: {demo.DEMO_PASSWORD}）:")
        for login, name, title, label in LOGINS:
            print(f"  {login:<10} {name}（{title}）— {label}")
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.exists():
        print("尚无用户 no users yet: 先运行 zhenggai manage createsuperuser 创建管理员，"
              "登录后在“机构设置”中建立机构、轮次和单位（或用 --demo 看演示）")
    if args.host not in ("127.0.0.1", "localhost", "::1") and "ZHENGGAI_ALLOWED_HOSTS" not in os.environ:
        print("提示 hint: 局域网访问请设置 ZHENGGAI_ALLOWED_HOSTS=本机IP或主机名（逗号分隔），否则浏览器会收到 400")
    print(f"地址 address: http://{address}/", flush=True)
    threads = args.threads or config.env_int("ZHENGGAI_THREADS", 8, minimum=1)
    from .serve_workers import default_workers

    workers = args.workers or config.env_int("ZHENGGAI_WORKERS", default_workers(settings.DATABASES["default"]["ENGINE"]),
                                             minimum=1)
    worker = start_task_worker()  # background tasks (long imports) beside the web server
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # systemd's stop: run the finally below, stop the worker
    try:
        return run_server(args.host, args.port, max(1, threads), max(1, workers))
    finally:
        stop_task_worker(worker)


def run_server(host: str, port: int, threads: int, workers: int = 1) -> int:
    """Collect the static files, then serve with waitress (threads share one process).

    waitress is a production server: it buffers whole requests before a thread sees them,
    so a slow client never ties up the application, and it runs on Windows too. whitenoise
    (in MIDDLEWARE) serves the collected static files from the same process.
    """
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    application = get_wsgi_application()
    workers = workers if hasattr(os, "fork") else 1
    print(f"服务器 server: waitress，{threads} 个线程 × {workers} 个进程；静态文件 {settings.STATIC_ROOT}；"
          f"错误日志 {settings.LOG_DIR / 'zhenggai.log'}", flush=True)
    # Uploads are bounded by ZHENGGAI_MAX_UPLOAD_MB (10 files at most) plus the form.
    options = {"threads": threads, "ident": "zhenggai", "max_request_body_size": (settings.MAX_UPLOAD_MB * 10 + 10) * 1024 * 1024}
    try:
        if workers > 1:
            from .serve_workers import serve_forked

            return serve_forked(lambda sockets: serve(application, sockets=sockets, **options), host, port, workers)
        serve(application, host=host, port=port, **options)
    except OSError as e:
        print(f"无法在 {host}:{port} 启动服务: {e.strerror or e}（端口被占用？换一个 --port）", file=sys.stderr)
        return 1
    return 0


def start_task_worker():
    """The background task worker (long imports) as a child process, when tasks go through the database."""
    import subprocess

    from django.conf import settings

    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return None
    print("后台任务 background tasks: 已启动任务进程 worker started", flush=True)
    return subprocess.Popen([sys.executable, "-m", "zhenggai", "manage", "db_worker", "--interval", "1"])


def stop_task_worker(worker) -> None:
    import subprocess

    if worker is None or worker.poll() is not None:
        return
    worker.terminate()  # the worker finishes the task it is running, then exits
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def cmd_import(args: argparse.Namespace) -> int:
    """Print the merge preview; apply it with --apply (a unit's first import applies at once: nothing to merge)."""
    _django()
    _migrate()
    from django.contrib.auth import get_user_model

    from zhenggai.ledger import importing_xlsx, merging, services
    from zhenggai.ledger.import_jobs import read_source
    from zhenggai.ledger.models import LedgerError

    path = args.file
    if not os.path.isfile(path):
        print(f"找不到文件: {path}", file=sys.stderr)
        return 2
    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user, is_active=True).first()
        if user is None:
            print(f"没有这个用户: {args.user}", file=sys.stderr)
            return 2
    try:
        source = read_source(path, os.path.basename(path))  # parsing: outside any transaction
        unit_name = args.unit or source.organization
        if not unit_name:
            print("请用 --unit 指定被巡视巡察党组织（文档中未识别出单位名称）", file=sys.stderr)
            return 2
        rnd = services.round_named(args.round)
        unit = services.unit_named(rnd, unit_name)
        plan = merging.plan_import(unit, source)
        print(f"{unit.name}（{rnd.name}，单位编号 {unit.id}）预览：{merging.summary(plan)}")
        for line in _preview_lines(plan, args.verbose):
            print("  " + line)
        facts = plan["unit"]
        if facts.get("organization_mismatch") and not args.confirm_organization:
            print(f"注意：文档中的单位“{facts['organization']}”与“{unit.name}”不一致；核对无误请加 --confirm-organization",
                  file=sys.stderr)
            return 1
        if not (args.apply or plan["first_import"]):
            print("以上为预览，台账未作任何修改；确认无误请加 --apply（表格中没有的措施默认保留，--archive-missing 归档它们）")
            return 0
        archive = [m["measure"] for m in plan["missing"]] if args.archive_missing else []
        done = merging.apply_import(unit, plan, user, archive=archive, confirm_organization=args.confirm_organization)
    except importing_xlsx.XlsxImportError as e:
        print("Excel 表格有错误，未导入任何内容：", file=sys.stderr)
        for line in e.errors:
            print("  " + line, file=sys.stderr)
        return 1
    except LedgerError as e:
        print(f"未导入: {e}", file=sys.stderr)
        return 1
    print(f"{unit.name}：{done.summary()}；共 {done.created} 条整改措施新建")
    for note in done.notes:
        print("  " + note)
    return 0


def _preview_lines(plan: dict, verbose: bool) -> list[str]:
    lines = []
    limit = None if verbose else 20
    for r in [r for r in plan["rows"] if r["op"] == "changed"][:limit]:
        changes = "；".join(f"{label}：{old} → {new}" for label, old, new in r["changes"])
        status = f"；表格状态“{r['status']['label']}”转为审核申请" if r["status"] else ""
        lines.append(f"修改 {r['where']} {r['key']}：{changes}{status}")
    for m in plan["missing"][:limit]:
        lines.append(f"表格中没有（默认保留）{m['key']}：{m['text'][:40]}")
    for r in plan["rows"]:
        for note in r["notes"]:
            lines.append(f"{r['where']}：{note}")
    return lines


def find_unit(round_name: str, unit_name: str | None):
    """The one unit that a round (by name or id) and an optional unit name select,
    or None after saying on stderr what to give instead."""
    from zhenggai.ledger.models import InspectionRound, Unit

    rnd = InspectionRound.objects.active().filter(name=round_name).first()
    if rnd is None and round_name.isdigit():
        rnd = InspectionRound.objects.active().filter(pk=int(round_name)).first()
    if rnd is None:
        print(f"没有这个轮次: {round_name}", file=sys.stderr)
        return None
    units = Unit.objects.active().filter(inspection=rnd)
    if unit_name:
        units = units.filter(name=unit_name)
    found = list(units[:2])
    if len(found) != 1:
        names = "、".join(u.name for u in Unit.objects.active().filter(inspection=rnd)) or "无"
        print(f"请用 --unit 指定单位（本轮单位: {names}）", file=sys.stderr)
        return None
    return found[0]


def cmd_export(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    from zhenggai.ledger import exporting
    from zhenggai.ledger.lists import LISTS

    unit = find_unit(args.round, args.unit)
    if unit is None:
        return 2
    if not args.xlsx and not args.csv:
        print("请指定 --xlsx OUT 或 --csv OUT", file=sys.stderr)
        return 2
    try:
        if args.xlsx:
            write_atomic(args.xlsx, exporting.xlsx_bytes(unit, list(LISTS) if args.all_lists else None))
            print(f"已导出 {args.xlsx}")
        if args.csv:
            write_atomic(args.csv, exporting.csv_text(unit, args.list).encode("utf-8"))
            print(f"已导出 {args.csv}")
    except OSError as e:
        print(f"无法写入文件 (cannot write): {e.filename}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


def write_atomic(path: str, data: bytes) -> None:
    """Write beside the target and rename, so an interrupted export never leaves half a file."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhenggai manage", *args.rest])
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="启动整改工作系统网页（自动迁移数据库）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址，默认 127.0.0.1（局域网访问用 0.0.0.0）")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo", action="store_true", help="先载入演示数据和演示账号")
    p.add_argument("--threads", type=int, default=None,
                   help="处理请求的线程数，默认 8（环境变量 ZHENGGAI_THREADS）")
    p.add_argument("--workers", type=int, default=None,
                   help="服务进程数（每个进程各有上述线程），默认：PostgreSQL 为 CPU 核数（至多 4），SQLite 为 1（环境变量 ZHENGGAI_WORKERS）")
    p.set_defaults(func=cmd_serve)

    p = subparsers.add_parser("import", help="导入反馈意见/整改报告（.docx/.txt）或任务分解表（.xlsx）到台账")
    p.add_argument("file")
    p.add_argument("--round", required=True, help="轮次名称（不存在则新建），如 市委2025年第一轮巡察")
    p.add_argument("--unit", help="被巡视巡察党组织（默认取文档中的单位名称）")
    p.add_argument("--apply", action="store_true", help="按预览写入台账（不加则只打印预览；单位首次导入直接写入）")
    p.add_argument("--archive-missing", action="store_true", help="同时归档表格中已没有的原有措施（默认保留）")
    p.add_argument("--confirm-organization", action="store_true", help="文档中的单位与 --unit 不一致时确认仍然导入")
    p.add_argument("--user", help="以哪个用户的名义导入（表格中的已完成等状态以其名义提交审核申请）")
    p.add_argument("--verbose", action="store_true", help="列出全部修改，而不只前 20 条")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("export", help="导出整改台账（.xlsx：台账+问题清单，--all-lists 含任务清单、责任清单）或某个清单的 CSV")
    p.add_argument("--round", required=True, help="轮次名称或编号")
    p.add_argument("--unit", help="单位名称（本轮只有一个单位时可省略）")
    p.add_argument("--xlsx", help="输出 .xlsx 文件（整改台账 + 问题清单）")
    p.add_argument("--all-lists", action="store_true", help=".xlsx 另含任务清单和责任清单")
    p.add_argument("--csv", help="输出 CSV 文件")
    p.add_argument("--list", default="ledger", choices=["ledger", "problems", "tasks", "responsibilities"], help="CSV 导出哪个清单")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("manage", help="Django 管理命令，如 createsuperuser、changepassword")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
