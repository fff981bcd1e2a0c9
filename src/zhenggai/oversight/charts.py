"""The dashboard's SVG charts, drawn like supervision.charts (matplotlib, text kept as text)."""

from __future__ import annotations

import matplotlib

from zhenggai.supervision import charts as base


def rate_bars(rs) -> str:
    """完成率（按问题） per unit, lowest first; red where measures are overdue."""
    rs = sorted(rs, key=lambda r: r.figures.rate)
    names = [r.unit.name for r in rs]
    # An organisation inspected in two rounds appears twice: the round tells its bars apart.
    label = lambda r: (f"{r.unit.name}（{r.unit.inspection.round or r.unit.inspection.name}）"  # noqa: E731
                       if names.count(r.unit.name) > 1 else r.unit.name)
    return base._rates(tuple((label(r), r.figures.rate, r.overdue) for r in rs), "各单位完成率（按问题）",
                       "完成率（按问题，%）")


def trend_line(points) -> str:
    """Measures closed per month (bars) and the cumulative 完成率（按措施） (line)."""
    with base._lock, matplotlib.rc_context(base.RC):
        fig = base.Figure(figsize=(7.5, 3.2))
        ax = fig.subplots()
        xs = list(range(len(points)))
        ax.bar(xs, [n for _, n, _ in points], color=base.BLUE)
        ax.set_xticks(xs, [k[2:] for k, _, _ in points], fontsize=8)
        ax.set_ylabel("当月销号措施")
        ax2 = ax.twinx()
        ax2.plot(xs, [float(r) for _, _, r in points], color=base.GREEN, marker="o")
        ax2.set_ylim(0, 105)
        ax2.set_ylabel("累计完成率（按措施，%）")
        ax.set_title("逐月整改进度", loc="left", fontsize=11)
        return base._svg(fig)


def opinion_bars(rs) -> str:
    """群众意见 per unit, answered and not yet answered; units that received none are named with a note."""
    rs = sorted(rs, key=lambda r: (r.opinions.received, r.unit.name))
    names = [r.unit.name for r in rs]
    # The mark goes first: long names are shortened at the end.
    labels = [("【无意见】" if r.opinions.none else "") + (f"{r.unit.name}（{r.unit.inspection.round or r.unit.inspection.name}）"
               if names.count(r.unit.name) > 1 else r.unit.name) for r in rs]
    return base.stacked_bars(labels, [("已答复", [r.opinions.answered for r in rs], base.GREEN),
                                      ("未答复", [r.opinions.open for r in rs], base.AMBER)],
                             "各单位收到的群众意见", "件")
