"""The findings tree: which part of a report lists the fed-back problems, and
how its headings nest.

Reports follow one genre but not one template. The part that reports the
rectification of each fed-back problem is found by what its heading says
(反馈…问题…整改), not by its number; inside it, a numbering style takes the
level at which it first appears, as a reader would assume, because one report
uses 1. for problems and another for aspects. Unnumbered 关于“…”问题 and
针对“…”问题 headings and 整改任务： labels are styles of their own. What one
line cannot tell (is this （1） a problem or a measure?) the structure step
(structure.py) has decided beforehand from the whole part; the cue words are
in lexicon.py, and which numbering may open a heading or a measure is its
NUMBERING_ROLES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Finding
from .numbering import Numbered, parse_numbering
from .labels import BODY_LABEL, DESCRIPTION_LABEL, PLAN_FIELD
from .measures import split_measures
from .status import status_of
from .plan import attach_tasks
from .structure import first_sentence as _first_sentence
from .structure import plan_structure
from .lexicon import (
    may_name_heading,
    ACTION_START,
    ASPECT_LABEL_LINE,
    BARE_PROBLEM,
    GROUP_COMPLETED,
    GROUP_HINTS,
    GROUP_LONG_TERM,
    GROUP_NOT_COMPLETED,
    GROUP_ONGOING,
    GUANYU,
    GUANYU_PROBLEM_WORDS,
    HEADING_COLON_END,
    HEADING_TAIL,
    HEADING_WORDS,
    HEAD_LABEL,
    INLINE_LABEL,
    LABEL_HEAD,
    MEASURE_START,
    NAMES_PROBLEM,
    PROBLEM_END,
    PROBLEM_TITLE,
    SHI_HEAD,
    TASK_LABEL,
)

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"[。：:；;，,、\s]+$")
_RX3 = re.compile(r"[一二三四五六七八九十]是")
_RX7 = re.compile(r"[。！？!?]")
_RX8 = re.compile(r"^[（(][0-9一二三四五六七八九十]{1,3}[）)]\s*")
_RX9 = re.compile(r"\s*一是")


# --- the parts of a report (一、二、三…) -----------------------------------------


# --- lines inside the findings part ------------------------------------------------

LABEL = BODY_LABEL


@dataclass
class _Node:
    title: str
    style: str
    finding: Finding
    body: list[str] = field(default_factory=list)
    group_status: str | None = None
    groups_children: str | None = None


def _balance(text: str) -> int:
    return text.count("“") - text.count("”")


def clean_title(title: str) -> str:
    title = title.strip()
    title = _RX0.sub("", title)
    return title.strip()




def split_heading(rest: str, own_line: bool = False) -> tuple[str, str]:
    """A heading paragraph's title and the body text that follows it on the same line.

    ``own_line``: the next line is a 整改情况： label, so this line is all heading
    (its 一是…二是… then list sub-problems, not measures). A leading label such
    as 反馈问题： belongs to the title.
    """
    lm = HEAD_LABEL.match(rest)
    prefix, text = (rest[: lm.end()], rest[lm.end():]) if lm else ("", rest)
    title, body = _split(text, own_line)
    return clean_title(prefix + title) if title else clean_title(prefix), body


def _split(text: str, own_line: bool) -> tuple[str, str]:
    m = INLINE_LABEL.search(text)
    if m and m.start() > 0:
        before = text[: m.start()]
        if HEADING_TAIL.search(before):
            # 关于…问题的整改落实情况：一是… — the heading runs to the colon.
            return clean_title(text[: m.end()]), text[m.end():].strip()
        return clean_title(before), text[m.end():].strip()
    if own_line:
        return clean_title(text), ""
    m = HEADING_COLON_END.search(text)
    if m and m.end() < len(text) and _balance(text[: m.end()]) <= 0:
        return clean_title(text[: m.end()]), text[m.end():].strip()
    mm = _RX3.search(text)
    sentence, after = _first_sentence(text)
    if after.strip() and (mm or MEASURE_START.match(after.strip())):
        return clean_title(sentence), after.strip()
    if after.strip() and NAMES_PROBLEM.search(sentence):
        # (一)针对…的问题。followed by what was done: the heading ends at its sentence end.
        return clean_title(sentence), after.strip()
    return clean_title(text), ""


# 一是针对…的问题。一是…二是…: 一是 numbers a heading whose own list follows.
# 队伍建设方面：… — a label heading, when several stand in a row under one item.


class OutlineBuilder:
    """Builds the findings tree from the lines of the findings part."""

    def __init__(self, kind: str = "report") -> None:
        self.kind = kind
        self.root = _Node("", "root", Finding(title=""))
        self.stack: list[_Node] = []
        self.heading_styles: set[str] = set()
        self.body_styles: set[str] = set()  # numbered styles used for measures under the current heading
        self.in_body = False  # after a 整改情况： label
        self.nodes: list[_Node] = []
        self.child_style: dict[str, str] = {}
        self.measure_styles: set[str] = set()  # styles seen numbering measure paragraphs  # the style that children of a style take
        self.label_heads: list[str] = []  # 队伍建设方面： taken as a level of its own
        self.sentence_heads: list[str] = []  # headings cut at the end of a paragraph's first sentence
        self.shi_heads: list[str] = []  # 一是针对…问题。 taken as a heading
        self.plan_notes: list[str] = []  # what the whole-part evidence decided (structure.py)

    def decisions(self) -> list[str]:
        out = list(self.plan_notes)
        if self.label_heads:
            out.append(f"将 {len(self.label_heads)} 个“……方面：”段落作为单独的标题层级（如“{self.label_heads[0]}”）")
        if self.shi_heads:
            out.append(f"将 {len(self.shi_heads)} 个“一是针对……问题”段落作为标题（如“{self.shi_heads[0][:20]}”）")
        if self.sentence_heads:
            out.append(f"{len(self.sentence_heads)} 个标题取自段落首句，其后文字作为整改措施（如“{self.sentence_heads[0][:20]}”）")
        return out

    @property
    def current(self) -> _Node:
        return self.stack[-1] if self.stack else self.root

    def feed(self, lines: list[str]) -> None:
        i = 0
        n = len(lines)
        plan = plan_structure(lines, self.kind)  # the decisions only the whole part can make
        self.plan_notes = plan.notes
        # One look-up per line: what the plan decided for it (label heading, measure, heading).
        decided: dict[int, str | None] = dict.fromkeys(plan.measures)
        decided.update(plan.heads)
        decided.update(dict.fromkeys(plan.label_heads, ""))  # as before the plan: label headings first
        while i < n:
            line = lines[i]
            if decided and i in decided:
                style = decided[i]
                if style == "":
                    self._open_label(line)
                elif style is None:
                    self._body(line)
                else:
                    self._open(style, line)
                i += 1
                continue
            nxt = lines[i + 1] if i + 1 < n else ""
            if line[:2] in ("关于", "针对") and _balance(line) > 0 and nxt and _balance(line + nxt) <= 0 and len(nxt) < 200:
                # 针对“…” broken inside its quotes by the copying: read it as one line.
                line = line + nxt
                i += 1
                nxt = lines[i + 1] if i + 1 < n else ""
            head = self._heading(line, nxt)
            if head is None:
                head = self._unnumbered_item(line, nxt)
            if head is None:
                self._body(line)
                i += 1
                continue
            style, rest = head
            # A heading broken over two lines inside its quotes is joined.
            if _balance(rest) > 0 and nxt and _balance(rest + nxt) <= 0 and len(nxt) < 200 and self._heading(nxt, "") is None and not LABEL.match(nxt):
                rest = rest + nxt
                i += 1
            own_line = bool(LABEL.match(lines[i + 1]) if i + 1 < n else False)
            # Before a 整改情况： label the whole paragraph is the heading (its 一是… lists sub-problems).
            self._open(style, rest, own_line=own_line, cut_first=not own_line and bool(plan.cut) and i in plan.cut)
            i += 1

    # -- classification --------------------------------------------------------

    def _unnumbered_item(self, line: str, nxt: str) -> tuple[str, str] | None:
        """A heading that lost its numbering or 针对“ in copying: it sits where this
        heading's children sit (right under it, before any text) and is followed by
        its own 整改情况： label."""
        node = self.current
        if node is self.root or node.body or node.finding.children or len(line) > 300:
            return None
        child = self.child_style.get(node.style)
        if child is None or LABEL.match(line) or not nxt or not LABEL.match(nxt):
            return None
        return (child, line)

    def _heading(self, line: str, nxt: str) -> tuple[str, str] | None:
        """(style, text) when the line opens a heading, else None."""
        colon = "：" in line or ":" in line  # every label and task label ends in one
        if colon and LABEL.match(line):
            return None
        num = parse_numbering(line)
        if num is not None and num.opens_heading:
            return self._numbered_heading(num, line, nxt)
        if num is not None:
            # 一是 opens a heading only when its text names a problem (NUMBERING_ROLES).
            if may_name_heading(num.style) and not self.in_body and SHI_HEAD.match(num.rest) and (
                "shihead" in self.heading_styles or _has_own_list(num.rest) or (nxt and MEASURE_START.match(nxt))
            ):
                return ("shihead", num.rest)
            return None
        if colon and TASK_LABEL.match(line):
            if DESCRIPTION_LABEL.match(line) and self.stack and PROBLEM_TITLE.search(self.current.title):
                return None  # 问题表现：… under its problem heading describes it
            return ("task", line)
        m = GUANYU.match(line)
        if m:
            first, _ = _first_sentence(line)
            first = first.strip()
            is_problem = bool(GUANYU_PROBLEM_WORDS.search(first))
            quoted = "“" in first[:4]
            short = len(line) <= 120 or INLINE_LABEL.search(line[:200] or "")
            if (quoted or PROBLEM_END.search(first) or (short and nxt and (LABEL.match(nxt) or MEASURE_START.match(nxt)))) and is_problem:
                if self.in_body and not quoted and (len(first) < len(line.rstrip("。：:；; ")) or not LABEL.match(nxt or "")):
                    return None  # 针对…情况，… inside 整改情况 is a measure
                return ("guanyu" if m.group(1) == "关于" else "zhendui", line)
        # "XX方面：" standing alone before its own list.
        if len(line) <= 40 and ASPECT_LABEL_LINE.search(line) and not self.in_body:
            return ("aspectlabel", line)
        # "…的问题" on a line of its own, unnumbered, followed by its 整改情况： label.
        if (
            len(line) <= 80
            and BARE_PROBLEM.search(line)
            and "。" not in line.rstrip("。")
            and nxt
            and LABEL.match(nxt)
        ):
            return ("bareproblem", line)
        return None

    def _numbered_heading(self, num: Numbered, line: str, nxt: str) -> tuple[str, str] | None:
        rest = num.rest
        style = num.style
        if not rest:
            return None
        if not num.may_be_measure:
            return (style, rest)  # 一、（反馈问题1：）: a heading whatever follows
        if MEASURE_START.match(rest) or LABEL.match(rest):
            self.body_styles.add(style)
            return None
        if style in self.body_styles and not any(n.style == style for n in self.stack):
            return None
        if self.in_body and style in self.measure_styles and style not in self.heading_styles:
            return None  # this report numbers its measure paragraphs in this style
        if style not in self.heading_styles and not any(n.style == style for n in self.stack):
            # A style never used for headings: a heading only if it reads like one.
            if self.in_body and not self._reads_like_heading(rest, nxt):
                self.body_styles.add(style)
                self.measure_styles.add(style)
                return None
            if ACTION_START.match(rest) and not self._reads_like_heading(rest, nxt):
                self.body_styles.add(style)
                return None
            node = self.current
            if (
                node is not self.root
                and not node.finding.children
                and PROBLEM_TITLE.search(node.title)
                and not self._reads_like_heading(rest, nxt)
            ):
                # Right under a problem heading, a numbered line that names no problem is a measure.
                self.body_styles.add(style)
                self.measure_styles.add(style)
                return None
        return (style, rest)

    def _reads_like_heading(self, rest: str, nxt: str) -> bool:
        first, _ = _first_sentence(rest)
        if HEADING_WORDS.search(first):
            return True
        if nxt and (LABEL.match(nxt) or MEASURE_START.match(nxt)) and len(rest) <= 200:
            return True
        return False

    def _open_styles(self) -> list[str]:
        return [n.style for n in self.stack]

    # -- tree building ------------------------------------------------------------

    def _open_label(self, line: str) -> None:
        """A label heading (队伍建设方面：一是…) under the open numbered item."""
        m = LABEL_HEAD.match(line)
        assert m is not None
        if self.stack and self.stack[-1].style == "labelhead":
            self.stack.pop()
        parent = self.current
        title = clean_title(line[: m.end()])
        self.label_heads.append(title)
        node = _Node(title, "labelhead", Finding(title=title))
        node.group_status = parent.groups_children or parent.group_status
        parent.finding.children.append(node.finding)
        self.stack.append(node)
        self.nodes.append(node)
        self.body_styles = set()
        self.in_body = False
        rest = line[m.end():].strip()
        if rest:
            self._body(rest)

    def _open(self, style: str, rest: str, own_line: bool = False, cut_first: bool = False) -> None:
        if cut_first:
            # The evidence says this style's headings are their paragraph's first sentence.
            title, body = _first_sentence(rest)
            title, body = clean_title(title), body.strip()
        elif style == "task" or style == "aspectlabel":
            title, body = clean_title(rest), ""
            if style == "task":
                title, body = split_heading(rest) if INLINE_LABEL.search(rest) else (clean_title(rest), "")
        elif self.kind == "feedback" and style not in ("guanyu", "zhendui"):
            # 1.农村公路养护不到位。部分路段… — a feedback heading is its first sentence.
            title, body = _first_sentence(rest)
            title, body = clean_title(title), body.strip()
        else:
            title, body = split_heading(rest, own_line)
            if body and title and style != "sentencehead" and _RX7.match(rest[len(title):len(title) + 1] or "x") and not MEASURE_START.match(body):
                self.sentence_heads.append(title)
        if style == "shihead":
            self.shi_heads.append(title)
        if not title:
            self._body(rest)
            return
        styles = self._open_styles()
        if style in styles:
            idx = styles.index(style)
            del self.stack[idx:]
        parent = self.current
        if parent is not self.root:
            self.child_style.setdefault(parent.style, style)
        if style not in ("guanyu", "zhendui", "guanyuaspect", "sentencehead", "task", "aspectlabel"):
            title = _RX8.sub("", title) or title
        node = _Node(title, style, Finding(title=title))
        group = _group_status(title)
        # A grouping heading (已完成的问题) gives its items' status, not its own.
        node.group_status = parent.groups_children or parent.group_status
        node.groups_children = group
        parent.finding.children.append(node.finding)
        self.stack.append(node)
        self.nodes.append(node)
        self.heading_styles.add(style)
        self.body_styles = set()
        self.in_body = False
        if body:
            self._body(body)

    def _body(self, line: str) -> None:
        node = self.current
        m = LABEL.match(line) if ("：" in line or ":" in line) else None
        if m:
            self.in_body = True
            if not line[m.end():].strip():
                node.body.append(line.strip())  # a bare label still switches measures/results
                return
        node.body.append(line)

    def finish(self, kind: str = "report") -> list[Finding]:
        """Give each finding its measures and status once the tree is complete.

        A feedback document states problems: the text under a heading is the problem's
        description, and there are neither measures nor statuses."""
        for node in self.nodes:
            f = node.finding
            desc = [DESCRIPTION_LABEL.sub("", ln) for ln in node.body if DESCRIPTION_LABEL.match(ln)]
            if desc:
                f.description = " ".join(desc)
            if kind == "feedback":
                text = " ".join(ln for ln in node.body if ln.strip())
                f.description = text or None
                continue
            # The title states the problem, not its status; nor do 完成时限：长期坚持 or the description.
            own = "".join(ln for ln in node.body if not (PLAN_FIELD.match(ln) or DESCRIPTION_LABEL.match(ln)))
            if not f.children:
                f.measures = split_measures(node.body)
            elif node.body and any(_has_list(p) for p in node.body):
                # Measures listed (一是…) under a heading before its sub-items are its own;
                # an unmarked introduction is description and is dropped.
                f.measures = split_measures(node.body)
            # A heading with children states no status of its own: its text is an introduction.
            text_lines = [ln for ln in node.body if not (PLAN_FIELD.match(ln) or DESCRIPTION_LABEL.match(ln))]
            f.status = (_status_line(text_lines) or status_of(own)) if own and not f.children and kind != "plan" else None
            if f.status is None and node.group_status and node.group_status != "__group__":
                f.status = node.group_status  # type: ignore[assignment]
            attach_tasks(f, node.body)  # 责任领导：… 完成时限：… written under the task
        return self.root.finding.children


def _has_own_list(rest: str) -> bool:
    """After its first sentence, the text restarts a 一是… list of its own."""
    m = SHI_HEAD.match(rest)
    return bool(m and _RX9.match(rest[m.end():]))


def build_tree(lines: list[str], kind: str = "report", decisions: list[str] | None = None) -> tuple[list[Finding], list[str]]:
    """The findings tree of the findings part, and the text before its first heading.

    ``decisions`` receives, in Chinese, the doubtful choices made on the way."""
    builder = OutlineBuilder(kind)
    builder.feed(lines)
    found = builder.finish(kind)
    if decisions is not None:
        decisions.extend(builder.decisions())
    return found, list(builder.root.body)


def _has_list(paragraph: str) -> bool:
    from .measures import _markers

    return bool(_markers(BODY_LABEL.sub("", paragraph)))


def _status_line(body: list[str]) -> str | None:
    """A short line that only states the status ("整改情况：已完成整改并长期坚持") outranks
    the progress words inside the measures, which often mix finished and unfinished work."""
    for line in body:
        text = BODY_LABEL.sub("", line).strip()
        if text and len(text) <= 24:
            st = status_of(text)
            if st is not None:
                return st
    return None


def _group_status(title: str) -> str | None:
    """Grouping headings such as 已完成整改的问题 / 正在推进整改的问题 give their items' status."""
    if len(title) > 30 or not any(w in title for w in GROUP_HINTS):
        return None
    if GROUP_COMPLETED.search(title) and not GROUP_NOT_COMPLETED.search(title):
        return "completed"
    if GROUP_ONGOING.search(title):
        return "ongoing"
    if GROUP_LONG_TERM.search(title):
        return "long_term"
    return None
