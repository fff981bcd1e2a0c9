"""Who was inspected, by whom and when: the report's opening lines.

Every report opens the same way (根据…统一部署，[dates]，[group]对[unit]进行了
巡察。[date]，…反馈了巡察意见). We read that paragraph as a reader would and
keep values as written, masks included, because the ledger import and the
inspection office compare units by these exact strings.
"""

from __future__ import annotations

import re

from .dates import find_dates
from .model import Inspection
from .numbering import CN

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).
_RX0 = re.compile(r"(?<=[。！？!?；;])")
_RX1 = re.compile(r"巡[视察]")
_RX2 = re.compile(r"反馈")
_RX3 = re.compile(r"^(?:根据|按照|依据|经|由|在)")
_RX4 = re.compile(r"(?<=[。！？!?])")
_RX5 = re.compile(r"至|到|—|－|-|~|～")
_RX6 = re.compile(r"巡[视察]|进驻")
_RX7 = re.compile(r"^(.{2,60}?)关于")
_RX8 = re.compile(r"^.*?(?:巡[视察]组|巡[视察][一二三四五六七八九十]+组)")
_RX9 = re.compile(r"^(根据|按照|依据|据|为|经|在|对|[一二三四五六七八九十]+、|（|\(|\d)")
_RX10 = re.compile(r"整改|巡[视察]")
_RX11 = re.compile(r"(通报|报告|公告|公示|通告|情况|说明|公开|公布)$")
_RX12 = re.compile(r"(?:反馈意见|整改(?:工作)?(?:实施)?方案|(?:分解|清单)表|问题清单|任务清单)$")
_RX13 = re.compile(r"[。]")
_RX14 = re.compile(r"对|进驻|进行|开展")


_CJK = "\u4e00-\u9fff"
_GROUP_NO = rf"(?:{CN}|[0-9０-９]{{1,3}}|[XxＸ*＊]{{1,2}})"
INSPECTOR = re.compile(
    rf"((?:[{_CJK}]{{0,12}}?(?:党委|工委|党组|委员会|[省市县区州旗盟]委|中央))?"
    rf"(?:第{_GROUP_NO}(?:联动|专项|机动)?巡[视察](?:工作)?组(?:[、和及与]第{_GROUP_NO}(?:联动|专项|机动)?巡[视察](?:工作)?组)*"
    rf"|巡[视察](?:工作)?{_GROUP_NO}组(?:[、和及与]{_GROUP_NO}组)*"
    rf"|巡[视察]第{_GROUP_NO}组))"
)
_PREFIX_JUNK = re.compile(rf"^.{{0,40}}?(?:月|日|至|由|和|及|、|于|是|的|对|经|向)(?=[{_CJK}]{{0,20}}?(?:[省市县区州旗盟]委|党委|工委|中央))")
# 九届区党委第九轮, 十二届市委第五轮, and with the body first: 省委十一届第三轮. The pattern opens
# with the number (a character class the engine can skip to); the body's name before it is
# added by _round().
ROUND = re.compile(rf"([0-9０-９{CN[1:-6]}十]{{1,4}}届[{_CJK}]{{0,6}}?第{_GROUP_NO}轮)")
_ROUND_BODY = re.compile(r"(?:[省市县区州]委|自治区党委|区党委)$")
# 市委第三轮巡察, 市委2023年第一轮巡察 (a round counted within its year).
ROUND_SHORT = re.compile(rf"((?:[省市县区州]委|区党委|自治区党委)(?:[0-9０-９]{{4}}年度?)?第{_GROUP_NO}轮)(?=巡)")
TYPE_WORDS = [
    ("常规", re.compile(r"常规(?:巡[视察]|性巡)")),
    ("专项", re.compile(r"专项巡[视察](?!组)|巡[视察][^。，]{0,6}专项")),
    ("机动", re.compile(r"机动(?:式)?[”\"]?巡[视察](?!组)")),
    ("回头看", re.compile(r"回头看")),
    ("延伸", re.compile(r"延伸巡[视察]|巡[视察]延伸")),
    ("提级", re.compile(r"提级(?:交叉)?巡[视察]")),
    ("交叉", re.compile(r"交叉巡[视察]")),
    ("联动", re.compile(r"联动巡[视察](?!组)")),
]
_ORG_SUFFIX = r"(?:党组|党委|工委|党工委|委员会|党总支|总支部|党支部|支部|党组织|区委|县委|市委|州委|旗委|办公室|机关)"
ORG_FROM_OPENING = re.compile(
    r"对([^，。；对]{2,60}?)(?:（以下简称[^）]*）)?(?:党组织)?(?:开展|进行|实施)(?:了)?(?:为期[^，。]{1,8}的)?(?:常规|专项|机动|提级|交叉|联动)?(?:巡视|巡察)"
)


