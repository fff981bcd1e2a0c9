"""From a document's text to its reports.

A file may hold one report, several compiled one after another, or a report
whose title line was lost. Each report is found by its anchor — a title line
followed by the opening 根据…部署 paragraph, or that paragraph alone — and
read part by part.
"""

from __future__ import annotations

import re

from .clean import clean_lines, is_ad_line
from .figures import contact_from, is_contact_paragraph, statistics_from
from .meta import TITLE_HEAD, inspection_from, is_date_line, is_front_matter, is_opening, is_title_line, organization_from, sentences
from .model import Finding, ParseError, Report
from .measures import clear_caches
from .numbering import parse_numbering
from .lexicon import BASIC_PART, OTHER_PART, FEEDBACK_PROBLEMS_PART, FEEDBACK_SUGGESTIONS_PART, PROBLEMISH
from .kinds import document_kind
from .plan import tasks_from_table
from .outline import build_tree, clean_title
from .structure import first_sentence
from .lexicon import (
    NAME_NOISE,
    ASPECT_PART_WORDS,
    FINDINGS_PART,
    NOT_FINDINGS_PART,
    UNFINISHED_PART,
    ASPECT_PART_TITLE,
    BYLINE,
    CLOSING_START,
    CLOSING_WORDS,
    FEEDBACK_NUMBER,
    FINDINGS_WORDS,
    GUANYU,
    INSPECTED_CLAUSE,
    INSPECTION_WORD,
    LEADS_PART,
    LONG_TERM_PART,
    MEASURE_LINE_START,
    MEASURE_LIST_CUE,
    NAMED_ITEM,
    QUOTED_NAME,
    QUOTED_PART_TITLE,
    STRONG_ASPECT_PART,
)

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX2 = re.compile(r"^[一二三四五六七八九十]、")
_RX5 = re.compile(r"^[一二三四五六七八九十]是")



def parse_document(text: str, source: str | None = None) -> list[Report]:
    if not isinstance(text, str):
        raise ParseError("输入不是文本 (input is not text)")
    lines = clean_lines(text)
    if not lines:
        raise ParseError("文档为空 (empty document)")
    chunks = split_reports(lines)
    if not chunks:
        raise ParseError("未找到整改报告的内容 (no report found in the document)")
    try:
        reports = [read_report(chunk) for chunk in chunks]
    finally:
        clear_caches()  # memoised per document only: memory stays flat over big batches
        first_sentence.cache_clear()
    for i, report in enumerate(reports, 1):
        if source is not None:
            report.source = source if len(reports) == 1 else f"{source}#{i}"
    return reports


def split_reports(lines: list[str]) -> list[list[str]]:
    """Cut a document into reports at each title-and-opening anchor."""
    anchors: list[int] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if is_title_line(line):
            if i > 0 and line.startswith("关于") and TITLE_HEAD.match(lines[i - 1]) and (not anchors or anchors[-1] < i - 1):
                i -= 1  # the title's first line holds the organisation
                lines[i] = lines[i] + lines[i + 1]
                del lines[i + 1]
                n -= 1
                line = lines[i]
            j = i + 1
            while j < n and j <= i + 3 and (is_date_line(lines[j]) or is_ad_line(lines[j]) or _is_byline(lines[j])):
                j += 1
            if j < n and is_opening(lines[j]):
                anchors.append(i)
                i = j + 1
                continue
        if is_opening(line) and _starts_report(anchors, i, lines):
            anchors.append(i)
        i += 1
    if not anchors:
        # No recognisable opening: the whole text, minus leading adverts, is one report.
        start = 0
        while start < n and is_ad_line(lines[start]):
            start += 1
        return [lines[start:]] if start < n else []
    chunks = []
    for k, a in enumerate(anchors):
        b = anchors[k + 1] if k + 1 < len(anchors) else n
        chunks.append(lines[a:b])
    return chunks


def _is_byline(line: str) -> bool:
    return len(line) <= 30 and bool(BYLINE.match(line)) or is_front_matter(line)


def _starts_report(anchors: list[int], i: int, lines: list[str]) -> bool:
    """An opening paragraph without a title starts a report unless it is the first one's own."""
    if not anchors:
        return True
    last = anchors[-1]
    # The opening of the report just anchored at its title.
    if i - last <= 4 and not any(is_opening(lines[k]) for k in range(last, i)):
        return False
    # A second opening only counts after the previous report has closed.
    between = lines[last:i]
    return any(CLOSING_WORDS.search(ln) for ln in between[-6:]) or len(between) > 30 and any(
        _RX2.match(ln) for ln in between
    ) and bool(INSPECTED_CLAUSE.search(lines[i][:200]))


