"""The clerk's corrections to a parsed outline, as a replayable list of operations.

Pure Python (no Django): the import page, the stored correction examples and
the replay test all apply the same operations to the same tree, so a list of
operations recorded on one import gives the same outline again when the
document is parsed anew. The tree is the parser's findings in their JSON form
(``{"title", "status", "measures", "children"}``); a node is named by its
path of positions, ``"0.2.1"``. Every operation keeps every measure (and every
character of every heading) exactly once; an operation that cannot apply
raises OutlineError with a Chinese message and leaves the tree as it was.
"""

from __future__ import annotations

import copy
import re
from typing import Any

Tree = list[dict[str, Any]]
Operation = dict[str, Any]

OPERATIONS = {
    "promote": "升一级",
    "demote": "降一级",
    "merge": "与上一条合并",
    "split": "在首句处拆分",
    "to_measure": "改为措施",
    "to_heading": "改为标题",
    "move": "移到其他问题",
}

LONG_TITLE = 60  # characters; longer headings are usually a heading with its measures in one paragraph

_SENTENCE_END = re.compile(r"[。；;！？!?]")
_ORDINAL = re.compile(r"(?=[一二三四五六七八九十]{1,3}是)")
_STYLES = (
    ("chinese", re.compile(r"^\s*[一二三四五六七八九十百]+[、．.]")),
    ("paren-chinese", re.compile(r"^\s*[（(][一二三四五六七八九十百]+[)）]")),
    ("arabic", re.compile(r"^\s*\d+[、．.](?!\d)")),
    ("paren-arabic", re.compile(r"^\s*[（(]\d+[)）]")),
    ("circled", re.compile(r"^\s*[①②③④⑤⑥⑦⑧⑨⑩]")),
)


HEADING_STYLES = {"chinese", "paren-chinese"}


class OutlineError(ValueError):
    """An operation that does not fit the tree; the message is shown to the clerk."""


def node(title: str, measures: list[str] | None = None, children: list[dict] | None = None, status: str | None = None) -> dict:
    return {"title": title, "status": status, "measures": list(measures or []), "children": list(children or [])}


def parse_path(value: Any) -> tuple[int, ...]:
    """``"0.2.1"`` (or a list of ints) → (0, 2, 1); OutlineError for anything else."""
    try:
        parts = tuple(int(p) for p in (value.split(".") if isinstance(value, str) else value))
    except (TypeError, ValueError, AttributeError):
        raise OutlineError("没有找到要更正的标题") from None
    if not parts or any(p < 0 for p in parts):
        raise OutlineError("没有找到要更正的标题")
    return parts


def path_key(path: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in path)


def _siblings(tree: Tree, path: tuple[int, ...]) -> list[dict]:
    level = tree
    for i in path[:-1]:
        if i >= len(level):
            raise OutlineError("没有找到要更正的标题")
        level = level[i]["children"]
    if path[-1] >= len(level):
        raise OutlineError("没有找到要更正的标题")
    return level


def get(tree: Tree, path: tuple[int, ...]) -> dict:
    return _siblings(tree, path)[path[-1]]


def _measure_index(n: dict, value: Any) -> int:
    try:
        index = int(value)
    except (TypeError, ValueError):
        raise OutlineError("没有找到要更正的措施") from None
    if not 0 <= index < len(n["measures"]):
        raise OutlineError("没有找到要更正的措施")
    return index