def sentences(text: str) -> list[str]:
    return [s for s in _RX0.split(text) if s.strip()]


def _round(text: str) -> str | None:
    first = text.find("届")
    if first < 0:
        return None  # most texts name no 届; a match starts at most 4 characters before one
    m = ROUND.search(text, max(0, first - 4))
    if m is None:
        return None
    body = _ROUND_BODY.search(text, max(0, m.start() - 5), m.start())
    return text[body.start():m.end()] if body else m.group(1)


def inspection_from(title: str | None, opening: str, body: str) -> Inspection:
    """Kind, group, round, types and dates from the title and opening paragraph."""
    insp = Inspection()
    # A copy that broke the opening paragraph into lines (text from a PDF, a narrow page)
    # goes on in the next lines until its sentence ends.
    lines = body[:3000].split("\n")
    used = 0
    while opening and not opening.endswith(_PARAGRAPH_END) and used < min(3, len(lines)) and not _LEAD_STOP.match(lines[used]):
        opening += lines[used]
        used += 1
    head = (title or "") + "\n" + opening
    insp.inspector = find_inspector(opening) or find_inspector(title or "")
    if insp.inspector:
        insp.kind = "巡视" if "巡视" in insp.inspector else "巡察"
    else:
        m = _RX1.search(head)
        insp.kind = m.group() if m else None  # type: ignore[assignment]
    insp.round = _round(head) or _round(body[:20000])
    if insp.round is None:
        m = ROUND_SHORT.search(head)
        insp.round = m.group(1) if m else None
    lead = _LEAD_CLAUSE.match(opening)
    fb_at = opening.find("反馈", lead.end() if lead else 0)
    scope = (opening[:fb_at] if fb_at >= 0 else opening) + (title or "")
    insp.types = [name for name, pat in TYPE_WORDS if pat.search(scope)]
    insp.start, insp.end, insp.feedback = _period_and_feedback(opening)
    if insp.feedback is None:
        # The opening may stop at the visit; the feedback date then opens the next paragraph.
        for line in lines[used:used + 2]:
            if _LEAD_STOP.match(line):
                break
            if "反馈" in line:
                start, end, insp.feedback = _period_and_feedback(opening + line)
                insp.start, insp.end = insp.start or start, insp.end or end
                break
    return insp


_PARAGRAPH_END = ("。", "：", ":", "！", "？", "；")
_LEAD_CLAUSE = re.compile(r"^(?:为|根据|按照|依据|遵照)[^，,。]{0,80}[，,]")
_VISIT_END = re.compile(r"[^，,。；;]{0,12}?(?:结束|离开|撤离)")  # matched right after the second date
# A numbered heading: the report's parts have begun, the opening is over.
_LEAD_STOP = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[.．、])")
# "反馈会于5月8日召开", "反馈时间为…": a date close after 反馈, in the same clause.
_AFTER_FEEDBACK = re.compile(r"[^，,。；;：:]{0,12}")


_UNNUMBERED_GROUP = re.compile(rf"((?:[{_CJK}]{{0,12}}?(?:党委|工委|党组|[省市县区州旗盟]委|中央))巡[视察]组)(?=[^，。]{{0,40}}?对)")


def find_inspector(text: str) -> str | None:
    """The group as written: 市委第三巡察组, 市委巡察一组、二组, or an unnumbered 市委巡察组."""
    m = INSPECTOR.search(text) or _UNNUMBERED_GROUP.search(text)
    if m is None:
        return None
    value = _PREFIX_JUNK.sub("", m.group(1))
    return _RX3.sub("", value)


