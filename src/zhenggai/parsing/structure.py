"""Levels decided from the whole findings part, before the tree is built.

Read one line at a time, a numbered line is ambiguous: （1） may open a problem
or number a measure, "关于…方面" may be an aspect or a sibling of the problems
under it, a bold first sentence may be a heading or the start of a measure. A
reader settles this by looking at the whole part: what follows each candidate
(a problem is followed by its 整改情况 and status, an aspect by other
headings, a measure by the next measure), whether the numbers run 1, 2, 3, and
whether the same shape recurs. This module collects every candidate heading
of the findings part first and decides from that evidence; the outline then
builds the tree with these decisions, and each doubtful one is said in words.

Everything here is one pass over the lines plus passes over the candidates:
linear in the size of the part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import (
    ASPECT_END,
    NAMES_ONLY_PROBLEM,
    SENTENCE_HEAD_HINT,
    ASPECT_LABEL_LINE,
    BODY_LABEL,
    INLINE_LABEL,
    LABEL_HEAD,
    LABEL_HEAD_WORDS,
    MEASURE_START,
    NAMES_PROBLEM,
    PROBLEM_END,
    PROBLEMISH,
    SHORTCOMING,
    may_number_measure,
)
from .numbering import parse_numbering

_END_OR_OPEN = re.compile(r"[。！？!?：:“《（(]")
_SENTENCE_END = "。！？!?"
_SHI_INSIDE = re.compile(r"[一二三四五六七八九十]是")
_ENDS_SENTENCE = re.compile(r"[。；;！!]$")
#: the longest first sentence taken as a problem heading (…的问题。text)
_SENTENCE_HEAD_MAX = 40
_COLON_WITHIN = 48  # BODY_LABEL, LABEL_HEAD and ASPECT_LABEL_LINE all end within this many characters


@lru_cache(maxsize=4096)
def first_sentence(text: str) -> tuple[str, str]:
    """Split at the first sentence end outside quotes: (sentence, rest)."""
    m = _END_OR_OPEN.search(text)
    if m is None:
        return text, ""
    if m.group() not in "“《（(":
        i = m.start()  # no quote or bracket before the first sentence end
        return text[:i], text[i + 1:]
    depth = 0
    for i, ch in enumerate(text):
        if ch in "“《（(":
            depth += 1
        elif ch in "”》）)":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _SENTENCE_END or ch in "：:"):
            return text[:i], text[i + 1:]
    return text, ""


@dataclass(slots=True)
class Candidate:
    """A line that may open a heading: its index, style, number and text."""

    index: int
    style: str
    value: int
    text: str


@dataclass
class Plan:
    """What the evidence decided, by line index, for the outline to apply."""

    measures: dict[int, str] = field(default_factory=dict)  # numbered lines that number measures → style
    heads: dict[int, str] = field(default_factory=dict)  # lines to open as headings → style
    cut: set[int] = field(default_factory=set)  # headings that end at their paragraph's first sentence
    label_heads: set[int] = field(default_factory=set)  # 队伍建设方面：… paragraphs taken as a level
    notes: list[str] = field(default_factory=list)  # the doubtful decisions, in Chinese


def _candidates(lines: list[str], plan: Plan) -> tuple[list[Candidate], list[int], bool]:
    """Every line that may open a heading, in one pass. On the way: the runs of 方面： label
    headings (two or more in a row under one item), and the paragraphs whose first sentence
    may be a problem heading (under a heading that is no problem, before any label)."""
    out: list[Candidate] = []
    run: list[int] = []
    after_label = False  # under 整改情况：/整改措施： the 方面 paragraphs group measures
    sentence_heads: list[int] = []
    heading: Candidate | None = None  # the last candidate
    heading_is_problem = False  # computed when a sentence head needs it
    heading_checked = False
    labelled = False  # a 整改情况： label since that candidate
    runs = False  # a 2 right after a 1 of a style that may number measures: a run to look at
    for i, line in enumerate(lines):
        num = parse_numbering(line)
        if num is not None:
            if num.opens_heading:
                if num.rest and not (num.may_be_measure and (MEASURE_START.match(num.rest) or BODY_LABEL.match(num.rest))):
                    if num.value == 2 and num.may_be_measure and heading is not None and heading.index == i - 1 and heading.style == num.style:
                        runs = True
                    heading = Candidate(i, num.style, num.value, num.rest)  # not （二）一是…, a measure list
                    out.append(heading)
                    heading_checked = labelled = False
                if len(run) >= 2:
                    plan.label_heads.update(run)
                run = []
                after_label = False
            continue
        # Labels (整改情况：) and label headings (队伍建设方面：) put their colon in the first words.
        colon = line.find("：", 0, _COLON_WITHIN) >= 0 or line.find(":", 0, _COLON_WITHIN) >= 0
        if line[:2] in ("关于", "针对"):
            heading = Candidate(i, "guanyu" if line.startswith("关于") else "zhendui", 0, line)
            out.append(heading)
            heading_checked = labelled = False
            if PROBLEM_END.search(first_sentence(line)[0]):
                if len(run) >= 2:
                    plan.label_heads.update(run)
                run = []
                after_label = False
                continue
        elif colon and len(line) <= 40 and "方面" in line and ASPECT_LABEL_LINE.search(line):
            heading = Candidate(i, "aspectlabel", 0, line)
            out.append(heading)
            heading_checked = labelled = False
        elif not labelled and SENTENCE_HEAD_HINT.search(line, 0, _SENTENCE_HEAD_MAX + 4) and _sentence_head(line):
            if heading is not None and not heading_checked:
                heading_is_problem = bool(NAMES_ONLY_PROBLEM.search(first_sentence(heading.text)[0].strip()))
                heading_checked = True
            if heading is None or not heading_is_problem:
                sentence_heads.append(i)
        if not colon:
            continue  # neither a label nor a label heading
        if BODY_LABEL.match(line):
            after_label = labelled = True
        elif not after_label and any(w in line for w in LABEL_HEAD_WORDS) and LABEL_HEAD.match(line):
            run.append(i)
    if len(run) >= 2:
        plan.label_heads.update(run)
    return out, sentence_heads, runs


def plan_structure(lines: list[str], kind: str = "report") -> Plan:
    """Decide, from the whole findings part, the lines whose role a single line cannot tell."""
    plan = Plan()
    cands, sentence_heads, runs = _candidates(lines, plan)
    if kind == "feedback":
        return plan  # a feedback document states problems, one sentence each: no measures to tell apart
    by_index = {c.index: c for c in cands}
    if runs:
        _measure_groups(lines, cands, by_index, plan)
    _unnumbered_aspects(lines, cands, by_index, plan)
    _aspect_labels(lines, cands, by_index, plan)
    _sentence_heads(lines, sentence_heads, plan)
    _first_sentence_titles(lines, cands, plan)
    _gaps(cands, plan)
    return plan


# --- a numbering style that numbers measures here -------------------------------------------

def _looks_like_heading(text: str) -> bool:
    """A heading names a problem (…的问题) or stands without a sentence end; a measure is a sentence."""
    if INLINE_LABEL.search(text) or BODY_LABEL.match(text):
        return True
    first, rest = first_sentence(text)
    if NAMES_PROBLEM.search(first.strip()) or PROBLEM_END.search(first.strip()) and not rest.strip():
        return True
    if rest.strip() and _SHI_INSIDE.match(rest.strip()):
        return True  # its own 一是… list follows its first sentence
    if rest.strip() and "，" not in first and SHORTCOMING.search(first):
        return True  # 理论学习不够深入。局党组…: a shortcoming stated, then what was done
    return not _ENDS_SENTENCE.search(text.rstrip())


def _measure_groups(lines: list[str], cands: list[Candidate], by_index: dict[int, Candidate], plan: Plan) -> None:
    """Runs of adjacent paragraphs numbered 1, 2, 3… in a style that may number measures,
    right under a problem (or its 整改情况： label), none with a body of its own and each a
    sentence, are that problem's measures — whatever the style does elsewhere."""
    n = len(lines)
    parent: Candidate | None = None  # the heading the next run would sit under
    groups: dict[str, list[str]] = {}  # style → the headings whose measures it numbers
    first_seen: dict[str, int] = {}
    for c in cands:
        first_seen.setdefault(c.style, c.index)
    k = 0
    while k < len(cands):
        c = cands[k]
        if c.value == 1 and may_number_measure(c.style) and parent is not None and parent.style != c.style:
            run = [c]
            while k + len(run) < len(cands):
                d = cands[k + len(run)]
                if d.index != run[-1].index + 1 or d.style != c.style or d.value != run[-1].value + 1:
                    break
                run.append(d)
            j = run[-1].index + 1
            after = lines[j] if j < n else ""
            owned = bool(after) and bool(
                BODY_LABEL.match(after) or MEASURE_START.match(after) or _new_style_below(by_index.get(j), first_seen, c)
            )
            if (
                len(run) >= 2
                and not owned
                and all(BODY_LABEL.match(lines[x]) for x in range(parent.index + 1, c.index))
                and (c.index > parent.index + 1 or NAMES_ONLY_PROBLEM.search(first_sentence(parent.text)[0].strip()))
                and not any(_looks_like_heading(r.text) for r in run)
            ):
                for r in run:
                    plan.measures[r.index] = r.style
                groups.setdefault(c.style, []).append(parent.text)
                k += len(run)
                continue
        parent = c
        k += 1
    for style, parents in groups.items():
        mark = _MARKS.get(style, style)
        plan.notes.append(f"将 {len(parents)} 组“{mark}”编号的段落认定为整改措施（其上为问题标题，各段为完整句子且其下没有措施）：{_names(parents)}")


