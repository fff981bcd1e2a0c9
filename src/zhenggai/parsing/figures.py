"""Totals the report states and the contact details it publishes.

Only figures written for the whole report count (N个方面, N个问题, 已完成N个,
N项制度); a masked figure (X, *) is unknown, not zero, and stops the search
so that a later, unrelated number is not taken in its place.
"""

from __future__ import annotations

import re

from .model import Contact, Statistics
from .numbering import CN, cn_to_int

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"[XxＸ*＊]+")
_RX1 = re.compile(r"中[，,]?$")
_RX2 = re.compile(r"(新建|建立|新制定|制定|出台|印发)")
_RX3 = re.compile(r"制度|办法|规定|细则|规则|方案")
_RX4 = re.compile(r"欢迎.{0,40}监督|接受.{0,20}监督|意见(?:和|或|、)?建议.{0,24}(?:反映|反馈|来信|联系)")
_RX5 = re.compile(r"(?:联系|举报|监督|咨询)电话|^电话[：:]|电子(?:邮箱|信箱|邮件)|邮政(?:编码|信箱)|来信地址|通信地址|通讯地址")
_RX6 = re.compile(r"[A-Za-z0-9]")
_RX7 = re.compile(r"\d{6}")


_N = rf"([0-9０-９]{{1,4}}|{CN}|[XxＸ*＊]{{1,4}})"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

ASPECTS = re.compile(_N + r"\s*(?:(?:个|大)?方面|大类)")
PROBLEMS_SPECIFIC = re.compile(_N + r"\s*(?:个|条|项)具体问题")
PROBLEMS = re.compile(_N + r"\s*(?:个|条)(?:反馈)?问题")
# "反馈问题21个", "反馈问题共计39个", "4个方面的问题共26个": the count after the word 问题.
PROBLEMS_AFTER = re.compile(
    r"(?:(?:反馈|梳理|指出|发现|涉及|认领|交办)[^，,。；;：:]{0,12}?问题\s*(?:共计|合计|总计|共有|共)?|问题\s*(?:共计|合计|总计|共有|共))\s*"
    + _N + r"\s*[个条]"
)
PROBLEMS_ITEMS = re.compile(_N + r"\s*项(?:反馈)?问题")
COMPLETED = [
    re.compile(r"(?:已经?|均已|已全部)(?:完成整改|整改完成|整改到位|完成|整改|办结|销号)(?:并销号)?(?:的)?(?:整改)?(?:事项|问题)?(?:有|共)?\s*" + _N + r"\s*[个项条件]"),
    re.compile(r"(?:完成整改|整改完成|整改到位)(?:并销号)?(?:的)?(?:问题)?(?:有|共)?\s*" + _N + r"\s*[个项条]"),
    re.compile(r"其中\s*" + _N + r"\s*[个项条](?:问题)?(?:已经?|均已)(?:完成整改|整改完成|整改到位|完成|整改|销号)"),
    re.compile(_N + r"\s*[个项条](?:问题)?(?:已经?|均已)(?:全部)?(?:完成整改|整改完成|整改到位|全部完成|完成|销号)"),
    # "12个问题整改完成": no 已, so the words must be the whole verb (not 整改完成率, 完成整改时限).
    re.compile(_N + r"\s*[个项条]问题(?:全部)?(?:完成整改|整改完成|整改到位)(?!率|时限|时间|后|的)"),
]
RULES = [
    re.compile(r"(?:建立|新建|制定|出台|修订|完善|健全|修改|印发|形成)[^。；;，,]{0,12}?(?:制度|规章|机制)[^。；;，,]{0,6}?" + _N + r"\s*[项个件条部]"),
    re.compile(_N + r"\s*[项个件条部](?:规章)?制度"),
    re.compile(r"建章立制\s*" + _N + r"\s*[项个件条]"),
]
_NAMED_DOCS = r"(?:《[^》]{1,80}》[、，,和及]?){1,40}(?:等)?\s*"
# "建立了《…》《…》3项，完善了《…》2项": the rules are the two parts together.
RULES_PAIR = re.compile(
    r"(?:建立|新建|制定|出台)了?" + _NAMED_DOCS + r"([0-9]{1,4})\s*[项个件部][^。；;]{0,6}?"
    r"(?:完善|修订|修改)(?:完善)?了?" + _NAMED_DOCS + r"([0-9]{1,4})\s*[项个件部]"
)
RULES_NAMED = re.compile(r"(?:建立|新建|制定|出台|修订|完善)了?" + _NAMED_DOCS + r"([0-9]{1,4})\s*[项个件部](?:制度)?")
# Counts of something other than all the fed-back problems, and "解决一个问题"-style idiom.
_NOT_TOTAL = re.compile(r"线索|信访|交办件|延伸|立行立改|(?<![0-9十])[一每](?:个|项|条)问题")
#: what may follow a problem count and still disqualify it ("8个问题线索"): the next two characters
_TAIL = 2
_SCOPE_WORDS = re.compile(r"反馈|指出|梳理|巡[视察]组|共|涉及|认领|交办|提出")


