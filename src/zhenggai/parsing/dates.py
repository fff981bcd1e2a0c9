"""Dates as reports write them: full, partial, masked, and month-day only.

A month-day date (2月7日) takes the year written earlier in its sentence,
as a reader would; a masked part (X, *, ＊) ends what is known: 2020年X月
is the year 2020, ****年 is nothing. Formal documents also write dates in
Chinese numerals (二〇二四年三月五日, 十二月三十一日), and copies from web pages
in figures only (2024.3.5, 2024-03-05, 2024/3/5); all read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MASK = r"[XxＸ×*＊]{1,4}"
_NUM = r"[0-9０-９]{1,4}"
# Chinese numerals: a year digit by digit (二〇二四), a month or day as counted (十二, 二十八).
_CN_YEAR = r"[〇○零Ｏ一二三四五六七八九]{4}"
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_YEAR = rf"(?:{_NUM}|{_MASK}|{_CN_YEAR})"
_PART = rf"(?:{_NUM}|{_MASK})"
DATE = re.compile(
    rf"(?:(?P<y>{_YEAR})\s*年\s*)?(?P<m>{_PART}|{_CN_MONTH})\s*月\s*(?:(?P<d>{_PART}|{_CN_DAY})\s*[日号])?"
    rf"|(?P<yo>{_YEAR})\s*年(?!度|代|以来|底|初|末|间)"
    # 2024.3.5, 2024-03-05, 2024/3/5: one separator throughout, no digit or dot-digit after.
    rf"|(?<![0-9.．])(?P<ny>[12][0-9]{{3}})(?P<sep>[.．/\-])(?P<nm>[0-9]{{1,2}})(?P=sep)(?P<nd>[0-9]{{1,2}})(?![0-9]|[.．][0-9])"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGIT = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: str | None  # digits, "?" when masked, None when not written
    month: str | None
    day: str | None

    def iso(self, default_year: str | None = None) -> str | None:
        year = self.year if self.year is not None else default_year
        if year is None or year == "?" or len(year) != 4:
            return None
        out = year
        for part in (self.month, self.day):
            if part is None or part == "?":
                return out
            n = int(part)
            out += f"-{n:02d}"
        return out


def _norm(part: str | None) -> str | None:
    if part is None:
        return None
    part = part.translate(_FULLWIDTH)
    if part.isdigit():
        return part
    if part[0] in _CN_DIGIT or part[0] == "十":
        return _cn_number(part)
    return "?"


def _cn_number(part: str) -> str:
    """二〇二四 → 2024 (digit by digit); 十二 → 12, 二十八 → 28, 三十 → 30 (counted)."""
    if "十" not in part:
        return "".join(_CN_DIGIT[c] for c in part)
    tens, _, units = part.partition("十")
    return str(int(_CN_DIGIT[tens] if tens else "1") * 10 + int(_CN_DIGIT[units] if units else "0"))


def find_dates(sentence: str) -> list[DateMention]:
    """Every date in a sentence, with the year carried forward to month-day dates."""
    out: list[DateMention] = []
    last_year: str | None = None
    for m in DATE.finditer(sentence):
        if m.group("ny") is not None:
            y, mo, d = m.group("ny"), m.group("nm"), m.group("nd")
            if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
                continue
            last_year = y
            out.append(DateMention(m.start(), m.end(), y, mo, d))
            continue
        if m.group("yo") is not None:
            y = _norm(m.group("yo"))
            if y != "?" and len(y or "") != 4:
                continue
            last_year = y
            out.append(DateMention(m.start(), m.end(), y, None, None))
            continue
        y, mo, d = _norm(m.group("y")), _norm(m.group("m")), _norm(m.group("d"))
        if mo not in (None, "?") and not 1 <= int(mo) <= 12:
            continue
        if d not in (None, "?") and not 1 <= int(d) <= 31:
            continue
        if y is not None:
            if y != "?" and len(y) != 4:
                continue
            last_year = y
        else:
            y = last_year  # carried from earlier in the sentence
            if y is None:
                y = None
        out.append(DateMention(m.start(), m.end(), y, mo, d))
    return out
