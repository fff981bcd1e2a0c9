"""What ``zhenggai analyze`` finds in a folder of published reports.

One pass: every report is parsed and checked, every problem (a finding with no
sub-findings) is classified, and the problems are grouped across reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zhenggai.parsing import ParseError, parse_file
from zhenggai.quality import Checked, check_report

from .grouping import Group, group_titles
from .taxonomy import Classification, Taxonomy


@dataclass(frozen=True)
class Problem:
    title: str
    unit: str  # the organisation the report names, or its file when it names none
    source: str
    classification: Classification


@dataclass
class Survey:
    reports: list[Checked] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # source → unit
    problems: list[Problem] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def taxonomy_counts(self) -> list[tuple[str, int, int]]:
        """(class name, problems, units) in the taxonomy's order, empty classes included."""
        problems = Counter(p.classification.name for p in self.problems)
        units = {name: len({p.unit for p in self.problems if p.classification.name == name}) for name in problems}
        return [(name, problems[name], units.get(name, 0)) for name in self._class_names()]

    def _class_names(self) -> list[str]:
        seen = dict.fromkeys(p.classification.name for p in self.problems)
        return list(dict.fromkeys([*self.class_order, *seen]))

    class_order: tuple[str, ...] = ()  # the taxonomy's classes, so that empty ones are listed too


def survey(files: Iterable[Path], taxonomy: Taxonomy, advance: Callable[[], None] = lambda: None) -> Survey:
    result = Survey()
    result.class_order = tuple(k.name for k in taxonomy.classes.values())
    titles: list[tuple[str, str, str]] = []
    for path in files:
        try:
            reports = parse_file(path)
        except ParseError as e:
            result.errors.append(str(e))
            advance()
            continue
        for k, report in enumerate(reports):
            source = path.name if len(reports) == 1 else f"{path.name}（第{k + 1}篇）"
            unit = report.organization or report.title or source
            result.reports.append(check_report(report, source))
            result.units[source] = unit
            titles.extend((f.title, unit, source) for f in report.all_findings() if not f.children)
        advance()
    classes = taxonomy.classify_many([t for t, _, _ in titles])
    result.problems = [Problem(t, u, s, c) for (t, u, s), c in zip(titles, classes)]
    result.groups = group_titles([t for t, _, _ in titles])
    return result