def _names(texts: list[str], most: int = 6) -> str:
    """The headings a decision touched, by their opening words, so that the preview can mark each."""
    heads = [first_sentence(t)[0].strip() for t in texts[:most]]
    names = "、".join(f"“{h}”" if len(h) <= 20 else f"“{h[:18]}…”" for h in heads)
    return names + ("等" if len(texts) > most else "")


_MARKS = {"ar": "1.", "par": "（1）", "circ": "①", "rpar": "1）", "pcn": "（一）", "cn": "一、"}


def _new_style_below(d: Candidate | None, first_seen: dict[str, int], c: Candidate) -> bool:
    """The line after the run opens a heading in a style not seen before: a child of the last member."""
    return d is not None and first_seen[d.style] >= c.index


# --- unnumbered 关于…方面 above 关于…问题 ------------------------------------------------------

def _unnumbered_aspects(lines: list[str], cands: list[Candidate], by_index: dict[int, Candidate], plan: Plan) -> None:
    """关于/针对 headings ending in 方面, each followed straight by another heading, are a level
    above the 关于…问题 headings beside them (one style would make them siblings)."""
    aspects = []
    problems = 0
    for c in cands:
        if c.style not in ("guanyu", "zhendui"):
            continue
        first = first_sentence(c.text)[0].strip()
        nxt = by_index.get(c.index + 1)
        if ASPECT_END.search(first) and len(c.text) <= 40 and nxt is not None:
            aspects.append(c)
        elif PROBLEM_END.search(first):
            problems += 1
    if aspects and problems >= len(aspects):
        for c in aspects:
            plan.heads[c.index] = "guanyuaspect"
        plan.notes.append(f"将 {len(aspects)} 个未编号的“关于……方面”作为上一层级（其后紧接问题标题）：{_names([c.text for c in aspects])}")


