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

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"\d+")


CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CN = f"[{CN_DIGITS}]{{1,4}}"

# Paragraph-leading numbering, most specific first. Each gives (style, number text).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("cn", re.compile(rf"^({CN})\s*[、．.，,](?!\d)")),
    ("pcn", re.compile(rf"^[（(]\s*({CN})\s*[）)]\s*[、．.]?")),
    ("feedback", re.compile(rf"^((?:反馈)?问题\s*(?:[0-9０-９]{{1,3}}|{CN}))\s*[：:]")),
    ("ar", re.compile(r"^([0-9０-９]{1,3})\s*(?:[．.](?![0-9０-９])|[、，,](?![0-9０-９])|\s(?=[\u4e00-\u9fff“\"《]))")),
    ("par", re.compile(r"^[（(]\s*([0-9０-９]{1,3})\s*[）)]\s*[、．.]?")),
    ("circ", re.compile(rf"^([{CIRCLED}])\s*[、．.]?")),
    ("rpar", re.compile(r"^([0-9０-９]{1,3})\s*[）)]")),
]



_SHI = re.compile(rf"^({CN})是")


@dataclass(frozen=True)
class Numbered:
    style: str
    value: int
    rest: str

    @property
    def is_measure_mark(self) -> bool:
        return self.style == "shi"


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
    text = text.translate(_FULLWIDTH)
    m = _RX0.search(text)
    if m:
        return int(m.group())
    if text and text[0] in CIRCLED:
        return CIRCLED.index(text[0]) + 1
    return cn_to_int(text)


# Every numbering opens with one of these characters: most lines are ruled out by one look-up.
_LEADS = frozenset("0123456789０１２３４５６７８９（(" + CN_DIGITS + CIRCLED + "反问")


def parse_numbering(line: str) -> Numbered | None:
    """The numbering that opens a paragraph, or None."""
    if not line or line[0] not in _LEADS:
        return None
    return _parse_numbering(line)


_STARTS = {
    "cn": CN_DIGITS, "pcn": "（(", "feedback": "反问", "ar": "0123456789０１２３４５６７８９",
    "par": "（(", "circ": CIRCLED, "rpar": "0123456789０１２３４５６７８９",
}
# The patterns a line can match, by its first character, in the order of _PATTERNS.
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _style, _pat in _PATTERNS:
    for _ch in _STARTS[_style]:
        _BY_FIRST.setdefault(_ch, []).append((_style, _pat))


@lru_cache(maxsize=16384)
def _parse_numbering(line: str) -> Numbered | None:
    for style, pat in _BY_FIRST.get(line[0], ()):
        m = pat.match(line)
        if m:
            rest = line[m.end():].lstrip(" 　:：")
            return Numbered(style, number_value(m.group(1)), rest)
    m = _SHI.match(line)
    if m and not line.startswith(("一是否", "是")):
        return Numbered("shi", cn_to_int(m.group(1)), line[m.end():])
    return None


def strip_numbering(line: str) -> str:
    n = parse_numbering(line)
    if n is None or n.style == "shi":
        return line
    return n.rest
