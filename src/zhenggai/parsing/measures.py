"""Measures (整改措施) from the text under a finding.

Reports list measures as 一是…二是… inside a paragraph, as ①②, as （1）（2）,
or one per paragraph. When each paragraph restarts its own 一是… list, the
paragraphs are the measures (each groups its list under a theme) — splitting
them would mix two lists into one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .labels import DESCRIPTION_LABEL, MEASURE_LABEL, PLAN_FIELD, RESULT_LABEL
from .numbering import CIRCLED, cn_to_int
from .status import COMPLETED, LONG_TERM, ONGOING, status_of

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"\s+")


# A list marker opens a clause: at the start, or after punctuation or a space.
_BOUNDARY_CHARS = frozenset("。；;！!？?：:，,）)” \t")
SHI = re.compile(r"([一二三四五六七八九十]{1,3})是(?![否的])")
CIRC = re.compile(rf"([{CIRCLED}])")
PAREN = re.compile(r"[（(]([0-9]{1,2})[）)]")
DOTTED = re.compile(r"([0-9]{1,2})[.．、](?![0-9])")
ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})[，,、：:]")
PAREN_CN = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
RPAR = re.compile(r"(?<![（(0-9])([0-9]{1,2})[）)]")  # 1）2）: a closing bracket only

# Each family with the two markers its list needs (1 and 2; 01 holds 1): a family
# whose text lacks them is skipped after two substring tests. RPAR's look-behind is
# tested in Python: at the start of a pattern it stops the engine skipping ahead.
_FAMILIES = [
    ("paren", PAREN, True, ("1）", "1)"), ("2）", "2)")),
    ("dotted", DOTTED, True, ("1.", "1．", "1、"), ("2.", "2．", "2、")),
    ("ordinal", ORDINAL, False, ("第一",), ("第二",)),
    ("paren_cn", PAREN_CN, False, ("一）", "一)"), ("二）", "二)")),
    ("rpar", re.compile(r"([0-9]{1,2})[）)]"), True, ("1）", "1)"), ("2）", "2)")),
]
_NOT_BEFORE_RPAR = frozenset("（(0123456789")
_CN_CHARS = "一二三四五六七八九十"
# Every 1–3 character run of Chinese numerals the patterns can capture, with cn_to_int's value.
_CN_VALUE = {a + b + c: cn_to_int(a + b + c) for a in _CN_CHARS for b in ("",) + tuple(_CN_CHARS)
             for c in ("",) + tuple(_CN_CHARS) if b or not c}


# After a marked list, a paragraph that reports results or plans is not one more measure.
AFTERWORD = re.compile(r"^(?:通过整改|经过整改|经整改|整改后|目前|截至|截止|下一步|整改进度|整改成效|整改效果)")


def _at_boundary(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in _BOUNDARY_CHARS


@lru_cache(maxsize=4096)
def _markers(text: str) -> tuple[tuple[int, int, str], ...]:
    """Positions of the list markers of the family that opens the list first."""
    return tuple(_find_markers(text))


def clear_caches() -> None:
    from .numbering import _parse_numbering

    _markers.cache_clear()
    _parse_numbering.cache_clear()
    status_of.cache_clear()


def _find_markers(text: str) -> list[tuple[int, int, str]]:
    """The family whose list opens first wins (on a tie, the earlier family below).

    Cheap tests first: a family is only scanned when its text holds the markers 1 and
    2, and a scan stops as soon as the family can no longer open before the best one."""
    best_pos = len(text) + 1
    best: list[tuple[int, int]] | None = None
    best_name = ""
    if "是" in text:
        shi = _shi_markers(text)
        if shi:
            best_pos, best, best_name = shi[0][0], shi, "shi"
    first_circ = CIRC.search(text)
    if first_circ is not None:
        circ = [(m.start(), CIRCLED.index(m.group(1)) + 1) for m in CIRC.finditer(text, first_circ.start())]
        if len(circ) >= 2 and circ[0][0] < best_pos:
            best_pos, best, best_name = circ[0][0], circ, "circ"
    for name, pat, numeric, ones, twos in _FAMILIES:
        for mark in ones:
            if mark in text:
                break
        else:
            continue  # no 1: no list of this family
        for mark in twos:
            if mark in text:
                break
        else:
            continue  # no 2 either
        seq: list[tuple[int, int]] = []
        expect = 1
        for m in pat.finditer(text):
            pos = m.start()
            if not seq and pos >= best_pos:
                break  # opens too late to win
            if pos and text[pos - 1] not in _BOUNDARY_CHARS:
                continue
            if name == "rpar" and pos and text[pos - 1] in _NOT_BEFORE_RPAR:
                continue
            token = m.group(1)
            value = int(token) if numeric else _CN_VALUE[token]
            if value == expect:  # markers that count 1, 2, 3… (a stray (3) is no list)
                seq.append((pos, value))
                expect += 1
        if len(seq) >= 2 and seq[0][0] < best_pos:
            best_pos, best, best_name = seq[0][0], seq, name
    if best is None:
        return []
    return [(pos, value, best_name) for pos, value in best]


def _shi_markers(text: str) -> list[tuple[int, int]]:
    """一是 二是 … at clause starts: SHI's matches, found from each 是 backwards (是 is
    rarer than the numerals, which the pattern would try at every occurrence)."""
    out: list[tuple[int, int]] = []
    pos = text.find("是")
    while pos >= 0:
        k = pos
        while k > 0 and pos - k < 3 and text[k - 1] in _CN_CHARS:
            k -= 1
        if k < pos and (pos + 1 >= len(text) or text[pos + 1] not in "否的") and (k == 0 or text[k - 1] in _BOUNDARY_CHARS):
            out.append((k, _CN_VALUE[text[k:pos]]))
        pos = text.find("是", pos + 1)
    return out


def _int(token: str) -> int:
    return int(token) if token.isdigit() else cn_to_int(token)


def _sequence(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep markers that count 1, 2, 3… (a stray (3) in a sentence is no list)."""
    out: list[tuple[int, int]] = []
    expect = 1
    for pos, value in found:
        if value == expect:
            out.append((pos, value))
            expect += 1
    return out


