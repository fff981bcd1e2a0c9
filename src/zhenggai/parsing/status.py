"""The status a report states for one item.

Only the item's own words count, and only words about the item as a whole:
"已完成3座" is progress, "已全部整改到位" is a status. When a text states both
finished and unfinished, we do not guess.
"""

from __future__ import annotations

import re

from .model import Status

COMPLETED = re.compile(
    r"已(?:经)?(?:全部|按要求|全面|按期|如期)*(?:整改到位|完成整改|整改完成|整改完毕|办结|销号)(?![或和])|"
    r"(?:整改|问题)(?:已|均已|已经)(?:全部)?(?:完成|到位|办结|销号)|已完成[^。；，]{0,24}?(?:问题)?整改(?!工作|或|和)|"
    r"^(?:已完成|已整改)[。，]?$|已完成(?:并长期坚持)?\s*[0-9]+\s*项"
)
ONGOING = re.compile(
    # "督促…抓紧推进整改" is an action; only 正在…整改 and the like state where an item stands.
    r"基本(?:整改)?(?:到位)|基本完成整改|整改(?:工作)?基本完成|正在(?:推进|抓紧|加快|有序推进|持续推进)?整改|整改(?:工作)?(?:正在|仍在)?推进中|"
    r"整改中|取得阶段性成效|阶段性进展|未完成整改|尚未完成整改|未整改到位|尚未整改|目前未完成|仍未完成|未能完成整改"
)
# "需长期坚持", or 长期坚持 opening a clause; "持续推进、长期坚持" closing a measure is its manner.
LONG_TERM = re.compile(r"需(?:要)?长期坚持|(?:^|[。；;，,：:])\s*长期坚持")


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