def _value(token: str) -> int | None:
    token = token.translate(_FULLWIDTH)
    if _RX0.fullmatch(token):
        return None
    if token.isdigit():
        return int(token)
    return cn_to_int(token) or None


def _first(patterns, sentences, need=None, skip=None, tail=None):
    """The first figure found; (found, value) so masked figures stop the search.

    ``skip`` is tested on the clause that holds the figure and the one before
    it: "64项整改措施中，已完成62项" counts measures, not problems. With ``tail``,
    the clause is cut ``tail`` characters after the figure: in "18个问题和移交的
    问题线索6件" the 线索 are counted apart and do not disqualify the 18.
    """
    for sent in sentences:
        if need is not None and not need.search(sent):
            continue
        for pat in patterns:
            for m in pat.finditer(sent):
                if skip is not None and skip.search(_near(sent, m.start(), m.end(), tail)):
                    continue
                return True, _value(m.group(1))
    return False, None


def _earliest(patterns, sentences, skip=None, tail=None):
    """As ``_first``, but within a sentence the match that comes first wins, whichever pattern."""
    for sent in sentences:
        best = None
        for pat in patterns:
            for m in pat.finditer(sent):
                if skip is not None and skip.search(_near(sent, m.start(), m.end(), tail)):
                    continue
                if best is None or m.start() < best.start():
                    best = m
                break
        if best is not None:
            return True, _value(best.group(1))
    return False, None


def _near(sent: str, start: int, end: int, tail: int | None = None) -> str:
    """The clause holding a match, with the clause before it when that ends in 中."""
    left = max(sent.rfind(c, 0, start) for c in "，,；;。") + 1
    right = min([i for i in (sent.find(c, end) for c in "，,；;。") if i >= 0] or [len(sent)])
    if tail is not None:
        right = min(right, end + tail)
    clause = sent[left:right]
    prev_left = max(sent.rfind(c, 0, max(0, left - 1)) for c in "，,；;。") + 1
    previous = sent[prev_left:left]
    return (previous if _RX1.search(previous) else "") + clause


_RULE_CLAUSE = re.compile(
    r"(?<!拟)(?:新建|建立|新制定|制定|出台|修订|完善|健全|修改|印发)(?:和|、|及)?(?:完善|修订|健全)?了?(?:相关)?"
    + r"(?:" + _NAMED_DOCS + r")?(?:规章)?制度(?:机制)?\s*"
    + _N + r"\s*[项个件条部]"
)


def _rules(sentences: list[str]) -> int | None:
    """Rules created and revised, as the report states them: "新建制度14项，修订完善制度9项"
    is 23; one total ("建立完善制度11项") is taken as it is; a masked figure is unknown."""
    for sent in sentences:
        if not ("制" in sent or "规章" in sent):
            continue  # every rule pattern names 制度, 机制, 规章 or 建章立制
        clauses = list(_RULE_CLAUSE.finditer(sent))
        if not clauses:
            found, value = _first(RULES, [sent])
            if found:
                return value
            continue
        values = [_value(m.group(1)) for m in clauses[:2]]
        if any(v is None for v in values):
            return None
        kinds = {_RX2.match(m.group()) is not None for m in clauses[:2]}
        # Two clauses add up only when one counts new rules and the other revised ones.
        return sum(values) if len(values) == 2 and len(kinds) == 2 else values[0]  # type: ignore[arg-type]
    return None


_NEED_ASPECTS = re.compile(r"问题|意见")
_NEED_COMPLETED = re.compile(r"问题|整改")
_SKIP_COMPLETED = re.compile(r"措施|任务|线索|信访|延伸|村|立行立改|^(?!.*问题).*(?<!其)中\s*[0-9一二三四五六七八九十]+\s*[个项条]")


