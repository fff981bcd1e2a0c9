"""The status a report states for one item.

Only the item's own words count, and only words about the item as a whole:
"已完成3座" is progress, "已全部整改到位" is a status. When a text states both
finished and unfinished, we do not guess.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import STATUS_COMPLETED, STATUS_COMPLETED_MORE, STATUS_ONGOING, STATUS_ONGOING_MORE
from .lexicon import STATUS_LONG_TERM as LONG_TERM  # the cues live in lexicon; re-exported here
from .model import Status

# One pattern per status, for callers that remove the cue words (measures.py).
COMPLETED = re.compile(f"{STATUS_COMPLETED.pattern}|{STATUS_COMPLETED_MORE.pattern}")
ONGOING = re.compile(f"{STATUS_ONGOING.pattern}|{STATUS_ONGOING_MORE.pattern}")

# --- the same cues, arranged for a fast yes/no --------------------------------------------
# status_of only asks whether a cue occurs. The lexicon's patterns open some alternatives
# with ^ or a punctuation class, which makes the regex engine try every position of an
# item's text; here every alternative opens with a literal (so the engine skips to the
# characters that can start one), and "at the start of a clause" is checked in Python on
# the few places a literal is found. (An alternative that opens with a group, as
# (?:甲|乙)…, already costs the engine that skip: expand such groups.) Each set says yes exactly when the lexicon's does
# (tests/parsing/test_own_meta.py compares them on the corpus and on generated text).
_END = r"(?=\s*[。；;]|$)"
_DONE_LABEL = r"\s*[：:]\s*(?:已完成|已整改|已办结|已销号|完成整改|整改完成)(?=\s*[。；;，,]|$)"
_OPEN_LABEL = r"\s*[：:]\s*(?:正在推进|推进中|持续推进|进行中|整改中|未完成|基本完成)(?=\s*[。；;，,]|$)"
_DONE_FAST = re.compile(
    r"已(?:(?:经)?(?:全部|按要求|全面|按期|如期)*(?:整改到位|完成整改|整改完成|整改完毕|办结|销号)(?![或和])"
    r"|完成[^。；，]{0,24}?(?:问题)?整改(?!工作|或|和)|完成(?:并长期坚持)?\s*[0-9]+\s*项"
    rf"|整改{_END}|(?:整改)?落实到位{_END})"
    r"|整改(?:已|均已|已经)(?:全部)?(?:完成|到位|办结|销号)|问题(?:已|均已|已经)(?:全部)?(?:完成|到位|办结|销号)"
    + "".join(f"|{label}{_DONE_LABEL}" for label in ("状态", "进展", "进度", "情况", "结果"))
)
_DONE_WHOLE = re.compile(r"(?:已完成|已整改)[。，]?$")  # the lexicon's ^…$ alternative
_DONE_CLAUSE = re.compile("|".join(f"{w}{_END}" for w in ("整改完成", "完成整改", "已完成", "整改完毕", "整改到位")))
_OPEN_FAST = re.compile(
    STATUS_ONGOING.pattern
    + "".join(f"|{label}{_OPEN_LABEL}" for label in ("状态", "进展", "进度", "情况"))
    + r"|整改(?:工作)?(?:正在)?进行中|正在进行整改|持续推进中|仍在推进中|正在推进中|尚在整改|仍在整改|还在整改"
    rf"|整改(?:工作)?(?:正在|仍在)(?:有序|持续|加快)?推进{_END}"
)
_OPEN_CLAUSE = re.compile(rf"尚未完成{_END}|未完成{_END}")
_LONG_FAST = re.compile(r"需(?:要)?长期坚持")
_LONG_CLAUSE = re.compile(r"长期坚持")


def _opens_clause(text: str, rx: re.Pattern[str], marks: str) -> bool:
    """A match of ``rx`` at the start of the text or after one of ``marks`` (spaces between)."""
    for m in rx.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k < 0 or text[k] in marks:
            return True
    return False


def _done(text: str) -> bool:
    if _DONE_FAST.search(text) or _DONE_WHOLE.match(text):
        return True
    # every clause word holds 完成, 完毕 or 到位
    return ("完" in text or "到位" in text) and _opens_clause(text, _DONE_CLAUSE, "。；;，,")


def _open(text: str) -> bool:
    return bool(_OPEN_FAST.search(text)) or "未完成" in text and _opens_clause(text, _OPEN_CLAUSE, "。；;，,")


def _long(text: str) -> bool:
    return "长期坚持" in text and (bool(_LONG_FAST.search(text)) or _opens_clause(text, _LONG_CLAUSE, "。；;，,：:"))


@lru_cache(maxsize=8192)
def status_of(text: str) -> Status | None:
    """completed / ongoing / long_term where the text says so unambiguously."""
    done = _done(text)
    open_ = _open(text)
    if done and open_:
        return None
    if done:
        return "completed"
    if open_:
        return "ongoing"
    if _long(text):
        return "long_term"
    return None