def read_report(lines: list[str]) -> Report:
    report = Report()
    warnings = report.warnings
    k = 0
    title = None
    if lines and is_title_line(lines[0]) and not is_opening(lines[0]):
        title = clean_title(lines[0])
        k = 1
    while k < len(lines) and (is_date_line(lines[k]) or is_ad_line(lines[k]) or _is_byline(lines[k])):
        k += 1
    opening = lines[k] if k < len(lines) and is_opening(lines[k]) else ""
    if opening:
        k += 1
    else:
        warnings.append("未找到开头段落（根据…部署…进行了巡视/巡察） (opening paragraph not found)")
    body = lines[k:]
    report.title = title
    kind = report.document_kind = document_kind(title, body)
    if not opening and kind != "report":
        warnings.pop()  # plans and feedback need not open with 根据…进行了巡察
        opening = next((ln for ln in body[:6] if INSPECTION_WORD.search(ln) and len(ln) > 30), "")
    report.organization = organization_from(title, opening)
    report.inspection = inspection_from(title, opening, "\n".join(body))
    decisions: list[str] = []
    table = tasks_from_table(body) if kind == "plan" else []
    if table:
        report.findings, preamble = table, []
        other_lines = [ln for ln in body if "\t" not in ln]
    else:
        body = [ln.replace("\t", " ") for ln in body]  # a table in a report is read as text
        if kind == "feedback":
            findings_lines, other_lines, suggestions = feedback_parts(body)
            report.suggestions = suggestions
            named: dict[str, list[str]] = {}
        else:
            findings_lines, other_lines, named = findings_part(body, decisions)
        report.findings, preamble = build_tree(findings_lines, kind, decisions)
        report.findings = [f for f in report.findings if not LEADS_PART.search(f.title)]
        for status, named_lines in named.items():
            apply_named_status(report.findings, named_lines, status)
    sents = [s for line in [opening] + preamble + other_lines for s in sentences(line)]
    report.statistics = statistics_from(sents)
    report.contact = contact_from(lines)
    assess(report, decisions)
    if not report.findings:
        warnings.append("未识别出反馈问题的整改情况 (no findings recognised)")
    if report.inspection.kind is None:
        warnings.append("未识别出巡视/巡察类别 (inspection kind not found)")
    if not report.title and not report.organization:
        warnings.append("未识别出标题和被巡视巡察单位 (no title or organisation)")
    return report


def _parts(body: list[str]) -> list[tuple[int, str]]:
    """Indices and titles of the top-level parts 一、二、三… in order.

    A short report may number its parts （一）（二）（三）; those count as parts only
    when one of them names the findings and another is of the other kinds."""
    parts = _numbered(body, "cn")
    if parts:
        return parts
    parts = _numbered(body, "pcn")
    kinds = {_classify_part(title) for _, title in parts}
    return parts if "container" in kinds and "other" in kinds else []


def _numbered(body: list[str], style: str) -> list[tuple[int, str]]:
    parts: list[tuple[int, str]] = []
    expect = 1
    for i, line in enumerate(body):
        num = parse_numbering(line)
        if num is not None and num.style == style and num.value == expect and len(line) <= 150:
            parts.append((i, num.rest))
            expect += 1
    return parts


def feedback_parts(body: list[str]) -> tuple[list[str], list[str], list[str]]:
    """A feedback document: (lines of the problems part, other lines, the suggestions).

    Without a part named for the problems, everything before the suggestions is."""
    parts = _parts(body)
    bounds = [(i, parts[j + 1][0] if j + 1 < len(parts) else len(body), t) for j, (i, t) in enumerate(parts)]
    problems: list[str] = []
    other: list[str] = list(body[: parts[0][0]]) if parts else []
    suggestions: list[str] = []
    named = [b for b in bounds if FEEDBACK_PROBLEMS_PART.search(b[2]) and not FEEDBACK_SUGGESTIONS_PART.search(b[2])]
    for b in bounds:
        section = body[b[0] + 1:b[1]]
        if FEEDBACK_SUGGESTIONS_PART.search(b[2]):
            suggestions.extend(_suggestions(section))
            other.extend(body[b[0]:b[1]])
        elif b in named or (not named and not OTHER_PART.search(b[2]) and _content_score(section) > 0):
            problems.extend(section)
        else:
            other.extend(body[b[0]:b[1]])
    if not parts:
        problems = body
    return problems, other, suggestions


def _suggestions(section: list[str]) -> list[str]:
    """Each numbered suggestion, or each paragraph; an unnumbered introduction is kept too."""
    out: list[str] = []
    for line in section:
        num = parse_numbering(line)
        text = num.rest if num is not None and num.opens_heading else line
        if num is None and out and not _RX5.match(line) and len(line) < 40:
            out[-1] += line
        elif text.strip():
            out.append(text.strip())
    return out


