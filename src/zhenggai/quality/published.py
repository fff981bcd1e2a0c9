"""From a parsed published report to the rules' input (the ledger builds its own Subject)."""

from __future__ import annotations

from dataclasses import dataclass

from zhenggai.parsing import Finding, Report

from .model import Flag, Item, StatedFigures, Subject
from .rules import run
from .score import Score, scores


def subject_of(report: Report) -> Subject:
    """Every finding node, depth first as the document reads, with the titles above it."""
    items: list[Item] = []

    def visit(node: Finding, above: tuple[str, ...]) -> None:
        items.append(Item(node.title, tuple(node.measures), node.status, above, not node.children, ref=len(items)))
        for child in node.children:
            visit(child, above + (node.title,))

    for top in report.findings:
        visit(top, ())
    st = report.statistics
    return Subject(tuple(items), StatedFigures(st.problems, st.completed, st.aspects), report.source)


@dataclass(frozen=True)
class Checked:
    """One report's result: the flags, its score and the scores of its items."""

    source: str | None
    organization: str | None
    subject: Subject
    flags: list[Flag]
    score: Score
    item_scores: dict[int, Score]

    def to_dict(self) -> dict:
        return {"source": self.source, "score": self.score.value, "flags": [f.to_dict() for f in self.flags]}


def check_report(report: Report, source: str | None = None) -> Checked:
    subject = subject_of(report)
    flags = run(subject)
    total, items = scores(subject, flags)
    return Checked(source or report.source, report.organization, subject, flags, total, items)