def statistics_from(sentences: list[str]) -> Statistics:
    """Figures from the report's sentences outside the per-item findings."""
    st = Statistics()
    # Each pattern below needs a word that a substring test finds: sentences without it
    # are left out before any pattern runs (the first sentence with a figure is unchanged).
    scoped = [s for s in sentences if _SCOPE_WORDS.search(s)]
    aspect_cands = [s for s in scoped if "方面" in s or "大类" in s]
    found, st.aspects = _first([ASPECTS], aspect_cands, need=_NEED_ASPECTS)
    # The sentence that gives the aspects usually gives the problem total too.
    with_aspects = [s for s in aspect_cands if "问题" in s and ASPECTS.search(s)]
    scoped = [s for s in scoped if "问题" in s]  # every problem pattern names 问题
    found, st.problems = _first([PROBLEMS_SPECIFIC], with_aspects)
    if not found:
        # "反馈了5个方面的突出问题18个，…12个问题整改完成": the count nearest the aspects.
        found, st.problems = _earliest([PROBLEMS, PROBLEMS_AFTER], with_aspects, skip=_NOT_TOTAL, tail=_TAIL)
    if not found:
        found, st.problems = _first([PROBLEMS_SPECIFIC], scoped)
    if not found:
        found, st.problems = _first([PROBLEMS], scoped, skip=_NOT_TOTAL, tail=_TAIL)
    if not found:
        found, st.problems = _first([PROBLEMS_AFTER], scoped, skip=_NOT_TOTAL, tail=_TAIL)
    if not found:
        # The weakest form (N项问题): the whole sentence must be about all the problems.
        found, st.problems = _first([PROBLEMS_ITEMS], [x for x in scoped if not _NOT_TOTAL.search(x)])
    # "10个支部中9个已整改完成" counts part of something else, not problems.
    counted = [s for s in sentences if "个" in s or "项" in s or "条" in s or "件" in s]  # each pattern ends in one
    found, st.completed = _first(COMPLETED, counted, need=_NEED_COMPLETED, skip=_SKIP_COMPLETED)
    st.rules = _rules(sentences)
    if st.rules is None:
        for sent in sentences:
            if "《" not in sent:
                continue
            m = RULES_PAIR.search(sent)
            if m:
                st.rules = int(m.group(1)) + int(m.group(2))
                break
            m = RULES_NAMED.search(sent)
            if m and _RX3.search(sent):
                st.rules = int(m.group(1))
                break
    return st


# --- contact -----------------------------------------------------------------

# An extension (转806) belongs to the number it follows.
_EXT = r"(?:\s{0,2}转\s{0,2}\d{1,5})?"
# \d is any digit, full-width ones too (０５７１－８７０５１２３４ in some copies); the area
# code's 0 and a mobile's 1[3-9] are written either way.
_PHONE = re.compile(
    r"(?<!\d)([（(][0０]\d{2,3}[）)]\s*\d{7,8}" + _EXT + r"|[0０]\d{2,3}\s*[-－—–]{1,2}\s*\d{6,8}" + _EXT
    + r"|[0０]\d{2,3}[ \u3000]{1,2}\d{7,8}" + _EXT
    + r"|\d{7,8}(?:\s*[-－—–转]\s*\d{1,5})?|[1１][3-9３-９]\d{9}|[1１][2２][3３]\d{2})(?!\d)"
)
# 邮编：…, 邮政编码…, or six digits in brackets right after an address: "…华岳大厦（710065）".
_POSTCODE = re.compile(
    r"邮\s*(?:政)?\s*编\s*(?:码)?\s*[：:;；]?\s*(\d{6})(?!\d)|邮政信箱\s*[：:;；]?\s*(\d{6})(?!\d)"
    r"|[（(]\s{0,2}(\d{6})\s{0,2}[）)]"
)
# Every repetition is bounded and a bare address may only start where a run of
# address characters starts: an unbounded [A-Za-z0-9.]+ tried at each position
# of a long ASCII run is quadratic (a 128 KB run took 81 s).
_EMAIL = re.compile(
    r"(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?mail)(?:地址)?\s{0,3}[：:;；]?\s{0,3}"
    r"([A-Za-z0-9_\-.@＠]{1,80}(?:\s?\.\s?[A-Za-z]{2,6}){0,4})",
    re.IGNORECASE,
)
_EMAIL_BARE = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z0-9_.\-]{1,64}[@＠][A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,6}")
_ADDRESS = re.compile(
    r"(?:通信地址|通讯地址|联系地址|邮寄地址|来信地址|邮政地址|邮政信箱地址|邮政信箱|来信请寄至?|信件请寄至?|信函请寄至?|来信寄至|(?<!邮件)(?<!邮箱)(?<!网站)(?<!网页)地址)\s*[：:;；]?\s*"
    r"([^；;。\n]{1,120}?)(?=\s{0,3}(?:[；;。]|[，,]\s{0,3}(?:邮|电|联|传|网|微|[Ee]-?mail|QQ)|（\s{0,3}邮|\(邮|[（(]\s{0,2}\d{6}\s{0,2}[）)]|$))"
)
_EMAIL_MORE = re.compile(r"\s{0,2}[、/或和]\s{0,2}([A-Za-z0-9_\-.@＠]{3,80}(?:\s?\.\s?[A-Za-z]{2,6}){0,4})")
_FAX = re.compile(r"(?<![/、和及])传真\s*[：:]?\s*[0-9\-－—]+")


