"""Dates as reports write them: full, partial, masked, and month-day only.

A month-day date (2月7日) takes the year written earlier in its sentence,
as a reader would; a masked part (X, *, ＊) ends what is known: 2020年X月
is the year 2020, ****年 is nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MASK = r"[XxＸ×*＊]{1,4}"
_NUM = r"[0-9０-９]{1,4}"
_PART = rf"(?:{_NUM}|{_MASK})"
DATE = re.compile(
    rf"(?:(?P<y>{_PART})\s*年\s*)?(?P<m>{_PART})\s*月\s*(?:(?P<d>{_PART})\s*[日号])?"
    rf"|(?P<yo>{_PART})\s*年(?!度|代|以来|底|初|末|间)"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


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
    return part if part.isdigit() else "?"


def find_dates(sentence: str) -> list[DateMention]:
    """Every date in a sentence, with the year carried forward to month-day dates."""
    out: list[DateMention] = []
    last_year: str | None = None
    for m in DATE.finditer(sentence):
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
