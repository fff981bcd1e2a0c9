"""The shape of a rule."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Flag, Subject


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # 中文名称
    explanation: str  # what it means and what to do, for the legend of a report
    weight: int  # points off the item (or the report, for report-wide rules) per flag
    check: Callable[[Subject], Iterator[Flag]]
