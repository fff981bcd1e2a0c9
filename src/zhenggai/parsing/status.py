"""The status a report states for one item.

Only the item's own words count, and only words about the item as a whole:
"已完成3座" is progress, "已全部整改到位" is a status. When a text states both
finished and unfinished, we do not guess.
"""

from __future__ import annotations

from functools import lru_cache

import re

from .lexicon import STATUS_COMPLETED, STATUS_COMPLETED_MORE, STATUS_ONGOING, STATUS_ONGOING_MORE
from .lexicon import STATUS_LONG_TERM as LONG_TERM  # the cues live in lexicon; re-exported here
from .model import Status

# One pattern per status: a search over the item's text runs once, not once per list.
COMPLETED = re.compile(f"{STATUS_COMPLETED.pattern}|{STATUS_COMPLETED_MORE.pattern}")
ONGOING = re.compile(f"{STATUS_ONGOING.pattern}|{STATUS_ONGOING_MORE.pattern}")


@lru_cache(maxsize=8192)
def status_of(text: str) -> Status | None:
    """completed / ongoing / long_term where the text says so unambiguously."""
    done = bool(COMPLETED.search(text))
    open_ = bool(ONGOING.search(text))
    if done and open_:
        return None
    if done:
        return "completed"
    if open_:
        return "ongoing"
    if LONG_TERM.search(text):
        return "long_term"
    return None