# --- "XX方面：" standing alone over numbered problems ---------------------------------------

def _aspect_labels(lines: list[str], cands: list[Candidate], by_index: dict[int, Candidate], plan: Plan) -> None:
    """A "XX方面：" line alone, followed by a numbered heading, opens a level even after the
    previous problem's 整改情况 — when the report does this at least twice."""
    found = [c for c in cands if c.style == "aspectlabel" and by_index.get(c.index + 1) is not None
             and by_index[c.index + 1].style not in ("aspectlabel",)]
    if len(found) >= 2:
        for c in found:
            plan.heads[c.index] = "aspectlabel"


# --- problems stated as a paragraph's unnumbered first sentence ------------------------------

def _sentence_head(line: str) -> bool:
    if not line or line[0] in "“\"" or BODY_LABEL.match(line) or MEASURE_START.match(line):
        return False
    first, rest = first_sentence(line)
    first = first.strip()
    if not rest.strip() or len(first) > _SENTENCE_HEAD_MAX or len(first) < 6:
        return False
    end = len(first)
    return end < len(line) and line[end] in "。！" and bool(NAMES_PROBLEM.search(first)) and "，" not in first


def _sentence_heads(lines: list[str], found: list[int], plan: Plan) -> None:
    """Unnumbered paragraphs whose short first sentence names a problem (…的问题。what was done),
    under a heading that is not itself a problem and with no 整改情况： label between, are
    problem headings — when at least two stand so in the part (found by _candidates)."""
    if len(found) >= 2:
        for i in found:
            plan.heads[i] = "sentencehead"
        plan.notes.append(f"将 {len(found)} 个未编号段落的首句作为问题标题，其后文字作为整改措施：{_names([lines[i] for i in found])}")


