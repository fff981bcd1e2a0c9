"""Server-side charts as SVG (matplotlib, Agg): no JavaScript library, no CDN.

No CJK font is installed on most servers and nothing is installed at run time,
so the SVG keeps text as <text> (svg.fonttype 'none') with a font-family list:
the reader's browser draws the Chinese with whatever CJK font it has.
"""

from __future__ import annotations

import functools
import io
import threading
import warnings as py_warnings
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

FONTS = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "DejaVu Sans"]
GREEN, BLUE, GREY, RED, AMBER = "#2e7d32", "#1565c0", "#b0bec5", "#c62828", "#f9a825"
LABEL_CHARS = 16
# matplotlib's rcParams are process-wide; one chart at a time under a threaded server.
_lock = threading.Lock()


RC = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "zhenggai",  # stable ids: the same data gives the same bytes
}


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _text_width(label: str, size: float = 10) -> float:
    """Width in points as a browser draws it: a CJK glyph is one em, Latin about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in label)


def _figure(labels: Sequence[str], rows: int, width: float = 7.5, bottom: float = 0.55, top: float = 0.4) -> Figure:
    """A figure whose margins are computed from the labels, not measured by matplotlib.

    Without a CJK font matplotlib measures Chinese with fallback metrics that are
    too narrow, so bbox_inches='tight' would crop the labels the browser draws."""
    height = top + bottom + 0.38 * max(1, rows)
    fig = Figure(figsize=(width, height))
    left = (max((_text_width(lb) for lb in labels), default=0) + 14) / (width * 72)
    fig.subplots_adjust(left=min(left, 0.5), right=0.96, bottom=bottom / height, top=1 - top / height)
    return fig


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with py_warnings.catch_warnings():
        # Without a CJK font installed, matplotlib measures Chinese with fallback metrics and
        # says so for every glyph; the browser draws the real font, so the warning is noise.
        py_warnings.simplefilter("ignore", UserWarning)
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def stacked_bars(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]], title: str = "", unit: str = "条"
) -> str:
    """Horizontal stacked bars, one per label; series = (name, values, colour); values shown inside."""
    return _stacked(tuple(labels), tuple((n, tuple(v), c) for n, v, c in series), title, unit)


# Same figures → same SVG: a dashboard reloaded by several people draws each chart once.
@functools.lru_cache(maxsize=128)
def _stacked(labels: tuple, series: tuple, title: str, unit: str) -> str:
    with _lock, matplotlib.rc_context(RC):
        shown = [_short(lb) for lb in labels]
        fig = _figure(shown, len(labels), bottom=0.85)
        ax = fig.subplots()
        ys = list(range(len(labels)))[::-1]
        left = [0] * len(labels)
        for name, values, colour in series:
            bars = ax.barh(ys, values, left=left, color=colour, label=name, height=0.6)
            for bar, v in zip(bars, values):
                if v:
                    ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(v),
                            ha="center", va="center", fontsize=8, color="white" if colour != GREY else "#333")
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(ys, shown)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of measures: no 0.5 ticks
        ax.set_xlabel(unit, loc="right")
        if title:
            ax.set_title(title, loc="left", fontsize=11)
        # Legend in the figure's bottom margin, clear of the axis label.
        fig.legend(loc="lower center", ncol=len(series), frameon=False, fontsize=9)
        return _svg(fig)


def progress_bars(buckets, title: str = "") -> str:
    """Completed / long-term / open on time / overdue per bucket (aspect, department or unit)."""
    labels = [b.label for b in buckets]
    return stacked_bars(
        labels,
        [
            ("已完成", [b.completed for b in buckets], GREEN),
            ("长期坚持", [b.long_term for b in buckets], BLUE),
            ("未到期", [b.open_on_time for b in buckets], GREY),
            ("逾期", [b.overdue for b in buckets], RED),
        ],
        title,
    )


def status_bars(statuses: Sequence[tuple[str, str, int]], overdue: int, title: str = "") -> str:
    """Status distribution, with the overdue subset as its own bar (it stays counted as open)."""
    colours = {"completed": GREEN, "long_term": BLUE, "in_progress": AMBER, "not_started": GREY}
    items = tuple((label, n, colours.get(code, AMBER)) for code, label, n in statuses) + (("其中：逾期", overdue, RED),)
    return _status(items, title)


@functools.lru_cache(maxsize=128)
def _status(items: tuple, title: str) -> str:
    with _lock, matplotlib.rc_context(RC):
        fig = _figure([label for label, _, _ in items], len(items), width=6)
        ax = fig.subplots()
        ys = list(range(len(items)))[::-1]
        bars = ax.barh(ys, [n for _, n, _ in items], color=[c for _, _, c in items], height=0.6)
        ax.set_yticks(ys, [label for label, _, _ in items])
        for bar, (_, n, _) in zip(bars, items):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {n}", va="center", fontsize=9)
        ax.set_xlabel("条", loc="right")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.12)
        if title:
            ax.set_title(title, loc="left", fontsize=11)
        return _svg(fig)


def rate_bars(buckets, title: str = "") -> str:
    """完成率（按措施） per unit (round overview), overdue count written beside each bar."""
    return _rates(tuple((b.label, b.rate, b.overdue) for b in sorted(buckets, key=lambda b: b.rate)), title)


@functools.lru_cache(maxsize=32)
def _rates(ordered: tuple, title: str, xlabel: str = "完成率（按措施，%）") -> str:
    with _lock, matplotlib.rc_context(RC):
        fig = _figure([_short(label) for label, _, _ in ordered], len(ordered))
        ax = fig.subplots()
        ys = list(range(len(ordered)))
        bars = ax.barh(ys, [float(rate) for _, rate, _ in ordered], color=[RED if od else GREEN for _, _, od in ordered], height=0.6)
        ax.set_yticks(ys, [_short(label) for label, _, _ in ordered])
        for bar, (_, rate, od) in zip(bars, ordered):
            note = f" {rate}%" + (f"（逾期 {od}）" if od else "")  # as the pages print it
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, note, va="center", fontsize=9)
        ax.set_xlim(0, 125)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title, loc="left", fontsize=11)
        return _svg(fig)