def _promote(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    if len(path) < 2:
        raise OutlineError("这一条已是最高一级，不能再升级")
    level = _siblings(tree, path)
    moved = level.pop(path[-1])
    _siblings(tree, path[:-1]).insert(path[-2] + 1, moved)


def _demote(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    if path[-1] == 0:
        raise OutlineError("这一条前面没有同级标题，不能降级（降级后归入上一条）")
    level = _siblings(tree, path)
    moved = level.pop(path[-1])
    level[path[-1] - 1]["children"].append(moved)


def _merge(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    if path[-1] == 0:
        raise OutlineError("这一条前面没有同级标题，不能与上一条合并")
    level = _siblings(tree, path)
    moved = level.pop(path[-1])
    into = level[path[-1] - 1]
    into["title"] = into["title"] + moved["title"]
    into["measures"].extend(moved["measures"])
    into["children"].extend(moved["children"])
    into["status"] = into.get("status") or moved.get("status")


def split_point(title: str) -> int | None:
    """Where a heading+measure paragraph divides: after its first sentence end, if text follows."""
    for m in _SENTENCE_END.finditer(title):
        if title[m.end():].strip():
            return m.end()
    return None


def _split(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    n = get(tree, path)
    at = split_point(n["title"])
    if at is None:
        raise OutlineError("这个标题中没有句末标点之后的内容，无法拆分")
    head, rest = n["title"][:at], n["title"][at:]
    # 一是…二是… in the rest are separate measures; the text before the first stays one measure.
    pieces = [p for p in _ORDINAL.split(rest) if p.strip()]
    n["title"] = head
    n["measures"][:0] = [p.strip() for p in pieces]
    lost = rest.replace(" ", "").replace("\u3000", "") != "".join(p.strip() for p in pieces).replace(" ", "").replace("\u3000", "")
    if lost:  # never reached with the patterns above; kept so a future pattern cannot drop text silently
        raise OutlineError("拆分会丢失文字，未作修改")


def _to_measure(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    n = get(tree, path)
    if n["children"]:
        raise OutlineError("这个标题下还有下级标题，请先把它们移走再改为措施")
    if path[-1] == 0 and len(path) == 1:
        raise OutlineError("第一条最高一级标题前面没有可归入的问题，不能改为措施")
    level = _siblings(tree, path)
    level.pop(path[-1])
    target = level[path[-1] - 1] if path[-1] > 0 else get(tree, path[:-1])
    target["measures"].extend([n["title"], *n["measures"]])


def _to_heading(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    n = get(tree, path)
    index = _measure_index(n, op.get("measure"))
    text = n["measures"][index]
    # The measure and the measures after it become a new heading right after this one (demote it to nest it).
    new = node(text, n["measures"][index + 1:])
    del n["measures"][index:]
    _siblings(tree, path).insert(path[-1] + 1, new)


def _move(tree: Tree, op: Operation) -> None:
    path = parse_path(op.get("node"))
    n = get(tree, path)
    index = _measure_index(n, op.get("measure"))
    try:
        target = get(tree, parse_path(op.get("to")))
    except OutlineError:
        raise OutlineError("没有找到要移入的问题") from None
    if target is n:
        raise OutlineError("这条措施已在这个问题下")
    target["measures"].append(n["measures"].pop(index))


_APPLY = {
    "promote": _promote, "demote": _demote, "merge": _merge, "split": _split,
    "to_measure": _to_measure, "to_heading": _to_heading, "move": _move,
}


def apply(tree: Tree, op: Operation) -> Tree:
    """A new tree with one operation applied; the given tree is never changed."""
    if not isinstance(op, dict) or op.get("op") not in _APPLY:
        raise OutlineError("不认识的更正操作")
    result = copy.deepcopy(tree)
    _APPLY[op["op"]](result, op)
    return result


def replay(tree: Tree, ops: list[Operation]) -> Tree:
    """All operations in order; the first that does not apply raises OutlineError (naming its position)."""
    for i, op in enumerate(ops, 1):
        try:
            tree = apply(tree, op)
        except OutlineError as e:
            raise OutlineError(f"第 {i} 项更正无法重放：{e}") from None
    return tree


def outline(tree: Tree) -> list[dict]:
    """The part of the tree a correction is judged on: titles, nesting and measures (not statuses)."""
    return [{"title": n["title"], "measures": list(n["measures"]), "children": outline(n["children"])} for n in tree]


def texts(tree: Tree) -> list[str]:
    """Every heading and measure, in order: what the operations must keep exactly once."""
    out: list[str] = []
    for n in tree:
        out.append(n["title"])
        out.extend(n["measures"])
        out.extend(texts(n["children"]))
    return out


def style(text: str) -> str | None:
    """The numbering style a heading or measure opens with (一、 （一） 1. （1） ①), or None."""
    for name, pattern in _STYLES:
        if pattern.match(text):
            return name
    return None


def doubts(tree: Tree, warnings: list[str] | None = None) -> dict[str, list[str]]:
    """Doubtful places, path → reasons in words: the parser's warnings that name a heading, and simple signals."""
    found: dict[str, list[str]] = {}

    def note(key: str, reason: str) -> None:
        found.setdefault(key, []).append(reason)

    def walk(level: list[dict], prefix: tuple[int, ...]) -> None:
        sibling_styles = {style(n["title"]) for n in level} - {None}
        for i, n in enumerate(level):
            path = (*prefix, i)
            key = path_key(path)
            title = n["title"]
            if not n["measures"] and not n["children"]:
                note(key, "这个标题下没有措施，也没有下级标题")
            if len(title) > LONG_TITLE or split_point(title) is not None:
                note(key, "标题较长或含句末标点，可能把措施并进了标题（可在首句处拆分）")
            if len(n["children"]) == 1:
                note(key, "只有一个下级标题，这一级可能多余")
            # The parser strips a heading's number, so 一、 and （一） in a measure count as heading numbers too.
            heading_styles = sibling_styles | {style(c["title"]) for c in n["children"]} | HEADING_STYLES
            for j, m in enumerate(n["measures"]):
                if style(m) in heading_styles:
                    note(f"{key}/{j}", "这条措施的编号与标题相同，可能是一个标题")
            for w in map(str, warnings or []):
                head = re.sub(r"^\s*\S{0,6}?[、）)]\s*", "", title)[:8]
                if len(head) >= 6 and head in w:
                    note(key, w)
            walk(n["children"], path)

    walk(tree, ())
    return found


def headings(tree: Tree) -> list[tuple[str, int, str]]:
    """(path, depth, title) of every heading, for the clerk's 移到 list."""
    out: list[tuple[str, int, str]] = []

    def walk(level: list[dict], prefix: tuple[int, ...]) -> None:
        for i, n in enumerate(level):
            path = (*prefix, i)
            out.append((path_key(path), len(path), n["title"]))
            walk(n["children"], path)

    walk(tree, ())
    return out


def judge(example: dict[str, Any], findings: Tree) -> dict[str, bool]:
    """How a parse of an example's document compares with what the clerk made of it.

    ``raw``: the parser alone gives the clerk's outline (no correction needed);
    ``replayed``: the clerk's operations, replayed on this parse, give it.
    """
    wanted = comparable(example.get("outline") or [])
    try:
        replayed = comparable(replay(findings, example.get("operations") or [])) == wanted
    except OutlineError:
        replayed = False
    return {"raw": comparable(findings) == wanted, "replayed": replayed}


_LEADING_NUMBER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百零〇\d]+[)）]|[一二三四五六七八九十百零〇\d]+[、．.](?!\d))\s*")
_EDGE = re.compile(r"^[\s\u3000*#]+|[\s\u3000*。；;，,：:]+$")


def _plain(text: str) -> str:
    text = _EDGE.sub("", text)
    return _EDGE.sub("", _LEADING_NUMBER.sub("", text, count=1)) or text


def comparable(tree: list[dict]) -> list[dict]:
    """The outline as the ledger would take it: heading numbers, edge punctuation and spaces do not count.

    A parser that starts keeping （一） on titles, or drops a final 。, still reaches the clerk's outline;
    a different nesting, a lost or extra heading or measure does not.
    """
    return [{"title": _plain(n["title"]), "measures": [_plain(m) for m in n.get("measures") or []],
             "children": comparable(n.get("children") or [])} for n in tree]