def _period_and_feedback(opening: str) -> tuple[str | None, str | None, str | None]:
    start = end = feedback = None
    found_period = False
    carried: str | None = None  # a reader carries the year into the next sentence
    for sent in _RX4.split(opening):
        dates = [_with_year(d, carried) for d in find_dates(sent)]
        if not dates:
            continue
        years = [d.year for d in dates if d.year]
        if years:
            carried = years[-1]
        # 反馈 inside a leading 根据/按照… clause (…巡视反馈意见整改工作要求，) names the
        # subject, not the feedback event.
        lead = _LEAD_CLAUSE.match(sent)
        fb = _RX2.search(sent, lead.end() if lead else 0)
        if not found_period:
            period = [d for d in dates if not fb or d.start < fb.start()]
            # The range mark after the first date: 2020-10-09至… has dashes of its own.
            rng = _RX5.search(sent, max(0, period[0].end - 2)) if period else None
            if period and rng and len(period) >= 2:
                start, end = period[0].iso(), period[1].iso()
                found_period = True
                dates_after = [d for d in dates if d.start > period[1].end]
            elif period and _RX6.search(sent) and not fb:
                start = period[0].iso()
                found_period = True
                dates_after = dates[1:]
                # "…4月10日进驻…，6月9日结束": the second date closes the visit.
                if len(period) >= 2 and _VISIT_END.match(sent, period[1].end):
                    end = period[1].iso()
                    dates_after = dates[2:]
            else:
                dates_after = dates
        else:
            dates_after = dates
        if fb and feedback is None:
            before = [d for d in dates_after if d.start < fb.start()] or [d for d in dates if d.start < fb.start()]
            if before:
                feedback = before[-1].iso()
            else:
                gap = _AFTER_FEEDBACK.match(sent, fb.end()).end()
                after = [d for d in dates if fb.end() <= d.start <= gap]
                if after:
                    feedback = after[0].iso()
    return start, end, feedback


def _with_year(d, year: str | None):
    if d.year is None and year is not None:
        from dataclasses import replace

        return replace(d, year=year)
    return d


# What follows the unit's name in a title: the inspection it answers to and the subject
# (落实县委第二巡察组反馈意见整改…, 十一届省委第三轮巡视…, 巡察整改…). Requiring it keeps
# 中共某县委员会 whole (县委 is a suffix too) and keeps 落实市委… from being taken for a unit.
_SUBJECT = (
    rf"(?=(?:落实|贯彻落实|对)?(?:中央|[省市县区州旗]委|自治区党委|区党委|党委|党组)?(?:[0-9０-９{CN[1:-6]}十]{{1,4}}届)?"
    rf"(?:[省市县区州旗]委|区党委)?(?:[0-9０-９]{{4}}年度?)?(?:第.{{1,4}}轮)?(?:第.{{1,4}}巡[视察](?:工作)?组)?"
    r"(?:巡视|巡察|整改|反馈|集中|专项|机动|提级|交叉|联动|“))"
)
_GROUP_END = re.compile(r"巡[视察](?:工作)?[一二三四五六七八九十0-9]{0,3}组$")
_ORG_INSPECTED = re.compile(rf"(?:对)?(?:巡视|巡察)?(.{{2,50}}?{_ORG_SUFFIX})(?=的|巡视|巡察|情况|反馈|党组织)")
_ORG_AFTER_GUANYU = re.compile(rf"^关于(?!落实|贯彻|对)(.{{2,50}}?{_ORG_SUFFIX}){_SUBJECT}")
_ORG_BEFORE_SUBJECT = re.compile(rf"^(?!关于)(.{{2,50}}?{_ORG_SUFFIX}){_SUBJECT}")


def organization_from(title: str | None, opening: str) -> str | None:
    """The inspected organisation as the title writes it, else as the opening does."""
    if title:
        t = title
        m = _RX7.match(t)
        if m and _GROUP_END.search(m.group(1)):
            # A feedback: "县委第七巡察组关于巡察某局党组的反馈意见" names the group first.
            fm = _ORG_INSPECTED.match(t, m.end())
            if fm:
                return fm.group(1)
        elif m and not m.group(1).startswith(("根据", "按照")):
            return m.group(1).strip("“”\"' ")
        m = _ORG_AFTER_GUANYU.match(t)
        if m:
            return m.group(1)
        # "中共某县委员会巡察整改进展情况的通报": no 关于, the name runs up to the subject.
        m = _ORG_BEFORE_SUBJECT.match(t)
        if m:
            return m.group(1)
    m = ORG_FROM_OPENING.search(opening) or _ORG_VISITED.search(opening)
    if m:
        org = m.group(1)
        org = _RX8.sub("", org).strip("，, ")
        cut = _ORG_THEN_SCOPE.match(org)  # 对某局党组落实…情况进行了巡察: the unit, not the scope
        return (cut.group(1) if cut else org) or None
    return None


