"""System checks for a bad installation, shown by ``zhenggai serve`` before it starts."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def data_dir_writable(app_configs, **kwargs):
    if not os.access(settings.DATA_DIR, os.W_OK):
        return [Error(f"数据目录 {settings.DATA_DIR} 不可写 (ZHENGGAI_DATA_DIR)", id="zhenggai.E001")]
    return []


@register(deploy=False)
def debug_on_open_hosts(app_configs, **kwargs):
    if settings.DEBUG and ("*" in settings.ALLOWED_HOSTS or "0.0.0.0" in settings.ALLOWED_HOSTS):
        return [Warning("调试模式 ZHENGGAI_DEBUG 已开启且允许任意主机访问，请勿用于正式环境", id="zhenggai.W001")]
    return []
