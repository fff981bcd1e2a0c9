"""整改质量体检: rules that tell a reported rectification from paper.

Pure Python, like the parser: the command line checks published reports and
the ledger checks its own measures with the same rule code. A caller builds a
``Subject`` (items = problem title + measures + status, in order) and calls
``run``; ``check_report`` does it for a parsed report.

    >>> from zhenggai.quality import Item, Subject, run
    >>> [f.rule for f in run(Subject((Item("公务接待不规范", ("进一步加强管理，切实提高认识。",)),)))]
    ['empty_words']
"""

from __future__ import annotations

from .model import Flag, Item, StatedFigures, Subject
from .published import Checked, check_report, subject_of
from .rules import RULES, Rule, run
from .score import Score, item_score, scores

__all__ = [
    "RULES",
    "Checked",
    "Flag",
    "Item",
    "Rule",
    "Score",
    "StatedFigures",
    "Subject",
    "check_report",
    "item_score",
    "run",
    "scores",
    "subject_of",
]
