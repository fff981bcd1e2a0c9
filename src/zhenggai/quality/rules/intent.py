"""intent_as_done: an item presented as completed whose text only states intentions.

Paper rectification often reads 已完成 over a paragraph of 将…、下一步…: the
office should see that nothing done is reported there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Flag, Subject
from ..text import DONE, INTENT, quote, strip_marker
from .base import Rule

CODE = "intent_as_done"
# The item's own claim (…已完成整改。) is what is being checked, not evidence of an act.
CLAIM = re.compile(r"[，,。；;]?\s*(?:目前|现)?(?:已|均已)?(?:全部)?(?:完成整改|整改完成|整改到位|完成)(?:并长期坚持)?[。；;]?\s*$")


def check(subject: Subject) -> Iterator[Flag]:
    for i, item in enumerate(subject.items):
        if not item.measures or not subject.presented_done(item):
            continue
        texts = [CLAIM.sub("", strip_marker(m)) for m in item.measures]
        if any(DONE.search(t) for t in texts):
            continue
        intents = [m for t in texts for m in [INTENT.search(t)] if m]
        if not intents:
            continue
        m = intents[0]
        t = next(t for t in texts if INTENT.search(t))
        evidence = quote(t[max(0, m.start() - 6): m.start() + 24])
        yield Flag(
            CODE,
            f"标为已完成，但措施只写了打算（“{evidence}”），没有写已做了什么。"
            f"请补充已完成的具体行动（时间、文件、会议、数量），或把状态改为正在整改。",
            item=i, finding=item.finding,
        )


RULE = Rule(CODE, "以计划代替完成", "标为已完成的问题，措施只有“将、拟、计划、下一步、待…后、正在”等打算，没有已完成的行动。"
            "应补充已做的事，或如实标为正在整改。", 40, check)
