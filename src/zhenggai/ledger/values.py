"""Reading the values offices write in Excel: dates, statuses, kinds, name lists.

Plain Python (no Django models), so forms, import and tests share one set of rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .models.measures import MeasureKind, MeasureStatus


class ValueProblem(ValueError):
    """A cell cannot be read; the message is Chinese and names what was expected."""


_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_END = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(底|末|前|份)?$")
_YEAR_END = re.compile(r"^(\d{4})\s*年?\s*(底|末|年底|年末)$")
_TRANS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def parse_date(value) -> dt.date | None:
    """A deadline as offices write it: a real date, 2024-06-30, 2024年6月30日, 2024年6月底, 2024年底.

    Month-only and year-end forms mean the last day of that month or year.
    Empty means no deadline. Anything else is a ValueProblem.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().translate(_TRANS)
    if not text:
        return None
    text = re.sub(r"^(完成时限|截止|于)[:：]?", "", text).strip()
    try:
        m = _FULL.match(text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _MONTH_END.match(text)
        if m and (m[3] or "月" in text or re.match(r"^\d{4}[-/.]\d{1,2}$", text)):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        m = _YEAR_END.match(text)
        if m:
            return dt.date(int(m[1]), 12, 31)
    except ValueError:
        raise ValueProblem(f"日期“{text}”不存在") from None
    raise ValueProblem(f"无法识别的日期“{text[:30]}”，应写作 2025-06-30、2025年6月30日 或 2025年6月底")


_STATUS_WORDS = {
    **{label: value for value, label in MeasureStatus.choices},
    "未启动": MeasureStatus.NOT_STARTED,
    "尚未开始": MeasureStatus.NOT_STARTED,
    "未完成": MeasureStatus.IN_PROGRESS,
    "推进中": MeasureStatus.IN_PROGRESS,
    "整改中": MeasureStatus.IN_PROGRESS,
    "正在推进": MeasureStatus.IN_PROGRESS,
    "已整改": MeasureStatus.COMPLETED,
    "完成": MeasureStatus.COMPLETED,
    "已办结": MeasureStatus.COMPLETED,
    "持续推进": MeasureStatus.LONG_TERM,
    "持续整改": MeasureStatus.LONG_TERM,
}

_KIND_WORDS = {
    **{label: value for value, label in MeasureKind.choices},
    "立即整改": MeasureKind.IMMEDIATE,
    "即知即改": MeasureKind.IMMEDIATE,
    "限时整改": MeasureKind.DEADLINE,
    "阶段整改": MeasureKind.DEADLINE,
    "长期整改": MeasureKind.LONG_TERM,
    "持续整改": MeasureKind.LONG_TERM,
}


def parse_status(value, default: str = MeasureStatus.NOT_STARTED) -> str:
    text = "".join(str(value or "").split())
    if not text:
        return default
    if text in _STATUS_WORDS:
        return _STATUS_WORDS[text]
    raise ValueProblem(f"无法识别的整改状态“{text[:20]}”，应为 " + "、".join(MeasureStatus.labels))


def parse_kind(value, default: str = MeasureKind.DEADLINE) -> str:
    text = "".join(str(value or "").split())
    if not text:
        return default
    if text in _KIND_WORDS:
        return _KIND_WORDS[text]
    raise ValueProblem(f"无法识别的措施类型“{text[:20]}”，应为 " + "、".join(MeasureKind.labels))


def split_names(value) -> list[str]:
    """“办公室、财务科；人事科” → three names, as Excel cells list several departments."""
    text = str(value or "").strip()
    if not text:
        return []
    parts = re.split(r"[、,，;；/\n]+", text)
    seen: list[str] = []
    for p in parts:
        name = " ".join(p.split())
        if name and name not in seen:
            seen.append(name)
    return seen


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
