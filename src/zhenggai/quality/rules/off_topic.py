"""off_topic: a measure that shares nothing with its problem's key terms.

A measure about 公务接待 under a problem about 意识形态 was written for another
problem. The key terms are the two-character words of the problem's title and
of the headings above it, without the words every title has (问题、工作、落实…).
Sharing none of them is common in loose prose (synonyms, a broader answer), so
on the corpus that test alone was wrong more often than right. A measure is
flagged only when, besides, its taxonomy subject is none of the problem's and
it repeats the wording of another problem of the same document: then it was
plainly written for that one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import lru_cache

from zhenggai.analysis.normalise import core

from ..model import Flag, Subject
from ..text import CJK, FORMULA, quote, strip_marker
from .base import Rule

CODE = "off_topic"
MIN_CHARS = 20  # a short measure ("立行立改") says too little to be off any topic
MIN_TERMS = 3  # a title with fewer key terms ("其他问题") gives nothing to compare
MIN_PHRASE = 5  # characters of another problem's title the measure must repeat
MIN_TOPIC_CHARS = 4  # characters of taxonomy keywords a measure must use to be "about" a subject

# Characters that make a bigram a grammatical seam rather than a word.
STOP_CHARS = set("的了和与及等是不有对为之其或而且也都把被于以从就够较仍尚未还很更并在中上下个些")
# Words every title or measure has: they carry no topic.
GENERIC = set(
    "关于 问题 方面 存在 整改 情况 工作 落实 到位 有待 一些 部分 个别 加强 进一步 不力 不严 不实 不足 薄弱 缺失 "
    "严格 规范 执行 开展 推进 推动 意识 责任 管理 制度 机制 建设 要求 重视 全面 深入 认真 及时 到底 有效 明显 "
    "仍然 还有 较多 较大 突出 差距 作用 力度 效果 质量 水平 能力 措施 方式 情况 领导 党组 党委 单位 我局 全局 "
    "贯彻 执行 坚持 完善 健全 提高 提升 增强 强化 各项 相关 有关 具体 主要 重点 一是 二是 三是 四是 五是".split()
)
WORD = re.compile(rf"[{CJK}]+")


def key_terms(title: str) -> set[str]:
    terms: set[str] = set()
    for run in WORD.findall(title):
        for k in range(len(run) - 1):
            bigram = run[k:k + 2]
            if bigram in GENERIC or bigram[0] in STOP_CHARS or bigram[1] in STOP_CHARS:
                continue
            terms.add(bigram)
    return terms


def check(subject: Subject) -> Iterator[Flag]:
    taxonomy = _taxonomy()
    title_classes = [set(taxonomy.keyword_scores(item.finding)) if item.leaf else set() for item in subject.items]
    for i, item in enumerate(subject.items):
        terms = key_terms(item.finding)
        for above in item.context:
            terms |= key_terms(above)
        if not item.measures or len(terms) < MIN_TERMS:
            continue
        # The topics of the problem: the taxonomy classes its title and headings name by keyword.
        topics = {c for t in (item.finding, *item.context) for c in taxonomy.keyword_scores(t)}
        if not topics:
            continue
        for j, measure in enumerate(item.measures):
            text = strip_marker(measure)
            if len(text) < MIN_CHARS or any(t in text for t in terms):
                continue
            # Sharing no word is common in loose prose; the measure is flagged only when it is
            # plainly about another subject of the taxonomy and about none of the problem's.
            scores = taxonomy.keyword_scores(text)
            if not scores or topics & set(scores):
                continue
            best = max(scores, key=scores.get)
            if scores[best] < MIN_TOPIC_CHARS:
                continue
            # ... and when it repeats the wording of another problem of the same document.
            other = _other_problem(subject, title_classes, i, text, taxonomy, best)
            if other is None:
                continue
            k, phrase = other
            yield Flag(
                CODE,
                f"本条措施（“{quote(text)}”）与问题“{quote(item.finding, 24)}”没有一个共同的关键词，"
                f"讲的是另一个问题“{quote(subject.items[k].finding, 24)}”的事（“{phrase}”）。"
                f"请核对措施是否放错了问题，或写明它怎样解决本问题。",
                item=i, measure=j, finding=item.finding,
            )


def _telling(phrase: str, taxonomy, code: str) -> bool:
    """A phrase that names a subject: long enough without the words every title has, no dates, one of the class's keywords."""
    if "\0" in phrase or re.search(r"[0-9]", phrase):
        return False
    bare = re.sub("|".join(sorted(GENERIC, key=len, reverse=True)) + r"|不到位|不够|不力|[的了和与及]", "", phrase)
    return len(bare) >= MIN_PHRASE - 1 and len(phrase) >= MIN_PHRASE and bool(taxonomy.keywords_in(phrase, code))


def _other_problem(subject: Subject, title_classes: list[set[str]], i: int, text: str, taxonomy, code: str) -> tuple[int, str] | None:
    """Another problem of the taxonomy class ``code`` whose title shares a phrase of MIN_PHRASE characters with ``text``."""
    masked = FORMULA.sub("\0", text)
    best: tuple[int, str] | None = None
    for k, other in enumerate(subject.items):
        if k == i or code not in title_classes[k]:
            continue
        title = FORMULA.sub("\0", core(other.finding))
        m = difflib.SequenceMatcher(None, title, masked, autojunk=False).find_longest_match(0, len(title), 0, len(masked))
        phrase = title[m.a:m.a + m.size]
        if not _telling(phrase, taxonomy, code):
            continue
        if best is None or len(phrase) > len(best[1]):
            best = (k, phrase)
    return best


@lru_cache(maxsize=1)
def _taxonomy():
    from zhenggai.analysis.taxonomy import Taxonomy

    return Taxonomy.load()


RULE = Rule(CODE, "措施与问题不对应", "措施与所针对问题（及其所属方面）标题中的关键词没有一个相同，讲的却是同一报告中另一个问题的事，"
            "可能放错了位置或答非所问。应核对措施与问题是否对应。", 10, check)
