"""Reading the values offices write in Excel: dates, statuses, kinds, name lists.

Plain Python (no Django models), so forms, import and tests share one set of rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from zhenggai.hygiene import formula_like

from .models.measures import MeasureKind, MeasureStatus


class ValueProblem(ValueError):
    """A cell cannot be read; the message is Chinese and names what was expected."""


_TRANS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_Y = r"(?:(?P<year>\d{4})\s*年?|(?P<rel>今年|本年|明年|当年|年))?"
_TAIL = r"(?:以前|之前|前|止|内)?(?:完成|办结)?"
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?" + _TAIL + "$")
_DAY = re.compile(r"^" + _Y + r"\s*(?P<month>\d{1,2}|十[一二]?|[一二两三四五六七八九])\s*月\s*(?P<day>\d{1,2})\s*[日号]" + _TAIL + "$")
_MONTH = re.compile(r"^(?:(?P<year>\d{4})\s*[-/.年]?|(?P<rel>今年|本年|明年))?\s*"
                    r"(?P<month>\d{1,2}|十[一二]?|[一二两三四五六七八九])\s*(?:月份?)?\s*(?P<end>底|末|中旬|上旬)?" + _TAIL + "$")
_REL_MONTH = re.compile(r"^(?P<which>本月|当月|下月|下个月|次月)?\s*(?:月)?(?:底|末)" + _TAIL + "$")
_YEAR = re.compile(r"^" + _Y + r"\s*(?:年)?(?P<part>底|末|年底|年末|上半年|下半年|全年)?(?:底|末)?" + _TAIL + "$")
_QUARTER = re.compile(r"^" + _Y + r"\s*(?P<which>本|下|第?[一二三四1-4])?\s*(?:个)?季度(?:末|底)?" + _TAIL + "$")
_LEAD = re.compile(r"^(?:完成时限|截止时间|截止日期|截止到|截止|截至|时限|于|在|到|至)\s*[:：]?\s*")


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_NUM[text]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_of(m: re.Match, today: dt.date) -> int:
    if m.group("year"):
        return int(m.group("year"))
    return today.year + 1 if m.group("rel") == "明年" else today.year


def parse_date(value, today: dt.date | None = None) -> dt.date | None:
    """A date as people write it, in a form field or an Excel cell.

    2026-12-31, 2026/12/31, 2026年12月31日, 2026年12月31日前, 2026年12月底, 2026年12月, 12月31日,
    6月30日前, 12月底, 本月底, 下月底, 2026年底, 年底, 明年底, 上半年, 下半年, 季度末, 三季度末, 2026年第三季度.
    A month, quarter, half-year or year means its last day; a trailing 前/以前/完成 changes nothing
    (the deadline is that day). Without a year, the year of ``today`` (default: the current date).
    Empty means no date. Anything else is a ValueProblem with a Chinese message.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    text = re.sub(r"\s+", "", raw.translate(_TRANS))
    if not text:
        return None
    text = _LEAD.sub("", text)
    today = today or dt.date.today()
    try:
        if m := _FULL.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY.match(text):
            return dt.date(_year_of(m, today), _month_number(m["month"]), int(m["day"]))
        if m := _REL_MONTH.match(text):
            year, month = today.year, today.month
            if m["which"] in ("下月", "下个月", "次月"):
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return _month_end(year, month)
        if (m := _MONTH.match(text)) and (m["end"] or "月" in text or re.match(r"^\d{4}[-/.]\d{1,2}$", text)):
            month = _month_number(m["month"])
            year = int(m["year"]) if m["year"] else (today.year + 1 if m["rel"] == "明年" else today.year)
            if m["end"] == "上旬":
                return dt.date(year, month, 10)
            if m["end"] == "中旬":
                return dt.date(year, month, 20)
            return _month_end(year, month)
        if (m := _QUARTER.match(text)) and "季度" in text:
            year, which = _year_of(m, today), (m["which"] or "本").lstrip("第")
            if which in ("本", "下"):
                q = (today.month - 1) // 3 + 1 + (which == "下")
                year, q = (year + 1, 1) if q == 5 else (year, q)
            else:
                q = int(which) if which.isdigit() else _CN_NUM[which]
            return _month_end(year, q * 3)
        if (m := _YEAR.match(text)) and (m["part"] or m["year"]):  # a bare 明年 is too vague to be a date
            return dt.date(_year_of(m, today), 6, 30) if m["part"] == "上半年" else dt.date(_year_of(m, today), 12, 31)
    except (ValueError, KeyError):
        raise ValueProblem(f"日期“{raw[:30]}”不存在") from None
    if "长期" in text or "持续" in text:
        raise ValueProblem(f"“{raw[:30]}”不是日期：长期坚持的措施请把措施类型选为“长期坚持”，完成时限留空")
    raise ValueProblem(f"无法识别的日期“{raw[:30]}”，可写作 2026-12-31、2026年12月31日、2026年12月底、6月30日前、年底、三季度末")


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
    """A sheet cell as text.

    Our .xlsx export keeps formula-like text (= + - @) as text with the cell's quotePrefix, so
    its value needs nothing undone. The CSV export instead puts an apostrophe in front
    (hygiene.spreadsheet_text); a sheet made from a CSV keeps that apostrophe, and it is taken
    off again here, only where it stands before such a character.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith("'") and formula_like(text[1:]):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
