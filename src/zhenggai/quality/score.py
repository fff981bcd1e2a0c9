"""A 0–100 score per item and per document, with the rules that cost the points.

Each flag takes its rule's weight off its item (an item never goes below 0);
the document's score is the mean of its items' scores less the weights of the
flags on the document as a whole. Nothing else enters, so every lost point is
explained by a flag the reader can see.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Flag, Subject
from .rules import RULES


@dataclass(frozen=True)
class Score:
    value: int
    costs: dict[str, int] = field(default_factory=dict)  # rule code → points lost

    def explain(self) -> str:
        if not self.costs:
            return f"{self.value} 分"
        parts = "、".join(f"{RULES[c].name} −{p}" for c, p in sorted(self.costs.items(), key=lambda kv: -kv[1]))
        return f"{self.value} 分（{parts}）"


def item_score(flags: list[Flag]) -> Score:
    costs: Counter[str] = Counter()
    for f in flags:
        costs[f.rule] += RULES[f.rule].weight
    lost = sum(costs.values())
    return Score(max(0, 100 - lost), dict(costs))


def scores(subject: Subject, flags: list[Flag]) -> tuple[Score, dict[int, Score]]:
    """The document's score and each item's (items with measures only)."""
    by_item: dict[int, list[Flag]] = {}
    for f in flags:
        if f.item is not None:
            by_item.setdefault(f.item, []).append(f)
    items = {i: item_score(by_item.get(i, [])) for i, it in enumerate(subject.items) if it.measures or i in by_item}
    costs: Counter[str] = Counter()
    mean = 100.0
    if items:
        mean = sum(s.value for s in items.values()) / len(items)
        for s in items.values():
            for code, points in s.costs.items():
                costs[code] += points
        # Item points are averaged, so are their costs: the parts add up to what was lost.
        costs = Counter({c: p / len(items) for c, p in costs.items()})
    for f in flags:
        if f.item is None:
            costs[f.rule] += RULES[f.rule].weight
    report_lost = sum(RULES[f.rule].weight for f in flags if f.item is None)
    value = max(0, round(mean - report_lost))
    shown = {c: round(p) for c, p in costs.items() if round(p)}
    return Score(value, shown), items
