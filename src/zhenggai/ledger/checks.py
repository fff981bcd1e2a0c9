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


@register()
def reporters_have_departments(app_configs, **kwargs):
    """Existing memberships that today's validation would refuse: a reporter without a
    department (or with another unit's). Shown by ``zhenggai serve`` and ``manage check``,
    which refuse to start until the rows are fixed in the admin."""
    from django.db import DatabaseError
    from django.db.models import F, Q

    from .models import Membership, Role

    try:
        bad = list(
            Membership.objects.active()
            .filter(Q(role=Role.REPORTER, department__isnull=True) | (Q(department__isnull=False) & ~Q(department__unit=F("unit"))))
            .select_related("user", "unit", "department")
            .order_by("id")
        )
    except (DatabaseError, RuntimeError):  # not migrated yet, or a test without database access
        return []
    errors = []
    for m in bad:
        problem = m.department_problem()
        if problem:
            errors.append(Error(
                f"成员资格 #{m.id}（{m.user.get_username()} · {m.unit.name} · {m.get_role_display()}）：{problem}",
                hint="请在管理后台为其指定本单位的部门，或归档该成员资格",
                id="zhenggai.E002",
            ))
    return errors