_CONTACT_VALUE = re.compile(
    r"(?:电话|邮箱|信箱|邮件|E-?mail)\s{0,3}[：:]?\s{0,3}(?:[（(]?0\d{2,3}|\d{7,8}|1[3-9]\d{9}|12388|[A-Za-z0-9_.\-]{2,64}[@＠]?)",
    re.IGNORECASE,
)


def is_contact_paragraph(line: str) -> bool:
    """The closing paragraph that publishes contacts ("…接受监督，联系电话：…"), so that it
    is not read as one more measure of the last item. It opens with a contact label, or
    speaks of 监督 / 意见建议 and gives a number or an address."""
    if not ("电话" in line or "邮" in line or "信箱" in line or "mail" in line.lower()):
        return False  # every label of _CONTACT_VALUE holds one of these
    if not _CONTACT_VALUE.search(line):
        return False
    return bool(_RX5.match(line) or _RX4.search(line))


def contact_from(lines: list[str]) -> Contact:
    """Contacts from the closing 欢迎…监督 paragraph and the lines after it."""
    c = Contact()
    start = None
    # The last such paragraph, unless a later mention (…意见建议，我们将及时反馈) gives no
    # contact and an earlier one does. Read from the end: the closing is near it.
    for i in range(len(lines) - 1, -1, -1):
        if _RX4.search(lines[i]):
            if start is None:
                start = i
            if any(_CONTACT_VALUE.search(ln) for ln in lines[i:i + 4]):
                start = i
                break
    if start is None:
        for i in range(max(0, len(lines) - 6), len(lines)):
            if _RX5.search(lines[i]):
                start = i
                break
    if start is None:
        return c
    text = "；".join(lines[start:start + 8])
    text = _FAX.sub("", text)
    for m in _EMAIL.finditer(text):
        email = m.group(1).strip(" .")
        if email and email not in c.email and _RX6.search(email):
            c.email.append(email)
        # "电子邮箱：a163.com、b163.com": further addresses after the labelled one.
        end = m.end()
        while (more := _EMAIL_MORE.match(text, end)) is not None:
            email = more.group(1).strip(" .")
            if email not in c.email and _RX6.search(email):
                c.email.append(email)
            end = more.end()
    for m in _EMAIL_BARE.finditer(text):
        if not any(m.group() in e or e in m.group() for e in c.email):
            c.email.append(m.group())
    pm = _POSTCODE.search(text)
    if pm:
        c.postcode = pm.group(1) or pm.group(2) or pm.group(3)
    am = _ADDRESS.search(text)
    if am:
        addr = am.group(1).strip(" ，,：:")
        if addr and not _RX7.fullmatch(addr):
            c.address = addr
    scrub = text
    for e in c.email:
        scrub = scrub.replace(e, " ")
    if c.postcode:
        scrub = scrub.replace(c.postcode, " ")
    if c.address:
        scrub = scrub.replace(c.address, " ")
    for m in _PHONE.finditer(scrub):
        phone = m.group(1).strip()
        if phone not in c.phone:
            c.phone.append(phone)
    return c
