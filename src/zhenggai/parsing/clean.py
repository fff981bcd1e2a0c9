"""Removing what the copying left behind.

Published reports reach us through document-sharing sites that splice
adverts into the text (【更多公文素材，微信：…】, split by stray spaces),
paywall markers (##paidbegin##) and subscription blurbs before the title.
None of it belongs to the report, and it must never leak into a field.
"""

from __future__ import annotations

import html
import re

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"[\s>|/·»›\-—:：]*")
_RX1 = re.compile(r"\s*(?:[-*_]\s*){3,}")


# An advert in 【】 that mentions material, WeChat, QQ, membership or resale;
# the copy sites insert spaces anywhere inside it, so each keyword allows them.
_AD_WORDS = r"(?:更\s*多|公\s*文|素\s*材|微\s*信|公\s*众\s*号|Q\s*Q|会\s*员|倒\s*卖|资\s*料|关\s*注|订\s*阅|下\s*载|d\s*a\s*d\s*a)"
AD_BRACKET = re.compile(r"【[^【】\n]{0,60}?" + _AD_WORDS + r"[^【】\n]{0,60}?(?:】|$)")
# An advert cut off by the end of the line without its closing bracket.
AD_TAIL = re.compile(r"【\s*更\s*多[^】\n]*$")
PAID = re.compile(r"#{1,3}\s*paid\s*(?:begin|end)\s*#{1,3}", re.IGNORECASE)
# Lines that are adverts on their own (subscription blurbs, group numbers).
AD_LINE = re.compile(
    r"(仅供学习|禁止外传|订阅|会员|QQ群|微信群|公众号|扫码|关注我们|免费领取|资料分享|实时分享|"
    r"倒卖|版权所有|侵权必究|下载更多|不断迭代)"
)

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u3000\ufeff\u200b]+")


def strip_ads(line: str) -> str:
    """Remove inline adverts and paywall markers from one line."""
    if "#" in line:
        line = PAID.sub("", line)
    if "【" in line:  # both advert patterns open with 【
        line = AD_BRACKET.sub("", line)
        line = AD_TAIL.sub("", line)
    return line


def normalize_line(line: str) -> str:
    """Strip adverts and collapse the whitespace that copying adds."""
    line = strip_ads(line)
    line = _SPACES.sub(" ", line).strip()
    return line


def is_ad_line(line: str) -> bool:
    """A short line that is nothing but an advert or a subscription blurb."""
    return len(line) <= 60 and bool(AD_LINE.search(line)) and "巡" not in line


# --- pages saved from the web ---------------------------------------------------
# A report copied from a news site arrives as Markdown (front matter, **bold**
# headings, link lines) or with HTML left in it (<p>, <br>, &nbsp;). Block tags
# end a paragraph; everything else of the markup goes, the words stay.
_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\n(.{0,4000}?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title\s*:\s*[\"']?(.{2,120}?)[\"']?\s*$", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.{0,2000}?-->", re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|tr|table|section|article|blockquote)\b[^<>\n]{0,400}?/?>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}\b[^<>\n]{0,400}?/?>")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,200}\]\([^()\n]{0,500}\)")
_LINK = re.compile(r"\[([^\[\]\n]{0,200})\]\([^()\n]{0,500}\)")
_URL = re.compile(r"https?://[^\s<>\"“”（）()]{1,500}")
_MD_LEAD = re.compile(r"^(?:\s{0,3}(?:#{1,6}|>|[-*+](?=\s))\s*)+")
_BOLD = re.compile(r"(?<!\\)(\*\*|__)(?=\S)([^*_\n]{1,400}?)(?<=\S)(?<!\\)\1")
_WEB_CHROME = re.compile(
    r"^(?:分享到|打印本页|关闭窗口|返回顶部|上一篇|下一篇|责任编辑|编辑|来源|阅读(?:量|次数)|字号|【字体|扫一扫|"
    r"相关(?:阅读|链接|文章)|原文链接|本文链接|网页链接|\[?点击)"
)
_WEB_SIGNS = re.compile(r"<(?:p|br|div|span|strong)\b|&(?:nbsp|emsp|ensp|lt|gt|amp|quot|#\d{2,6});|<!--|\A\ufeff?\s*---\s*\n|^\*\*[^*\n]{2,400}\*\*[。：:]?[ \t]*$|^#{1,6}[ \t]|\]\(https?:", re.MULTILINE | re.IGNORECASE)


_WEB_TAG = re.compile(r"<(?:p|br|div|span|strong)\b|<!--", re.IGNORECASE)
_WEB_ENTITY = re.compile(r"&(?:nbsp|emsp|ensp|lt|gt|amp|quot|#\d{2,6});", re.IGNORECASE)
_WEB_FRONT = re.compile(r"\A\ufeff?\s*---\s*\n")
_WEB_BOLD_LINE = re.compile(r"^\*\*[^*\n]{2,400}\*\*[。：:]?[ \t]*$", re.MULTILINE)
_WEB_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_WEB_LINK = re.compile(r"\]\(https?:", re.IGNORECASE)


def is_web_text(text: str) -> bool:
    """Markup of a saved web page or Markdown file (cheap test on the whole text)."""
    head = text[:200].lstrip("\ufeff \t\r\n")
    if not ("<" in text or "&" in text or "**" in text or "](" in text or "\n#" in text
            or head.startswith(("---", "#"))):
        return False
    # _WEB_SIGNS's alternatives one by one, each only where its opening characters occur:
    # reports mask names with ** and would otherwise cost a scan of every line start.
    if "<" in text and _WEB_TAG.search(text) or "&" in text and _WEB_ENTITY.search(text):
        return True
    if _WEB_FRONT.match(text) or "](" in text and _WEB_LINK.search(text):
        return True
    if ("\n**" in text or text.startswith("**")) and _WEB_BOLD_LINE.search(text):
        return True
    return ("\n#" in text or text.startswith("#")) and bool(_WEB_HEADING.search(text))


