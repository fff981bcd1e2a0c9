"""What the quality checks read and what they say.

Plain dataclasses, so that a published report (through the parser) and the
ledger (measures from the database) feed the same rules: a caller builds a
``Subject`` from whatever it holds and gets ``Flag`` objects back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Item:
    """One problem (or heading) with its measures, in document order.

    ``context`` holds the titles above it (aspect first), ``leaf`` says whether
    it is a problem of its own rather than a heading over problems, ``ref`` is
    the caller's handle (a node index, a database id) and is never read here.
    """

    finding: str
    measures: tuple[str, ...] = ()
    status: str | None = None  # "completed", "ongoing", "long_term" or unknown
    context: tuple[str, ...] = ()
    leaf: bool = True
    ref: Any = None


@dataclass(frozen=True)
class StatedFigures:
    """Totals the document states about itself (X个问题，已完成Y个)."""

    problems: int | None = None
    completed: int | None = None
    aspects: int | None = None


@dataclass(frozen=True)
class Subject:
    """A report or a unit's ledger: its items in order and what it says about them."""

    items: tuple[Item, ...]
    figures: StatedFigures = field(default_factory=StatedFigures)
    source: str | None = None

    @property
    def claims_all_done(self) -> bool:
        """The document says every problem is rectified (已全部完成整改 as figures)."""
        f = self.figures
        return bool(f.problems and f.completed is not None and f.completed >= f.problems)

    def presented_done(self, item: Item) -> bool:
        return item.status == "completed" or (item.status is None and item.leaf and self.claims_all_done)


@dataclass(frozen=True)
class Flag:
    """One finding of a rule: where (item and measure index, None = as a whole) and why, in Chinese."""

    rule: str
    message: str
    item: int | None = None  # index into Subject.items; None = the whole document
    measure: int | None = None  # 0-based index into that item's measures
    finding: str | None = None  # the item's title, for display

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "finding": self.finding, "measure": self.measure, "message": self.message}
