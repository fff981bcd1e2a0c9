"""The workflow as a picture: an SVG drawn from states.TRANSITIONS, so the help page never disagrees with the rules.

States sit in a row in the order an item passes them (整改中 → 审核 stages → 已销号 / 长期坚持); each
transition is an arrow labelled with its verb and who may do it. Forward moves arc above the row,
moves back (退回, 重新打开, 反弹) below, and moves that stay in place loop above their state.
Django-free, like states.py.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from . import states

ORDER = [states.State.OPEN, states.State.PENDING_OFFICE, states.State.PENDING_LEADER, states.State.PENDING_ACCEPTANCE,
         states.State.CLOSED, states.State.LONG_TERM]
ROLE_NAMES = {states.OFFICE: "整改办", states.REPORTER: "填报人", states.LEADER: "分管领导",
              states.INSPECTION: "巡察办", states.SUPERVISOR: "纪检监督"}
BOX_W, BOX_H, GAP, STEP = 136, 58, 46, 26
TOP = 40 + STEP * 5 + 20
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _x(state: states.State) -> float:
    return 30 + ORDER.index(state) * (BOX_W + GAP) + BOX_W / 2


def _who(t: states.Transition) -> str:
    return "、".join(ROLE_NAMES[r] for r in sorted(t.roles))


def edges() -> list[tuple[states.State, states.State, str]]:
    """(from, to, label) for every (transition, target): the picture's content, testable without parsing SVG."""
    out = []
    for t in states.TRANSITIONS:
        for target in t.targets:
            out.append((t.source, target, f"{states.VERB_LABELS[t.verb]}（{_who(t)}）"))
    return out


def _merged() -> tuple[dict[tuple[states.State, states.State], list[str]], dict[states.State, list[str]]]:
    """Arrows between two states with all their labels; and, per state, the verbs that keep it."""
    arrows: dict[tuple[states.State, states.State], list[str]] = {}
    stays: dict[states.State, list[str]] = {}
    for source, target, label in edges():
        if source == target:
            verb = label.split("（")[0]
            stays.setdefault(source, [])
            if verb not in stays[source]:
                stays[source].append(verb)
        else:
            arrows.setdefault((source, target), []).append(label)
    return arrows, stays


def svg(current: states.State | None = None) -> str:
    """Forward arrows arc above the row, backward ones below; the higher the arc, the further it goes,
    so labels sit at different heights. Verbs that keep a state are written inside its box."""
    arrows, stays = _merged()
    width = 60 + len(ORDER) * (BOX_W + GAP) - GAP
    height = TOP + BOX_H + STEP * 5 + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="12" role="img" aria-label="整改流程图">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for (source, target), labels in arrows.items():
        i, j = ORDER.index(source), ORDER.index(target)
        span, forward = abs(j - i), j > i
        x1, x2 = _x(source) + (12 if forward else -12), _x(target) - (12 if forward else -12)
        rise = 14 + STEP * span  # the apex of the curve, above or below the boxes
        if forward:
            y0, ctrl, ty = TOP, TOP - 2 * rise, TOP - rise - 5
            colour = "#2e7d32" if target in (states.State.CLOSED, states.State.LONG_TERM) else "#1d4e89"
        else:
            y0, ctrl, ty = TOP + BOX_H, TOP + BOX_H + 2 * rise, TOP + BOX_H + rise + 15
            colour = "#b71c1c"
        mid = (x1 + x2) / 2
        parts.append(f'<path d="M{x1},{y0} Q{mid},{ctrl} {x2},{y0}" fill="none" stroke="{colour}" '
                     'stroke-width="1.4" marker-end="url(#arrow)"/>')
        text = "；".join(dict.fromkeys(labels))
        parts.append(f'<text x="{mid}" y="{ty}" text-anchor="middle" fill="{colour}" paint-order="stroke" '
                     f'stroke="#fff" stroke-width="4">{escape(text)}</text>')
    for s in ORDER:
        x = _x(s) - BOX_W / 2
        fill = "#fff3c4" if s == current else "#fff"
        parts.append(f'<rect x="{x}" y="{TOP}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#333"/>')
        parts.append(f'<text x="{_x(s)}" y="{TOP + 24}" text-anchor="middle" font-size="14" '
                     f'font-weight="bold">{escape(s.label)}</text>')
        if s in stays:
            parts.append(f'<text x="{_x(s)}" y="{TOP + 45}" text-anchor="middle" font-size="11" fill="#555">'
                         f'可{escape("、".join(stays[s]))}</text>')
    parts.append(f'<text x="30" y="{height - 12}" fill="#555">蓝色：向前推进；绿色：销号或转为长期坚持；'
                 '红色：退回或重新打开；框内：不改变状态的操作。谁可以办理见下表。</text>')
    parts.append("</svg>")
    return "".join(parts)
