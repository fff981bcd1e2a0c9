"""inconsistent_figures: figures of one document that disagree.

The stated totals against each other and against the items (已完成8个 with 7
items marked completed), an amount of money stated twice with different
values, a document dated before the year of its own number. Each is a sign
that the text was assembled rather than reported, and a reader will ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Flag, Subject
from ..text import CJK, quote, strip_marker
from .base import Rule

CODE = "inconsistent_figures"

AMOUNT = re.compile(rf"([{CJK}]{{8,}})(?:共计|合计|共|计)?([0-9]+(?:\.[0-9]+)?)(亿元|万元|元)")
UNIT = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
YEAR = re.compile(r"20[0-9]{2}年")
CONTEXT = 8  # identical characters before an amount that make two amounts the same thing
DATED_DOCUMENT = re.compile(
    r"(?P<year>20[0-9]{2})年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?[^。；;]{0,40}?(?:印发|出台|制定|下发|发布|修订)(?:了)?"
    r"[^。；;]{0,20}?《(?P<title>[^《》]{2,60})》[（(][^（）()]{0,20}?〔(?P<number>20[0-9]{2})〕"
)


def _totals(subject: Subject) -> Iterator[Flag]:
    f = subject.figures
    if f.problems is not None and f.completed is not None and f.completed > f.problems:
        yield Flag(CODE, f"报告称共{f.problems}个问题，却称已完成{f.completed}个，完成数多于问题数。请核对两个数字。")
        return
    leaves = [it for it in subject.items if it.leaf and it.measures]
    if f.completed is None or f.problems is None or len(leaves) != f.problems:
        return  # the items are not the whole account: nothing to count against
    done = sum(1 for it in leaves if it.status == "completed")
    long_term = sum(1 for it in leaves if it.status == "long_term")
    # With some items silent about their status, only more items done than the total says is a contradiction.
    unknown = any(it.status is None for it in leaves)
    if (unknown and done > f.completed) or (not unknown and f.completed not in (done, done + long_term)):
        items_say = f"逐项写明已完成的却有{done}个，多于统计数" if done > f.completed else f"逐项写明已完成的只有{done}个"
        yield Flag(
            CODE,
            f"报告称{f.problems}个问题中已完成{f.completed}个，但{items_say}"
            + (f"（另有长期坚持{long_term}个）" if long_term else "")
            + "。请核对统计数字与逐项情况。",
        )


def _amounts(subject: Subject) -> Iterator[Flag]:
    """The same thing (same words before it, same years in its sentence) with two amounts in two places."""
    seen: dict[tuple[str, frozenset[str]], tuple[float, str, int, int]] = {}
    for i, item in enumerate(subject.items):
        for j, measure in enumerate(item.measures):
            text = strip_marker(measure)
            for m in AMOUNT.finditer(text):
                sentence_start = max(text.rfind(p, 0, m.start()) for p in "。；;") + 1
                years = frozenset(YEAR.findall(text, sentence_start, m.start(2)))
                key = (m.group(1)[-CONTEXT:], years)
                value = float(m.group(2)) * UNIT[m.group(3)]
                said = m.group(2) + m.group(3)
                if key not in seen:
                    seen[key] = (value, said, i, j)
                    continue
                first_value, first, where_item, where_measure = seen[key]
                if (where_item, where_measure) == (i, j) or abs(first_value - value) <= 0.5:
                    continue
                yield Flag(
                    CODE,
                    f"同一笔款项前后说法不一：前文（问题“{quote(subject.items[where_item].finding, 20)}”）写“{key[0]}{first}”，"
                    f"此处写“{key[0]}{said}”。请核对金额，统一口径。",
                    item=i, measure=j, finding=item.finding,
                )


def _dated_documents(subject: Subject) -> Iterator[Flag]:
    for i, item in enumerate(subject.items):
        for j, measure in enumerate(item.measures):
            for m in DATED_DOCUMENT.finditer(strip_marker(measure)):
                year, number = int(m.group("year")), int(m.group("number"))
                if number > year:
                    yield Flag(
                        CODE,
                        f"文件《{quote(m.group('title'), 24)}》写于{year}年，文号却是〔{number}〕，早于其文号年份。"
                        f"请核对印发时间或文号。",
                        item=i, measure=j, finding=item.finding,
                    )


def check(subject: Subject) -> Iterator[Flag]:
    yield from _totals(subject)
    yield from _amounts(subject)
    yield from _dated_documents(subject)


RULE = Rule(CODE, "数据前后矛盾", "报告中的数字互相矛盾：统计数与逐项情况不符、同一金额前后不一、文件印发时间早于其文号年份。"
            "应核对并统一。", 10, check)
