"""The registry of quality rules (整改质量体检规则).

Each rule is one module with a ``RULE`` and a ``check(subject)`` generator;
the registry keeps them in the order reports show them. A rule that applies to
ledger data as well keeps the same code there.
"""

from __future__ import annotations

from ..model import Flag, Subject
from .base import Rule


def _load() -> dict[str, Rule]:
    from . import copy_paste, empty_words, figures, intent, off_topic

    rules = [intent.RULE, empty_words.RULE, copy_paste.RULE, off_topic.RULE, figures.RULE]
    return {r.code: r for r in rules}


RULES: dict[str, Rule] = _load()


def run(subject: Subject, codes: list[str] | None = None) -> list[Flag]:
    """Every flag of the chosen rules (all by default), in item order, report-wide flags first."""
    flags: list[Flag] = []
    for code, rule in RULES.items():
        if codes is None or code in codes:
            flags.extend(rule.check(subject))
    flags.sort(key=lambda f: (-1 if f.item is None else f.item, -1 if f.measure is None else f.measure))
    return flags
