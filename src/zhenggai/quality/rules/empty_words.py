"""empty_words: a measure made only of stock phrases.

进一步加强、切实提高、认真落实 with nothing a checker could verify on site:
no act, date, count, document, meeting, person, place or body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Flag, Subject
from ..text import STOCK, is_concrete, quote, strip_marker
from .base import Rule

CODE = "empty_words"
MIN_CHARS = 8  # shorter than this is a heading fragment, not a measure
# A paragraph that states a shortcoming (有差距、有待进一步…) is the report's self-criticism, not a measure.
SHORTCOMING = re.compile(r"有差距|有待进一步|还不到位|认识不足|认识还不|存在不足")


def check(subject: Subject) -> Iterator[Flag]:
    for i, item in enumerate(subject.items):
        for j, measure in enumerate(item.measures):
            text = strip_marker(measure)
            if len(text) < MIN_CHARS or SHORTCOMING.search(text) or is_concrete(text):
                continue
            stock = [m.group(0) for m in STOCK.finditer(text)]
            if not stock:
                continue
            phrases = "、".join(dict.fromkeys(stock[:3]))
            yield Flag(
                CODE,
                f"本条措施只有“{phrases}”一类表述（“{quote(text)}”），没有具体行动、时间、数量、文件或会议，无法核查。"
                f"请写明做了什么、何时、由谁、形成了什么（如文件名称、会议、次数）。",
                item=i, measure=j, finding=item.finding,
            )


RULE = Rule(CODE, "空话套话", "措施只有“进一步加强、切实提高、认真落实”等套话，没有具体行动、时间、数量、文件、会议、人员、地点或单位。"
            "应写明可以核查的具体做法。", 15, check)
