"""The numbering styles of Chinese official documents.

GB/T 9704 prescribes 一、 （一） 1. （1） for the first four heading levels;
reports add ① and unnumbered 关于“…”问题 headings, and inside a paragraph
list measures as 一是…二是…. Which style stands for which level varies from
report to report, so styles are recognised here and ranked by the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import CIRCLED, CN, CN_DIGITS, NUMBERING_ROLES, NUMBERING_STYLES, SHI_NOT, SHI_STYLE, may_number_measure, opens_heading

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"\d+")

__all__ = ["CIRCLED", "CN", "CN_DIGITS", "Numbered", "cn_to_int", "number_value", "parse_numbering", "strip_numbering"]

_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# What each style may open (lexicon.NUMBERING_ROLES), as sets: one look-up per line.
_HEADING_STYLES = frozenset(s for s in NUMBERING_ROLES if opens_heading(s))
_MEASURE_STYLES = frozenset(s for s in NUMBERING_ROLES if may_number_measure(s))
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True, slots=True)
class Numbered:
    style: str
    value: int
    rest: str
    opens_heading: bool = False  # NUMBERING_ROLES: a heading candidate by its number alone
    may_be_measure: bool = False  # NUMBERING_ROLES: may number a measure

    @property
    def is_measure_mark(self) -> bool:
        """Only a measure mark (一是): never a heading by its number alone."""
        return not self.opens_heading


def cn_to_int(s: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23; enough for heading numbers."""
    s = s.strip()
    if not s:
        return 0
    if "百" in s:
        head, _, tail = s.partition("百")
        return cn_to_int(head or "一") * 100 + cn_to_int(tail)
    if "十" in s:
        head, _, tail = s.partition("十")
        return (_CN_VALUES.get(head, 1) if head else 1) * 10 + (_CN_VALUES.get(tail, 0) if tail else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CN_VALUES.get(ch, 0)
    return value


def number_value(text: str) -> int:
    if text.isdecimal():
        return int(text)  # ASCII and full-width digits alike
    text = text.translate(_FULLWIDTH)
    m = _RX0.search(text)
    if m:
        return int(m.group())
    if text and text[0] in CIRCLED:
        return CIRCLED.index(text[0]) + 1
    return cn_to_int(text)


# Every numbering opens with one of these characters: most lines are ruled out by one look-up.
_LEADS = frozenset("".join(first for _, _, first in NUMBERING_STYLES) + CN_DIGITS)


def parse_numbering(line: str) -> Numbered | None:
    """The numbering that opens a paragraph, or None."""
    if not line or line[0] not in _LEADS:
        return None
    return _parse_numbering(line)


# The patterns a line can match, by its first character, in the order of NUMBERING_STYLES.
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _style, _pat, _firsts in NUMBERING_STYLES:
    for _ch in _firsts:
        _BY_FIRST.setdefault(_ch, []).append((_style, _pat))


@lru_cache(maxsize=16384)
def _parse_numbering(line: str) -> Numbered | None:
    for style, pat in _BY_FIRST.get(line[0], ()):
        m = pat.match(line)
        if m:
            rest = line[m.end():].lstrip(" 　:：")
            return Numbered(style, number_value(m.group(1)), rest, style in _HEADING_STYLES, style in _MEASURE_STYLES)
    m = SHI_STYLE.match(line)
    if m and not line.startswith(SHI_NOT):
        return Numbered("shi", cn_to_int(m.group(1)), line[m.end():], "shi" in _HEADING_STYLES, "shi" in _MEASURE_STYLES)
    return None


def strip_numbering(line: str) -> str:
    n = parse_numbering(line)
    if n is None or not n.opens_heading:
        return line
    return n.rest
