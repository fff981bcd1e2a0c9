"""System checks: evidence must never be reachable as a static file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def evidence_outside_static(app_configs, **kwargs) -> list[Error]:
    evidence_dir = (Path(settings.DATA_DIR) / "evidence").resolve()
    static = Path(settings.STATIC_ROOT).resolve()
    if evidence_dir == static or static in evidence_dir.parents:
        return [Error(
            "佐证材料目录位于 STATIC_ROOT 之内，会被当作静态文件公开 (evidence would be public)",
            hint="把 ZHENGGAI_DATA_DIR 或 STATIC_ROOT 改到互不包含的目录",
            id="zhenggai.workflow.E001",
        )]
    return []
