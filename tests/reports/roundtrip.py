"""Helpers for round-trip comparisons: the ledger's tree and figures vs. the parse of our text."""

from __future__ import annotations

import re

from zhenggai.parsing import Report
from zhenggai.reports.compose import (
    FindingData,
    ReportData,
    compute,
    heading_title,
    statuses,
    strip_marker,
)
from zhenggai.reports.figures import PARSED_STATUS


def _norm_measure(text: str) -> str:
    while (stripped := strip_marker(text)) != text:
        text = stripped
    return re.sub(r"[\s。；;，,]+", "", text)


def tree_of_ledger(data: ReportData) -> list:
    st = statuses(data)

    def node(f: FindingData):
        return (
            heading_title(f).strip().rstrip("。：:；;，,、 "),
            PARSED_STATUS[st[id(f)]] if f.counts else None,
            [_norm_measure(m.text) for m in f.measures] if not f.children else [],
            [node(c) for c in f.children],
        )

    return [node(f) for f in data.findings]


def tree_of_parse(report: Report) -> list:
    def node(f):
        return (
            f.title,
            f.status,
            [_norm_measure(m) for m in f.measures],
            [node(c) for c in f.children],
        )

    return [node(f) for f in report.findings]


def measures_match(ledger_tree: list, parsed_tree: list) -> list[str]:
    """Differences, as readable lines (empty when the trees agree)."""
    out: list[str] = []

    def cmp(a, b, path):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} children vs {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            p = f"{path}/{i + 1}"
            if x[0] != y[0]:
                out.append(f"{p}: title {x[0]!r} vs {y[0]!r}")
            if x[1] != y[1]:
                out.append(f"{p} {x[0][:20]}: status {x[1]} vs {y[1]}")
            if len(x[2]) != len(y[2]) or any(not pm.startswith(lm) for lm, pm in zip(x[2], y[2])):
                out.append(f"{p} {x[0][:20]}: measures {len(x[2])} vs {len(y[2])}")
            cmp(x[3], y[3], p)

    cmp(ledger_tree, parsed_tree, "")
    return out


def figures_diff(data: ReportData, report: Report) -> list[str]:
    fig = compute(data)
    st = report.statistics
    want = {"aspects": fig.aspects or None, "problems": fig.problems, "completed": fig.completed,
            "rules": data.outcomes.rules or None}
    got = {"aspects": st.aspects, "problems": st.problems, "completed": st.completed, "rules": st.rules}
    return [f"{k}: ledger {want[k]} vs parsed {got[k]}" for k in want if want[k] != got[k]]
