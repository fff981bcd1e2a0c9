"""The part of a problem title that says what the problem is.

Titles come wrapped: 关于“…”问题的整改情况, 针对…的问题, 整改任务：…, numbering.
The wrapping is the same everywhere, so it is taken off before titles are
compared or classified.
"""

from __future__ import annotations

import re

_WRAPPING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十0-9]{1,3}[）)、.．]\s*)?(?:整改任务[：:]|反馈问题[0-9一二三四五六七八九十]*[：:]|问题[0-9一二三四五六七八九十]+[：:])?"
    r"(?:关于|针对|在)?"
)
_TAIL = re.compile(r"(?:方面)?(?:的|等)?(?:问题)?(?:的)?(?:整改落实情况|整改情况|整改进展情况|的整改|整改)?[。；]?$")
_QUOTES = re.compile(r"[“”\"‘’「」]")


def core(title: str) -> str:
    text = _QUOTES.sub("", title.strip())
    text = _WRAPPING.sub("", text, count=1)
    text = _TAIL.sub("", text, count=1)
    return text.strip(" ，,。：:") or title.strip()
