"""``zhenggai check-deploy``: refuse to call an installation production-ready when it is not.

Wraps Django's ``check --deploy`` and adds the rules of this system (HTTPS behind a proxy,
login lockout on, key file private, where the data lives). Every finding is said in Chinese
with the environment variable that fixes it; errors give exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ERROR = "错误"
WARNING = "警告"

# Django's deployment checks that ZHENGGAI_HTTPS=1 answers all together.
HTTPS_CHECKS = {"security.W004", "security.W005", "security.W008", "security.W012",
                "security.W016", "security.W021"}
DJANGO_MESSAGES = {
    "security.W009": "SECRET_KEY 太短或太简单（至少 50 个字符、5 种以上不同字符）：删除 SECRET_KEY 环境变量让系统自动生成，或换一个随机长密钥",
    "security.W018": "调试模式已开启：生产环境必须设置 ZHENGGAI_DEBUG=0，否则出错页面会向用户显示源代码和设置",
    "security.W020": "ALLOWED_HOSTS 为空：请设置 ZHENGGAI_ALLOWED_HOSTS=访问用的域名或IP（逗号分隔）",
}


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR or WARNING
    message: str
    code: str = ""

    def line(self) -> str:
        return f"{self.level}: {self.message}" + (f" [{self.code}]" if self.code else "")


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def django_findings() -> list[Finding]:
    """Django's own deployment checks, in Chinese where this system knows the fix."""
    from django.conf import settings
    from django.core import checks

    found: list[Finding] = []
    for msg in checks.run_checks(include_deployment_checks=True):
        if msg.level < checks.WARNING or msg.is_silenced():
            continue
        if msg.id in HTTPS_CHECKS and not settings.HTTPS:
            continue  # said once by own_findings, as an error behind a proxy, else a warning
        text = DJANGO_MESSAGES.get(msg.id) or (msg.msg if _chinese(msg.msg) else f"{msg.msg}（Django 检查）")
        found.append(Finding(ERROR, text, msg.id))
    return found


def own_findings() -> list[Finding]:
    from django.conf import settings

    found: list[Finding] = []
    if settings.DEBUG:
        found.append(Finding(ERROR, DJANGO_MESSAGES["security.W018"], "ZHENGGAI_DEBUG"))
    key = settings.SECRET_KEY
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        found.append(Finding(ERROR, DJANGO_MESSAGES["security.W009"], "SECRET_KEY"))
    key_file = Path(settings.DATA_DIR) / "secret_key"
    if not os.environ.get("SECRET_KEY") and key_file.exists() and key_file.stat().st_mode & 0o077:
        found.append(Finding(ERROR, f"密钥文件 {key_file} 其他用户可读：请执行 chmod 600 {key_file}", "SECRET_KEY"))
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts:
        found.append(Finding(ERROR, DJANGO_MESSAGES["security.W020"], "ZHENGGAI_ALLOWED_HOSTS"))
    elif "*" in hosts:
        found.append(Finding(ERROR, "ALLOWED_HOSTS 含 *：任何域名都会被接受（可被用于伪造密码重置等链接），"
                                    "请在 ZHENGGAI_ALLOWED_HOSTS 中只列出实际访问用的域名或IP", "ZHENGGAI_ALLOWED_HOSTS"))
    elif all(h in ("localhost", "127.0.0.1", "[::1]", "::1") for h in hosts):
        if settings.BEHIND_PROXY:
            found.append(Finding(ERROR, "经 nginx 访问时 ALLOWED_HOSTS 须包含用户访问用的域名（nginx 原样转发 Host），"
                                        "否则每个请求都得到 400：请设置 ZHENGGAI_ALLOWED_HOSTS=域名", "ZHENGGAI_ALLOWED_HOSTS"))
        else:
            found.append(Finding(WARNING, "ALLOWED_HOSTS 只有本机地址：其他电脑无法访问；局域网使用请设置 "
                                          "ZHENGGAI_ALLOWED_HOSTS=本机IP或域名", "ZHENGGAI_ALLOWED_HOSTS"))
    if settings.BEHIND_PROXY and not settings.HTTPS:
        found.append(Finding(ERROR, "经反向代理（nginx）部署却未启用 HTTPS：请在 nginx 配置证书并设置 ZHENGGAI_HTTPS=1"
                                    "（安全 Cookie、HSTS、跳转到 https）", "ZHENGGAI_HTTPS"))
    elif settings.HTTPS and not settings.BEHIND_PROXY:
        found.append(Finding(ERROR, "ZHENGGAI_HTTPS=1 需要由 HTTPS 反向代理（nginx）转发：zhenggai serve 本身只讲 HTTP，"
                                    "请在 nginx 之后运行并设置 ZHENGGAI_BEHIND_PROXY=1", "ZHENGGAI_BEHIND_PROXY"))
    elif not settings.HTTPS:
        found.append(Finding(WARNING, "未启用 HTTPS：密码和会话 Cookie 在网络上明文传输；多人使用请在 nginx 之后部署并设置 "
                                      "ZHENGGAI_HTTPS=1、ZHENGGAI_BEHIND_PROXY=1", "ZHENGGAI_HTTPS"))
    if not getattr(settings, "AXES_ENABLED", True):
        found.append(Finding(ERROR, "登录失败锁定已关闭（AXES_ENABLED=False）：生产环境必须开启", "AXES_ENABLED"))
    if not settings.AUTH_PASSWORD_VALIDATORS:
        found.append(Finding(ERROR, "未配置密码强度校验（AUTH_PASSWORD_VALIDATORS）", "AUTH_PASSWORD_VALIDATORS"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        found.append(Finding(WARNING, "数据库是 SQLite：单机或少数人使用可以；多人同时使用请改用 PostgreSQL"
                                      "（DATABASE_URL=postgres://…），并用 zhenggai backup 定时备份", "DATABASE_URL"))
    for label, path in (("数据目录", Path(settings.DATA_DIR)), ("日志目录", Path(settings.LOG_DIR))):
        if not os.access(path, os.W_OK):
            found.append(Finding(ERROR, f"{label} {path} 不可写：请检查目录权限（运行服务的用户须可写）", "ZHENGGAI_DATA_DIR"))
    return found


def findings() -> list[Finding]:
    """Every finding, errors first."""
    found = own_findings()
    seen = {f.message for f in found}
    found += [f for f in django_findings() if f.message not in seen]
    return sorted(found, key=lambda f: f.level != ERROR)


def cmd_check_deploy(args: argparse.Namespace) -> int:
    from zhenggai.cli.web import _django

    _django()
    found = findings()
    for f in found:
        print(f.line(), file=sys.stderr if f.level == ERROR else sys.stdout)
    errors = sum(f.level == ERROR for f in found)
    warnings = len(found) - errors
    if errors:
        print(f"部署检查未通过：{errors} 个错误，{warnings} 个警告。改正上述设置后再运行 zhenggai check-deploy。", file=sys.stderr)
        return 1
    print(f"部署检查通过（{warnings} 个警告）。")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("check-deploy", help="检查生产环境设置是否安全（含 Django check --deploy），有错误时退出码为 1")
    p.set_defaults(func=cmd_check_deploy)