def assess(report: Report, decisions: list[str]) -> None:
    """Confidence (0–1) and the doubtful decisions, in Chinese, as warnings.

    Each doubt costs a share of confidence: how the findings part was found, levels
    taken from evidence rather than numbering, gaps in numbering, items without
    measures in a report, figures the tree does not bear out."""
    penalty = 0.0
    for d in decisions:
        if report.document_kind == "plan" and d.startswith("反馈问题部分"):
            continue  # a plan's 整改任务 part is where its tasks are expected
        report.warnings.append(d)
        penalty += 0.15 if d.startswith("反馈问题部分") else 0.05
    leaves = [f for f in report.all_findings() if not f.children]
    if report.document_kind == "report" and leaves:
        bare = [f for f in leaves if not f.measures]
        if len(bare) * 3 > len(leaves):
            report.warnings.append(f"{len(bare)} 个末级条目没有识别出整改措施（共 {len(leaves)} 个），层级可能有误")
            penalty += 0.15
    gaps = _numbering_gaps(report.findings)
    if gaps:
        report.warnings.append(f"同级标题编号不连续（{gaps[0]}），可能漏识或多识了标题")
        penalty += 0.1
    st = report.statistics
    if st.problems and leaves and report.document_kind == "report" and not (0.5 * st.problems <= len(leaves) <= 2 * st.problems):
        report.warnings.append(f"文中称共 {st.problems} 个问题，识别出 {len(leaves)} 个末级条目")
        penalty += 0.05
    if not report.findings:
        penalty += 0.6
    if report.inspection.kind is None:
        penalty += 0.1
    if not report.title and not report.organization:
        penalty += 0.1
    report.confidence = max(0.0, min(1.0, 1.0 - penalty))




def _numbering_gaps(findings: list[Finding]) -> list[str]:
    """Sibling headings whose written numbers (kept only in the source) skip: we check the
    titles that still carry 问题N / 反馈问题N numbering, the rest were stripped."""
    out: list[str] = []
    for f in findings:
        nums = [int(m.group(1)) for c in f.children if c.title[:1] in "反问" and (m := FEEDBACK_NUMBER.match(c.title))]
        if nums and nums != list(range(nums[0], nums[0] + len(nums))):
            out.append(f.title[:16])
        out.extend(_numbering_gaps(f.children))
    return out