def _strip_lead(paragraph: str) -> str:
    """Drop a leading 整改情况： label; a measure keeps its own list marker ((1), ①, 一是)."""
    return MEASURE_LABEL.sub("", paragraph.strip()).strip()


def _measure_paragraphs(body: list[str]) -> list[str]:
    """Paragraphs that state measures; 整改成效 (results) only when nothing else is given."""
    measures: list[str] = []
    results: list[str] = []
    in_results = False
    for p in body:
        if PLAN_FIELD.match(p) or DESCRIPTION_LABEL.match(p):
            continue
        if RESULT_LABEL.match(p):
            in_results = True
        elif MEASURE_LABEL.match(p):
            in_results = False
        (results if in_results else measures).append(p)
    stripped = [_strip_lead(RESULT_LABEL.sub("", p)) for p in measures]
    if not any(stripped):
        stripped = [_strip_lead(RESULT_LABEL.sub("", p)) for p in results]
    out = [q for q in stripped if q]
    # "已完成整改并长期坚持" states the status; it is no measure (nor is it part of one).
    return [q for q in (_without_status_sentence(q) for q in out) if q]


_STATUS_FILLER = re.compile(r"长期坚持|持续推进|目前|当前|截至目前|该问题|此问题|本问题|此项|该项|问题|整改|工作|已经|已|并|均|现|全部|按要求|[，,、\s]")


def _without_status_sentence(paragraph: str) -> str:
    """Drop a first sentence that only states the status ("目前已完成整改。")."""
    first, sep, rest = paragraph.partition("。")
    if len(first) <= 24 and status_of(first) is not None and not _markers(first):
        words = first
        for rx in (COMPLETED, ONGOING, LONG_TERM):
            words = rx.sub("", words)
        if len(_STATUS_FILLER.sub("", words)) <= 2:
            return rest.strip()
    return paragraph


def split_measures(body: list[str]) -> list[str]:
    """The measures of one finding, in order."""
    paragraphs = _measure_paragraphs(body)
    if not paragraphs:
        return []
    # Paragraphs that each restart their own 一是… list are one measure each.
    starts = sum(1 for p in paragraphs if any(v == 1 for _, v, _ in _markers(p)))
    if starts >= 2:
        return [_tidy(p) for p in paragraphs]
    measures: list[str] = []
    seen_marker = False
    any_marked = any(_markers(q) for q in paragraphs)  # once: a loop over it would be quadratic
    for p in paragraphs:
        marks = _markers(p)
        if not marks:
            # After a marked list, a short line that states where the item stands is no measure.
            if not any_marked or (seen_marker and not AFTERWORD.match(p) and not (len(p) <= 30 and status_of(p))):
                measures.append(_tidy(p))
            continue
        seen_marker = True
        cuts = [pos for pos, _, _ in marks]
        for a, b in zip(cuts, cuts[1:] + [len(p)]):
            piece = _tidy(p[a:b])
            if piece:
                measures.append(piece)
    return [m for m in measures if m]


def _tidy(text: str) -> str:
    """Whitespace tidied; the measure's own punctuation (the ；or ， before the next
    一是) is kept as written."""
    if "  " in text or "\t" in text or "\n" in text:
        text = _RX0.sub(" ", text)
    return text.strip()