def strip_markup(text: str) -> str:
    """The words of a page saved from the web: front matter's title kept as the first
    line, comments, tags, entities, images and link targets removed."""
    title = None
    fm = _FRONT_MATTER.match(text)
    if fm:
        tm = _FRONT_TITLE.search(fm.group(1))
        title = tm.group(1).strip() if tm else None
        text = text[fm.end():]
    text = _HTML_COMMENT.sub("", text)
    text = _CELL_END.sub("\t", text)  # an HTML table keeps its columns, as a Word table does
    text = _BLOCK_TAG.sub("\n", text)
    text = _INLINE_TAG.sub("", text)
    text = html.unescape(text)
    text = _IMAGE.sub("", text)
    lines = []
    for raw in text.split("\n"):
        if "](" in raw:
            if _LINK.search(raw) and _RX0.fullmatch(_LINK.sub("", raw)):
                continue  # a line of links only: breadcrumbs, navigation
            raw = _LINK.sub(lambda m: m.group(1), raw)
        line = _MD_LEAD.sub("", raw)
        line = _BOLD.sub(lambda m: m.group(2), line)
        line = line.replace("\\*", "*").replace("\\_", "_")
        bare = _URL.sub("", line).strip(" \t|:：")
        if line.strip() and (not bare or _WEB_CHROME.match(bare.strip()) and len(bare) <= 60):
            continue  # a line that is only a link, or the page's own buttons
        if _RX1.fullmatch(line):
            continue  # a Markdown rule
        lines.append(line)
    if title and not any(title in ln for ln in lines[:5]):
        lines.insert(0, title)
    return "\n".join(lines)


def clean_lines(text: str) -> list[str]:
    """The document's non-empty lines, adverts removed, whitespace normalised."""
    if is_web_text(text):
        text = strip_markup(text)
    if "\t" not in text:
        # No table: every line as normalize_line makes it, the spaces collapsed in one pass
        # over the text (no space class holds \n, so lines do not run together).
        raws = text.split("\n")
        if "#" in text or "【" in text:
            raws = [strip_ads(r) if "#" in r or "【" in r else r for r in raws]
        return unwrap([ln for ln in (r.strip() for r in _SPACES.sub(" ", "\n".join(raws)).split("\n")) if ln])
    out: list[str] = []
    for raw in text.split("\n"):
        if "\t" in raw.strip():
            cells = [normalize_line(c) for c in raw.strip().split("\t")]
            if len(cells) >= 3 and sum(1 for c in cells if c) >= 2:
                out.append("\t".join(cells))  # a table row keeps its columns
                continue
        line = normalize_line(raw)
        if line:
            out.append(line)
    return unwrap(out)


# --- text from PDFs and fixed-width pages ------------------------------------------
# Text taken from a PDF breaks every paragraph at the page width: most lines are as
# wide as the page and stop mid-sentence. Such lines are joined to the next one; a
# line that ends its sentence, or is shorter than the page (a heading, a paragraph's
# last line), ends its paragraph. Widths are visual: a CJK character counts 2. A text
# is taken as broken so only when no more than a few lines are wider than that width.
_LINE_END = ("。", "！", "？", "；", "：", ":", ";", "!", "?", "…", "”", "）", ")", "】", "》")
# Lines that start something of their own: a part heading, a date line under the title.
_PART_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|\s*[（(]?\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*[）)]?$)"
)


_SENTENCE_END = ("。", "！", "？", "!", "?", "…")
# A title as wide as the page is followed by the opening, not continued by it.
_TITLE_END = re.compile(r"(?:通报|报告|情况|公示|公开|公告|方案|意见)$")
_OPENING_START = re.compile(r"^(?:根据|按照|依据|遵照|为)")


def _width(line: str) -> int:
    return (len(line.encode("utf-8")) + len(line)) // 2  # CJK: 3 bytes → 2, ASCII: 1 → 1


def unwrap(lines: list[str]) -> list[str]:
    """Paragraphs that a fixed page width broke into lines, joined again (see above)."""
    if len(lines) < 8:
        return lines
    open_lines = [ln for ln in lines if len(ln) >= 12 and not ln.endswith(_LINE_END) and "\t" not in ln]
    if len(open_lines) < 5 or len(open_lines) < 0.3 * len(lines):
        return lines  # the common case: paragraphs end their sentences
    widths: dict[int, int] = {}
    for ln in open_lines:
        w = _width(ln)
        widths[w] = widths.get(w, 0) + 1
    # The page width: the widest band of 4 that holds most open lines.
    page, held = max(((w, sum(widths.get(w - k, 0) for k in range(4))) for w in widths), key=lambda x: (x[1], x[0]))
    if held < 5 or held < 0.3 * len(open_lines):
        return lines  # open lines of every width: a layout, not a page width
    if sum(1 for ln in lines if _width(ln) > page + 2) > 0.05 * len(lines):
        return lines  # paragraphs wider than the "page": unpunctuated headings, not a page width
    out: list[str] = []
    joining = False
    for ln in lines:
        if joining and not _PART_HEADING.match(ln) and not (_TITLE_END.search(out[-1]) and _OPENING_START.match(ln)):
            out[-1] += ln
        else:
            out.append(ln)
        # A full line goes on unless it ends a sentence: a break after ；or ： is the page's.
        joining = "\t" not in ln and not ln.endswith(_SENTENCE_END) and _width(ln) >= page - 3
    return out


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row kept by clean_lines, or None for a paragraph."""
    return line.split("\t") if "\t" in line else None