def findings_part(body: list[str], decisions: list[str] | None = None) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Split the body into (findings lines, the other lines, lines of parts that name
    items by status: 需要进一步整改的事项 → ongoing, 需长期坚持的事项 → long_term)."""
    decisions = decisions if decisions is not None else []
    parts = _parts(body)
    if not parts:
        closing = _closing_index(body)
        return body[:closing], body[closing:], {}
    bounds = [(i, parts[j + 1][0] if j + 1 < len(parts) else len(body), title) for j, (i, title) in enumerate(parts)]
    findings: list[str] = []
    other: list[str] = list(body[: parts[0][0]])
    unfinished: list[str] = []
    long_term: list[str] = []
    kinds = [_classify_part(b[2]) for b in bounds]
    containers = [b for b, k in zip(bounds, kinds) if k == "container"]
    if len(containers) > 1:
        # 一、…问题整改责任落实情况 beside 二、…问题的整改进展情况: the first is about the work;
        # a separate part on the 意见建议 is not about the fed-back problems.
        containers = [b for b in containers if not BASIC_PART.search(b[2])] or containers
        containers = [b for b in containers if "问题" in b[2] or "建议" not in b[2]] or containers
    if len(containers) == 1 and len(bounds) > 1:
        # The heading words can mislead (一、扛起责任，推动问题整改落实 over the general
        # work): the part whose content is plainly the findings wins, and this is doubtful.
        own = _content_score(body[containers[0][0] + 1:containers[0][1]], enough=2)
        rivals = [(b, _content_score(body[b[0] + 1:b[1]])) for b, k in zip(bounds, kinds)
                  if own < 2 and b not in containers and not (k == "aspect" and STRONG_ASPECT_PART.search(b[2]))
                  and not OTHER_PART.search(b[2])]
        if rivals:
            rival, score = max(rivals, key=lambda x: x[1])
            if own < 2 and score >= 4 and score >= 3 * max(own, 1):
                containers = [rival]
                decisions.append(f"反馈问题部分按内容认定：“{rival[2][:20]}”（“{_first_container_title(bounds, kinds)[:20]}”的内容不像反馈问题）")
    aspects = [] if containers else [b for b, k in zip(bounds, kinds) if k == "aspect"]
    if len(aspects) == 1 and not STRONG_ASPECT_PART.search(aspects[0][2]) and _content_score(body[aspects[0][0] + 1:aspects[0][1]]) >= 2:
        # One part only reads like a problem ("直面短板弱项，…"): it holds the findings.
        containers, aspects = aspects, []
        decisions.append(f"反馈问题部分按内容认定：“{containers[0][2][:20]}”")
    for start, end, title in bounds:
        section = body[start:end]
        if (start, end, title) in containers:
            closing = _closing_index(section)
            findings.extend(section[1:closing])
            other.extend(section[closing:])
            other.append(section[0])
        elif (start, end, title) in aspects:
            closing = _closing_index(section)
            findings.extend(section[:closing])
            other.extend(section[closing:])
        else:
            other.extend(section)
            if UNFINISHED_PART.search(title):
                unfinished.extend(section[1:])
            elif LONG_TERM_PART.search(title):
                long_term.extend(section[1:])
    if not containers and not aspects:
        # No part names the findings: fall back to the part with most structure.
        # No part names the findings: the part whose content reads most like them
        # (problem sub-headings, measure lists, statuses), never a 下一步 part.
        # A 下一步/深化 word in a slogan heading halves the evidence, it does not rule the part out.
        def weight(b):
            score = _content_score(body[b[0] + 1:b[1]])
            return (score / 2 if OTHER_PART.search(b[2]) else score, _structure_score(body[b[0] + 1:b[1]]))

        best = max(bounds, key=weight)
        if _content_score(body[best[0] + 1:best[1]]) > 0 or _structure_score(body[best[0] + 1:best[1]]) > 0:
            findings = body[best[0] + 1:best[1]]
            decisions.append(f"反馈问题部分按内容认定：“{best[2][:20]}”")
    return findings, other, {"ongoing": unfinished, "long_term": long_term}






def _classify_part(title: str) -> str:
    """container (holds the findings), aspect (is one), or other."""
    if OTHER_PART.search(title):
        return "other"
    if ASPECT_PART_TITLE.search(title) or QUOTED_PART_TITLE.match(title):
        return "aspect"
    if FINDINGS_PART.search(title) and (FINDINGS_WORDS.search(title) or not BASIC_PART.search(title)):
        return "container"
    if not NOT_FINDINGS_PART.search(title) and ASPECT_PART_WORDS.search(title):
        return "aspect"
    return "other"




def _first_container_title(bounds, kinds) -> str:
    return next((b[2] for b, k in zip(bounds, kinds) if k == "container"), "")


def _content_score(lines: list[str], enough: int | None = None) -> int:
    """Evidence that a part reports the rectification of problems: sub-headings that
    name a problem or aspect, measure lists and statuses under them."""
    from .status import status_of

    score = 0
    for line in lines:
        num = parse_numbering(line)
        first = line[:120]
        if (num is not None and num.opens_heading or GUANYU.match(line)) and PROBLEMISH.search(first.split("。")[0]):
            score += 2
        if MEASURE_LIST_CUE.search(line):
            score += 1
        if status_of(line) is not None:
            score += 1
        if enough is not None and score >= enough:
            break  # the caller only needs to know the part reaches this much
    return score


def _structure_score(lines: list[str]) -> int:
    score = 0
    for line in lines:
        if MEASURE_LINE_START.match(line):
            score += 1
    return score


def _closing_index(lines: list[str]) -> int:
    """Where the closing 欢迎…监督 paragraph starts (or len). Near the end, a paragraph
    that publishes contacts in other words (…接受监督，联系电话：…) closes it too."""
    tail = len(lines) - 8
    for i, line in enumerate(lines):
        if CLOSING_START.search(line) or i >= tail and is_contact_paragraph(line):
            return i
    return len(lines)




def apply_named_status(findings: list[Finding], lines: list[str], status: str) -> None:
    """Items named in a 需要进一步整改的事项 part are still being rectified (and those
    in a 需长期坚持 part are long-term), whatever their own paragraph reports."""
    names: list[str] = []
    for line in lines:
        if not (parse_numbering(line) or GUANYU.match(line) or len(line) < 80):
            continue
        head = line[:200]
        names.extend(m.group(1) for m in QUOTED_NAME.finditer(head))
        names.extend(m.group(1) for m in NAMED_ITEM.finditer(head))
    names = [n for n in (_norm(n) for n in names) if len(n) >= 6]
    if not names:
        return
    for top in findings:
        for f in top.walk():
            if f.children:
                continue
            t = _norm(f.title)
            if any(n in t or (len(t) >= 6 and t in n) for n in names):
                f.status = status  # type: ignore[assignment]


def _norm(s: str) -> str:
    s = GUANYU.sub("", s)
    return NAME_NOISE.sub("", s).replace("问题", "")
