"""copy_paste: a passage repeated, nearly word for word, from a measure of another problem.

One measure pasted under three problems rectifies at most one of them. Only
the later occurrence is flagged; document titles, document numbers, quotations
and the formulas every report cites are masked first, so that citing the same
document is not copying.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator

from ..model import Flag, Subject
from ..text import CITATION, FORMULA, quote, strip_marker
from .base import Rule

CODE = "copy_paste"
MIN_RUN = 40  # characters of the later measure, punctuation not counted
MAX_GAP = 4  # characters that may differ between two matching stretches
MIN_SHARE = 0.9  # of the run that must match exactly
SHINGLE = 10
MASK = "\0"  # stands for a citation or formula in the normalised text
PUNCTUATION = frozenset(" \t\r\n\u3000，,。；;：:、！!？?“”\"'‘’（）()《》【】[]—…·.-")
COMMON = 30  # a stretch found in more earlier measures than this is the genre's boilerplate, not a lead
MIN_HITS = 12  # shared shingles before the exact comparison is worth running


def normalise(measure: str) -> tuple[str, list[int]]:
    """The measure without marker, citations and punctuation, and each kept character's position."""
    text = strip_marker(measure)
    masked = FORMULA.sub(lambda m: "\0" * len(m.group(0)), text)
    masked = CITATION.sub(lambda m: "\0" * len(m.group(0)), masked)
    chars: list[str] = []
    where: list[int] = []
    for pos, ch in enumerate(masked):
        if ch == "\0":
            if chars and chars[-1] != "\0":
                chars.append("\0")  # one gap for a masked span: never matched, breaks a run
                where.append(pos)
        elif ch not in PUNCTUATION:
            chars.append(ch)
            where.append(pos)
    return "".join(chars), where


def longest_near_copy(a: str, b: str) -> tuple[int, int, int]:
    """The longest stretch of ``b`` that repeats ``a`` nearly word for word: (start in b, end in b, start in a)."""
    a = a.replace(MASK, "\1")  # a masked citation never matches another
    blocks = [blk for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if blk.size]
    best = (0, 0, 0)
    k = 0
    while k < len(blocks):
        start_a, start_b, matched = blocks[k].a, blocks[k].b, blocks[k].size
        end_a, end_b = start_a + matched, start_b + matched
        m = k + 1
        while m < len(blocks):
            nxt = blocks[m]
            if nxt.a - end_a > MAX_GAP or nxt.b - end_b > MAX_GAP or MASK in b[end_b:nxt.b]:
                break  # too far apart, or the stretches meet only around a citation
            matched += nxt.size
            end_a, end_b = nxt.a + nxt.size, nxt.b + nxt.size
            m += 1
        if end_b - start_b > best[1] - best[0] and matched >= MIN_SHARE * (end_b - start_b):
            best = (start_b, end_b, start_a)
        k += 1
    return best


def check(subject: Subject) -> Iterator[Flag]:
    index: dict[str, set[tuple[int, int]]] = defaultdict(set)  # shingle → (item, measure) earlier
    normal: dict[tuple[int, int], str] = {}
    for i, item in enumerate(subject.items):
        for j, measure in enumerate(item.measures):
            text, where = normalise(measure)
            shingles = {text[p:p + SHINGLE] for p in range(len(text) - SHINGLE + 1)} - {""}
            shingles = {s for s in shingles if MASK not in s}
            candidates: dict[tuple[int, int], int] = defaultdict(int)
            for s in shingles:
                keys = index.get(s)
                if keys and len(keys) <= COMMON:
                    for key in keys:
                        if key[0] != i:
                            candidates[key] += 1
            found = None
            for key, hits in sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0])):
                if hits < MIN_HITS:
                    continue
                start, end, _ = longest_near_copy(normal[key], text)
                if end - start >= MIN_RUN:
                    found = (key, start, end)
                    break
            if found:
                (src_item, src_measure), start, end = found
                passage = strip_marker(measure)[where[start]: where[end - 1] + 1]
                source = subject.items[src_item]
                yield Flag(
                    CODE,
                    f"本条措施有一段（约{end - start}字）与前面问题“{quote(source.finding, 24)}”的第{src_measure + 1}条措施几乎相同："
                    f"“{quote(passage)}”。同一段话放在不同问题下，说明没有针对本问题的做法；"
                    f"请写明针对本问题做了什么，确属同一项措施的，注明“同第…项”而不要重复粘贴。",
                    item=i, measure=j, finding=item.finding,
                )
            normal[(i, j)] = text
            for s in shingles:
                index[s].add((i, j))


RULE = Rule(CODE, "复制粘贴", "措施中有约40字以上的一段，与同一报告（单位）中另一问题前面的措施几乎一字不差（引用同一文件名称、文号或讲话不算）。"
            "只标记后出现的一处；应写明针对本问题的做法。", 15, check)