# "巡视组进驻某县，开展了…巡视": the unit visited.
_ORG_VISITED = re.compile(r"进驻([^，。；、]{2,40}?)(?:[，,]|开展|进行|对)")
_ORG_THEN_SCOPE = re.compile(
    rf"^(.{{2,50}}?{_ORG_SUFFIX})(?:及其|及所属|领导班子|落实|贯彻|履行|政治|党的|党建|工作|全面从严)"
)


def is_title_line(line: str) -> bool:
    """A report title: short, unpunctuated, names a rectification report."""
    if len(line) > 90 or len(line) < 6:
        return False
    if _RX9.match(line):
        return False
    if line.endswith(("。", "；", "，", "：")):
        return False
    if not _RX10.search(line):
        return False
    if _RX11.search(line):
        return True
    # The other documents of the work: the feedback and the plan with its task table.
    return bool(_RX12.search(line))


DATE_LINE = re.compile(
    r"^\s*[（(]?\s*(?:(?:发布|发文|印发)?(?:时间|日期)[：:])?\s*"
    r"(?:\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[）)]?\s*(?:来源.*)?$"
)
# The first half of a title that Word broke after the organisation's name.
TITLE_HEAD = re.compile(r"^(?:中共)?[\u4e00-\u9fffA-Za-z0-9（）()·*Ｘ]{2,40}(?:党组|党委|工委|党工委|委员会|党总支|党支部|区委|县委|市委|州委|旗委|机关)$")


def is_date_line(line: str) -> bool:
    return bool(DATE_LINE.match(line))


# What stands between a title and its opening in published copies: the document number
# (南教体党〔2024〕9号), a portal's byline (发布日期：… 信息来源：… 浏览次数：…), 签发人.
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*[0-9]{4}\s*[〕\]］】)）]\s*[0-9]{1,4}\s*号$")
_BYLINE_WORDS = re.compile(r"(?:信息来源|发布(?:日期|时间|机构)|来源[：:]|作者[：:]|浏览(?:次数)?[：:]|点击(?:数|量|次数)?[：:]|阅读(?:量|次数)?[：:]|责任编辑|字号[：:]|签发人[：:]|字体[：:]|打印本页|关闭窗口|分享到|扫一扫)")


def is_front_matter(line: str) -> bool:
    """A document number or a byline line of a portal (not prose: short, made of labels)."""
    if len(line) > 90:
        return False
    return bool(_DOC_NUMBER.match(line) or _BYLINE_WORDS.search(line) and not line.endswith("。"))


OPENING = re.compile(
    r"^(?:(?:(?:为|经|在)[^。，]{0,60}[，,]\s*)?(?:根据|按照|依据|据|遵照|按)[^。]{0,80}?(?:部署|安排|要求|规定)"
    r"|(?:[0-9０-９Xx*＊]{2,4}|[〇○零一二三四五六七八九]{4})\s*年[^。]{0,40}?巡[视察]"
    r"|(?:[\u4e00-\u9fff]{0,8}?(?:省委|市委|县委|区委|州委|党委|中央))[^。]{0,12}?巡[视察][^。]{0,12}?组[^。]{0,30}?(?:于|对))"
)


def is_opening(line: str) -> bool:
    """The opening paragraph: 根据…统一部署, …巡察组对…进行了巡察."""
    if not OPENING.match(line):
        return False
    first = _RX13.split(line, maxsplit=1)[0]
    if not _RX1.search(first):
        return False
    if _RX14.search(line[:300]):
        return True
    # A paragraph broken into lines (a PDF's text): the first line stops mid-sentence,
    # before 对…进行了巡察, but already gives the date or the group.
    return (len(line) >= 20 and not line.endswith(_PARAGRAPH_END + ("，", ",")) and bool(_BROKEN_OPENING.search(line))
            and not is_title_line(line))


_BROKEN_OPENING = re.compile(r"[0-9〇○]\s*年|巡[视察](?:工作)?[一二三四五六七八九十0-9]{0,3}组")