# --- numbered headings that are their paragraph's first sentence ---------------------------

_BEFORE_END = re.compile(r"[“”《（(：:？?，,]")


def _shape(text: str) -> int:
    """2: a short first sentence stating a shortcoming, then what was done, in one paragraph;
    1: the same shape without a shortcoming word; 0: neither."""
    end = text.find("。", 0, _SENTENCE_HEAD_MAX + 1)
    if end < 4 or len(text) - end < 9:
        return 0  # no sentence end early enough, or too little after it
    if _BEFORE_END.search(text, 0, end) or len(text[end + 1:].strip()) < 8 or INLINE_LABEL.search(text):
        return 0  # a plain short sentence only; the outline splits an inline 整改情况： label itself
    return 2 if PROBLEMISH.search(text, 0, end) else 1


def _before_label(lines: list[str], i: int) -> bool:
    """The next line is 整改情况：…: the paragraph is all heading (its 一是… lists sub-problems)."""
    return i + 1 < len(lines) and bool(BODY_LABEL.match(lines[i + 1]))


def _first_sentence_titles(lines: list[str], cands: list[Candidate], plan: Plan) -> None:
    """When most headings of a style are "shortcoming. what was done" paragraphs (1.理论学习不够
    深入。局党组…), each such heading ends at its first sentence and the rest is its text —
    one paragraph read alone could as well be a long title."""
    by_style: dict[str, list[Candidate]] = {}
    for c in cands:
        if c.index not in plan.measures and c.value:
            by_style.setdefault(c.style, []).append(c)
    for style, group in by_style.items():
        shapes = [_shape(c.text) for c in group]
        strict = shapes.count(2)
        shaped = [c for c, k in zip(group, shapes) if k and not _before_label(lines, c.index)] if strict >= 2 else []
        # …的问题。 headings are cut by the outline anyway; at least two others must need the cut.
        needing = sum(1 for c in shaped if not NAMES_ONLY_PROBLEM.search(first_sentence(c.text)[0].strip()))
        if needing >= 2 and 2 * strict >= len(group):
            plan.cut.update(c.index for c in shaped)
            mark = _MARKS.get(style, style)
            plan.notes.append(f"{len(shaped)} 个“{mark}”标题取自段落首句，其后文字作为整改措施：{_names([c.text for c in shaped])}")


# --- numbers that do not run on --------------------------------------------------------------

def _gaps(cands: list[Candidate], plan: Plan) -> None:
    """Headings of one style whose numbers skip (1. 2. 4.) under one parent: one may be lost."""
    last: dict[str, int] = {}
    pos: dict[str, int] = {}
    order: list[str] = []  # styles in the order first seen: outer to inner
    measures = plan.measures
    for c in cands:
        value = c.value
        if not value or measures and c.index in measures:
            continue
        style = c.style
        p = pos.get(style)
        if p is None:
            pos[style] = len(order)
            order.append(style)
        elif p + 1 < len(order):
            for s in order[p + 1:]:
                last.pop(s, None)  # a new parent: the styles below count afresh
        prev = last.get(style)
        if prev is not None and value != prev + 1 and value != 1:
            mark = _MARKS.get(style, style)
            plan.notes.append(f"“{mark}”编号的标题不连续（{prev} 之后为 {value}：{_names([c.text])}），可能漏识或多识了标题")
            return
        last[style] = value
