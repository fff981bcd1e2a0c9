"""The parser's fast paths give what the plain code gives (benchmarks/parse_speed.py).

Speed work rearranged some steps (literal-first status patterns, list markers found
after substring tests, the spaces of a text collapsed in one pass); each test here
runs the fast path and the plain one on the same varied input and compares.
"""

from __future__ import annotations

import random

from zhenggai.parsing import clean, measures
from zhenggai.parsing import status as S

from .own_documents import DOCS
from .own_meta_documents import META_DOCS

_TEXTS = [d["text"] for d in DOCS.values()] + [d["text"] for d in META_DOCS.values()]


def test_fast_status_cues_agree_with_the_lexicon():
    """status_of's yes/no patterns are a faster arrangement of the lexicon's; they must agree."""
    pieces = ["已完成", "已整改", "整改完成", "完成整改", "。", "；", "，", "：", "状态", "进展：", "长期坚持", "需长期坚持",
              "未完成", "尚未完成", " ", "\n", "整改", "推进中", "正在", "已落实到位", "整改到位", "12项", "问题", "已", "X"]
    rng = random.Random(11)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    texts += [p for t in _TEXTS for p in t.split("\n")]
    for t in texts:
        assert (S._done(t), S._open(t), S._long(t)) == (
            bool(S.COMPLETED.search(t)), bool(S.ONGOING.search(t)), bool(S.LONG_TERM.search(t))), t


def _plain_markers(text: str) -> list[tuple[int, int, str]]:
    """The list-marker rule written plainly: every family's boundary matches counting 1, 2, 3…;
    the family whose list opens first wins, ties to the earlier family."""
    def at_boundary(pos: int) -> bool:
        return pos == 0 or text[pos - 1] in measures._BOUNDARY_CHARS

    families = []
    shi = [(m.start(), measures.cn_to_int(m.group(1))) for m in measures.SHI.finditer(text) if at_boundary(m.start())]
    if shi:
        families.append((shi[0][0], shi, "shi"))
    circ = [(m.start(), measures.CIRCLED.index(m.group(1)) + 1) for m in measures.CIRC.finditer(text)]
    if len(circ) >= 2:
        families.append((circ[0][0], circ, "circ"))
    for name, pat in (("paren", measures.PAREN), ("dotted", measures.DOTTED), ("ordinal", measures.ORDINAL),
                      ("paren_cn", measures.PAREN_CN), ("rpar", measures.RPAR)):
        seq, expect = [], 1
        for m in pat.finditer(text):
            value = int(m.group(1)) if m.group(1).isdigit() else measures.cn_to_int(m.group(1))
            if at_boundary(m.start()) and value == expect:
                seq.append((m.start(), value))
                expect += 1
        if len(seq) >= 2:
            families.append((seq[0][0], seq, name))
    if not families:
        return []
    families.sort(key=lambda f: f[0])
    return [(pos, value, families[0][2]) for pos, value in families[0][1]]


def test_fast_list_markers_agree_with_the_plain_rule():
    pieces = ["一是", "二是", "三是", "十一是", "是否", "（1）", "（2）", "(3)", "1.", "2．", "3、", "1）", "2)", "①", "②",
              "第一，", "第二、", "（一）", "（二）", "；", "。", "，", "：", " ", "工作", "12", "一", "是"]
    rng = random.Random(5)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    texts += [p for t in _TEXTS for p in t.split("\n")]
    for t in texts:
        assert measures._find_markers(t) == _plain_markers(t), t


def test_clean_lines_in_one_pass_as_line_by_line():
    pieces = ["整改", "【更多公文素材 微信：x】", "##paidbegin##", " ", "\u3000", "\u00a0", "\n", "\r\n", "  ", "。", "a", "【", "#"]
    rng = random.Random(3)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(5000)] + _TEXTS
    for t in texts:
        if clean.is_web_text(t):
            continue
        plain = [ln for ln in (clean.normalize_line(r) for r in t.split("\n")) if ln]
        assert clean.clean_lines(t) == clean.unwrap(plain), repr(t)


def test_web_text_test_by_parts_as_the_one_pattern():
    pieces = ["<p>", "<BR>", "<!--", "&nbsp;", "&amp", "**", "**标题**", "\n", "# ", "\n## ", "---\n", "](http:", "](HTTPS:",
              "](httpx", "整改", "。", " ", "\ufeff", "<", "&", "**局党组"]
    rng = random.Random(8)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(20000)] + _TEXTS
    for t in texts:
        head = t[:200].lstrip("\ufeff \t\r\n")
        cheap = ("<" in t or "&" in t or "**" in t or "](" in t or "\n#" in t or head.startswith(("---", "#")))
        assert clean.is_web_text(t) == (cheap and bool(clean._WEB_SIGNS.search(t))), repr(t)
