"""Chinese numerals as official documents write them (一、十二、一百零五、一千零一十), for any size.

Pure Python (the parser's CLI uses it too). A problem may hold a thousand measures
(一千是…), so nothing here indexes a fixed table by the number.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五, 1000 → 一千, 10010 → 一万零一十 (any size).

    Headings and 一是… lists write them; a problem may hold a thousand measures.
    """
    if n < 0:
        return "负" + cn_number(-n)
    if n == 0:
        return _DIGITS[0]
    if n >= 10 ** (4 * len(_GROUP_UNITS)):
        return str(n)  # beyond 万亿: no document counts this far
    groups: list[int] = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out = ""
    zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero = bool(out)
            continue
        if out and (zero or g < 1000):
            out += "零"
        out += _cn_group(g, leading=not out) + _GROUP_UNITS[i]
        zero = False
    return out


_GROUP_UNITS = ("", "万", "亿", "万亿")


def _cn_group(g: int, leading: bool) -> str:
    """One group of four digits (1..9999): 一千零五, 三百一十; 十五 rather than 一十五 when it leads."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = g // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if unit == "十" and d == 1 and not out and leading else _DIGITS[d]) + unit
    return out
