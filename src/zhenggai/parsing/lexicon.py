"""The words and marks of the genre, in one place.

Reports, feedback and plans are written with a small stock of numbering marks
and cue words. Everything the parser knows about them is listed here — what
each numbering style may open (a heading, a measure, or either), which words
name a part of the document, a heading, a label, a status, a figure or a
plan's column — so that a new variant found in the wild is one edit here, not
a hunt through modules. Modules keep the rules (where a cue counts); this
module keeps the cues. Every pattern is bounded (no nested unbounded repeats),
so that parsing stays linear on any input.

Groups, in the order a reader meets them:
  numbering styles · parts of a document · headings · labels under a heading ·
  measures · statuses · which document of the work · a plan's task table
"""

from __future__ import annotations

import re

# === numbering styles ==================================================================
CN_DIGITS = "零〇一二三四五六七八九十百两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CN = f"[{CN_DIGITS}]{{1,4}}"
ASCII_DIGITS = "0123456789０１２３４５６７８９"

#: Paragraph-leading numbering, most specific first: (style, pattern giving the number
#: text, the characters a line in this style can start with).
NUMBERING_STYLES: list[tuple[str, re.Pattern[str], str]] = [
    ("cn", re.compile(rf"^({CN})\s*[、．.，,](?!\d)"), CN_DIGITS),                               # 一、
    ("pcn", re.compile(rf"^[（(]\s*({CN})\s*[）)]\s*[、．.]?"), "（("),                            # （一）
    ("feedback", re.compile(rf"^((?:反馈)?问题\s*(?:[0-9０-９]{{1,3}}|{CN}))\s*[：:]"), "反问"),   # 反馈问题1：
    ("ar", re.compile(r"^([0-9０-９]{1,3})\s*(?:[．.](?![0-9０-９])|[、，,](?![0-9０-９])|\s(?=[\u4e00-\u9fff“\"《]))"),
     ASCII_DIGITS),                                                                             # 1. 1、
    ("par", re.compile(r"^[（(]\s*([0-9０-９]{1,3})\s*[）)]\s*[、．.]?"), "（("),                  # （1）
    ("circ", re.compile(rf"^([{CIRCLED}])\s*[、．.]?"), CIRCLED),                                 # ①
    ("rpar", re.compile(r"^([0-9０-９]{1,3})\s*[）)]"), ASCII_DIGITS),                            # 1）
]
#: 一是 二是…: a measure mark inside a paragraph, and at its start (not 一是否…).
SHI_STYLE = re.compile(rf"^({CN})是")
SHI_NOT = ("一是否", "是")

HEADING = "heading"        # opens a heading by its number alone
NAMED_HEADING = "named"    # opens a heading only when its text names a problem (一是针对…的问题。)
MEASURE = "measure"        # may number a measure (a paragraph or a clause of one)

#: style → what a paragraph opening with it may be. GB/T 9704 gives 一、（一）1.（1） to
#: headings; reports also number measures with （1） ① 1. and 一是, and 一是 opens a
#: heading only as 一是针对…的问题。一是…. Which of its roles a style plays in one report
#: is decided by the outline from the whole findings part (structure.py).
NUMBERING_ROLES: dict[str, frozenset[str]] = {
    "cn": frozenset({HEADING}),                   # 一、
    "pcn": frozenset({HEADING, MEASURE}),         # （一）  (measures too, in short reports)
    "feedback": frozenset({HEADING}),             # 反馈问题1：
    "ar": frozenset({HEADING, MEASURE}),          # 1. 1、
    "par": frozenset({HEADING, MEASURE}),         # （1）
    "circ": frozenset({HEADING, MEASURE}),        # ①
    "rpar": frozenset({HEADING, MEASURE}),        # 1）
    "shi": frozenset({MEASURE, NAMED_HEADING}),   # 一是
    "guanyu": frozenset({HEADING}),               # 关于“…”问题 (unnumbered)
    "zhendui": frozenset({HEADING}),              # 针对“…”问题 (unnumbered)
    "task": frozenset({HEADING}),                 # 整改任务：
    "labelhead": frozenset({HEADING}),            # 队伍建设方面： (unnumbered, in runs)
}


def opens_heading(style: str) -> bool:
    """A paragraph numbered in this style is a heading candidate by its number alone."""
    return HEADING in NUMBERING_ROLES.get(style, ())


def may_name_heading(style: str) -> bool:
    """This style opens a heading when its text names a problem (一是针对…的问题。)."""
    return NAMED_HEADING in NUMBERING_ROLES.get(style, ())


def may_number_measure(style: str) -> bool:
    """This style may number measures, so a paragraph in it needs evidence to be a heading."""
    return MEASURE in NUMBERING_ROLES.get(style, ())


#: measure marks that open a paragraph or clause: 一是 首先 其次 第一， ①
MEASURE_START = re.compile(
    rf"^(?:[一二三四五六七八九十]+是|首先|其次|第[一二三四五六七八九十]+[，,、]|[{CIRCLED}])"
)

# === parts of a document ===================================================================
#: heading words of parts that never hold the findings
OTHER_PART = re.compile(r"长期坚持|线索|信访|下一步|下步|打算|计划|需要进一步|进一步整改|今后|后续|巩固|深化|长效")
#: heading words of the general part (整改工作基本情况 and its slogans)
BASIC_PART = re.compile(r"责任落实|基本情况|总体情况|组织|主体责任|政治责任|工作情况|开展情况|基础工作|所做工作|意义|扛|站位|部署")
#: heading words of a part that does not hold the findings, when no other part names them
NOT_FINDINGS_PART = re.compile(
    r"基本情况|总体情况|组织|主体责任|政治责任|扛|下一步|下步|打算|计划|今后|后续|巩固|深化|长效|"
    r"线索|信访|进一步整改|需要进一步|意义|所做工作|基础工作|开展情况|思想认识|政治站位|从严从实|"
    r"推动整改工作|整改工作情况|领导|动员|部署|体会|经验|成效和|努力方向|永远在路上"
)
#: heading words of the part that reports the rectification of the fed-back problems
FINDINGS_PART = re.compile(
    r"(?:反馈|指出|交办|巡[视察]组?).{0,16}(?:问题|意见).{0,14}(?:整改|落实)|"
    r"整改(?:落实|进展|完成|推进)?(?:的)?(?:具体)?(?:情况|成效)|(?:问题|意见)(?:的)?(?:整改|落实)|"
    r"整改落实|整改任务的?落实|逐条|逐项|对账销号|问题整改"
)
#: heading words of a top-level part that is itself an aspect (一、…方面的问题)
ASPECT_PART_WORDS = re.compile(r"方面|问题|“|不够|不到位|不力|不严|不实|差距|薄弱|弱化|缺失|不足|短板|偏差|落实")
ASPECT_PART_TITLE = re.compile(r"方面(?:的?问题)?(?:的?整改(?:落实)?情况)?[”\"]?$")
QUOTED_PART_TITLE = re.compile(r"^(?:在|关于|针对)?“")
STRONG_ASPECT_PART = re.compile(r"方面|^(?:在|关于|针对)?“")
#: a part whose heading names the findings' subject (反馈 / 问题 / 意见)
FINDINGS_WORDS = re.compile(r"反馈|问题|意见")
#: a part listing items not yet finished (their status is ongoing) or to keep up (long_term)
UNFINISHED_PART = re.compile(r"需要进一步整改|进一步整改的|尚未完成|未完成|正在整改的事项|持续整改的事项|未整改到位")
LONG_TERM_PART = re.compile(r"长期坚持")
#: a part or top item on the handling of leads and petitions (问题线索办理情况): not a finding
LEADS_PART = re.compile(r"^(?:关于)?(?:交办|移交)?(?:信访件|信访举报|问题线索|线索)(?:的)?(?:办理|处置|处理)?(?:情况)?$")
#: words of a sub-heading that names a problem or aspect (evidence for the findings part)
PROBLEMISH = re.compile(
    r"问题|方面|不够|不到位|不力|不严|不实|差距|薄弱|弱化|缺失|缺位|不足|短板|偏差|滞后|欠缺|不规范|不健全|不完善|流于形式|不全|不高|不强|不深"
)
#: parts of a feedback document: the problems found, and the group's suggestions
FEEDBACK_PROBLEMS_PART = re.compile(r"(?:发现|存在|反馈)的?(?:主要|突出)?问题|主要问题|问题清单")
FEEDBACK_SUGGESTIONS_PART = re.compile(r"意见建议|整改建议|工作建议|几点建议|^建议")
#: the report's close (欢迎…监督, 特此通报) and the contact paragraph that starts it
CLOSING_WORDS = re.compile(r"欢迎.{0,40}监督|特此通报|特此报告")
CLOSING_START = re.compile(r"^欢迎.{0,40}监督|^(?:联系电话|联系方式|电子邮箱)[：:]")
#: a copy site's byline under the title (来源：… 浏览：…)
BYLINE = re.compile(r"^(?:来源|作者|发布|发文|时间|浏览|点击|字号)")
#: the opening's "对…进行了巡察" clause, and the inspection word itself
INSPECTED_CLAUSE = re.compile(r"对.{2,40}(?:进行|开展)了?(?:常规|专项|机动)?(?:巡视|巡察)")
INSPECTION_WORD = re.compile(r"巡[视察]")

#: what is dropped when the title of an item is compared with a name in a closing list
NAME_NOISE = re.compile(r"[“”‘’\"'「」『』\s（）()的]")

# === headings inside the findings part =======================================================
#: unnumbered headings open with 关于 / 针对 (关于“…”问题, 针对…的问题)
GUANYU = re.compile(r"^(关于|针对)")
#: words that make a 关于/针对 line a problem heading rather than a measure
GUANYU_PROBLEM_WORDS = re.compile(r"问题|方面|事项|情况|不|差距|弱|缺|偏|难|慢|乱|低")
#: words that make a numbered line read like a heading (it names a problem or aspect)
HEADING_WORDS = re.compile(r"问题|方面|不够|不到位|不力|不严|差距|薄弱|缺失|不足|短板|不规范|不扎实|不深入|滞后|偏差|较大|欠缺")
#: words that state a shortcoming (不到位, 薄弱…) — a problem, whatever else the sentence says
SHORTCOMING = re.compile(
    r"不够|不到位|不力|不严|不实|差距|薄弱|弱化|缺失|缺位|不足|短板|偏差|滞后|欠缺|不规范|不健全|不完善|流于形式|"
    r"不扎实|不深入|不全|不高|不强|不深|偏松|乏力"
)
#: how a heading ends: …问题 / …方面 / …情况 / …事项, maybe with 的整改落实情况
PROBLEM_END = re.compile(r"(?:问题|方面|情况|事项)(?:的整改(?:落实)?(?:情况)?)?[”\"』」]*\s*[。：:；;]?$")
NAMES_PROBLEM = re.compile(r"(?:问题|方面)[”」』]*$")
PROBLEM_TITLE = re.compile(r"问题[”」]?(?:的整改(?:落实)?情况)?$|问题的整改$")
BARE_PROBLEM = re.compile(r"(?:的|等)?问题[”」]?[。：:]?$")
#: before an inline 整改情况： label, a heading ending in these words runs to the colon
HEADING_TAIL = re.compile(r"(?:问题|方面|事项)的?$|的$")
HEADING_COLON_END = re.compile(r"(问题|方面|情况)(?:的整改(?:落实)?情况|整改(?:落实)?情况)?[”」]*\s*[：:]")
#: a heading's title is cut where an inline label (…问题。整改情况：…) begins
INLINE_LABEL = re.compile(
    r"(?:整改(?:落实)?(?:情况|措施|进展|进度|举措|成效)|主要措施)\s*[：:]"
)
#: 一是针对…的问题。 — 一是 numbering a heading whose own list follows
SHI_HEAD = re.compile(r"^(?:针对|关于)[^。；;]{2,80}?(?:问题|方面)[”」』]*[。：:]")
#: 队伍建设方面： — a label heading, when several stand in a row under one item
LABEL_HEAD = re.compile(r"^(?:在)?[^，。；;：:“”\s]{2,20}?(?:方面|层面|领域)(?:存在的问题|的问题)?\s*[：:]")
LABEL_HEAD_WORDS = ("方面", "层面", "领域")  # a cheap test before LABEL_HEAD
#: "XX方面：" standing alone on its line
ASPECT_LABEL_LINE = re.compile(r"方面\s*[：:]$")
#: labels that open a heading of their own (整改任务：…, 反馈问题：…)
TASK_LABEL = re.compile(r"^(?:整改任务|整改内容|整改事项|整改问题|问题表现|存在问题|反馈问题|具体问题|问题)\s*[：:]")
HEAD_LABEL = re.compile(r"^(?:反馈问题|整改任务|整改内容|整改事项|整改问题|具体问题|问题)\s*[：:]\s*")
#: "…方面" closing an unnumbered 关于/针对 heading: an aspect, when other headings follow it
ASPECT_END = re.compile(r"方面[”」』]*[。：:]?$")
#: a heading that names a problem, not an aspect (…的问题)
NAMES_ONLY_PROBLEM = re.compile(r"问题[”」』]*$")
#: a paragraph whose short first sentence may name a problem (…的问题。what was done): a cheap test
SENTENCE_HEAD_HINT = re.compile(r"(?:问题|方面)[”」』]{0,2}[。！]")
#: 反馈问题3 kept in a title: its number is checked for gaps
FEEDBACK_NUMBER = re.compile(r"^(?:反馈)?问题\s*([0-9]{1,3})")
#: a numbered line opening with an act (制定…, 我局…) is a measure unless it reads like a heading
ACTION_START = re.compile(
    r"^(?:我局|我委|我院|我办|我镇|我区|我单位|已|目前|召开|制定|印发|出台|开展|组织|建立|完善|加强|严格|坚持|"
    r"修订|落实|推进|实行|对照|针对[^“]{0,8}(?:情况|要求)|结合|按照|根据|通过|经|截至)"
)
#: grouping headings (已完成整改的问题 / 正在推进的问题 / 需长期坚持的问题) give their items' status
GROUP_COMPLETED = re.compile(r"(?:已|基本)?(?:整改)?完成(?:整改)?的|已整改(?:到位|完成)的|已完成")
GROUP_NOT_COMPLETED = re.compile(r"未完成|基本完成")
GROUP_ONGOING = re.compile(r"正在|推进中|持续推进|未完成|尚未|基本完成|阶段性")
GROUP_LONG_TERM = re.compile(r"长期坚持")
GROUP_HINTS = ("完成", "正在", "推进", "尚未", "阶段性", "长期坚持")  # each group pattern holds one of these
#: items named in a closing list: by a quoted title, or by 关于…问题
QUOTED_NAME = re.compile(r"“([^”]{4,80})”")
NAMED_ITEM = re.compile(r"(?:关于|针对)([^，。；“”]{4,60}?)(?:的)?问题")

# === labels under a heading (整改情况：, 责任领导：…) ===============================================
_MEASURE_WORDS = (
    r"整改(?:落实|完成|推进)?(?:情况|措施|进展|进度|举措|成效|结果|效果|进展情况|落实情况)|主要(?:整改)?(?:措施|做法)|"
    r"落实情况|进展情况|完成情况|工作措施|具体措施|推进情况|取得成效|采取措施|工作举措|整改做法"
)
# Plan fields (责任领导：… 完成时限：…) are facts about the task, not measures.
_PLAN_WORDS = r"责任(?:领导|单位|部门|人)|牵头(?:领导|单位|部门)|配合(?:单位|部门)|整改(?:时限|目标)|完成时限"

#: 整改情况： 整改措施：… — the measures follow
MEASURE_LABEL = re.compile(rf"^(?:{_MEASURE_WORDS})\s*[：:]\s*")
#: 责任领导： 完成时限：… — a plan's fields
PLAN_FIELD = re.compile(rf"^(?:{_PLAN_WORDS})\s*[：:]")
#: either: a line that opens the body under a heading (never a heading itself)
BODY_LABEL = re.compile(rf"^(?:{_MEASURE_WORDS}|{_PLAN_WORDS})\s*[：:]\s*")
#: 整改成效： — results, measures only when nothing else is given
RESULT_LABEL = re.compile(r"^(?:整改|取得)?(?:成效|效果|结果)\s*[：:]")
#: The problem as the feedback stated it, quoted before the measures: description, never a measure.
DESCRIPTION_LABEL = re.compile(
    r"^(?:问题表现|具体表现|主要表现|存在问题|问题描述|问题情况|反馈问题表现)\s*[：:]\s*"
    r"|^(?:[省市县区州]委)?巡[视察](?:组)?(?:反馈)?(?:指出|发现)\s*[：:，,]\s*"
)
#: measure lists in a part's text (一是…, 整改情况：): evidence for the findings part
MEASURE_LIST_CUE = re.compile(r"(?:^|[。；;：:])\s*[一二三四五六七八九十]是|^整改(?:情况|措施)[：:]")
MEASURE_LINE_START = re.compile(r"^(?:整改(?:情况|措施)|[一二三四五六七八九十]是)")

# === which document of the work ================================================================
PLAN_TITLE = re.compile(r"整改(?:工作)?(?:实施)?方案|(?:任务|问题|责任)(?:分解|清单)表?|整改(?:任务|问题)清单|整改台账")
FEEDBACK_TITLE = re.compile(r"反馈意见|反馈(?:的)?情况|反馈报告|(?:巡视|巡察)(?:情况)?(?:的)?反馈")
REPORT_TITLE = re.compile(r"(?:整改|进展)(?:落实)?(?:工作)?情况|通报|报告$")
#: a title that says the text reports on the work (…整改情况的通报), whatever else it names
REPORTED_TITLE = re.compile(r"(?:整改|落实|进展)[^，。]{0,8}情况|情况的?(?:通报|报告)|整改(?:工作)?(?:的)?(?:通报|报告)")
#: words only a report uses (a feedback document has no 整改情况： nor statuses)
REPORT_CONTENT_CUE = re.compile(r"整改(?:情况|措施)[：:]|已完成整改|正在推进")

# === a plan's task table: column → header words =================================================
PLAN_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("index", re.compile(r"^(?:序号|编号|序)$")),
    ("aspect", re.compile(r"方面|类别|问题类型|板块")),
    ("measure", re.compile(r"措施|整改任务|整改举措|具体任务|工作任务")),
    ("problem", re.compile(r"问题|反馈意见|具体表现|主要表现")),
    ("leader", re.compile(r"领导|责任人|负责人")),
    ("helper", re.compile(r"配合|协办")),
    ("unit", re.compile(r"单位|部门|科室|处室|股室|责任主体|牵头")),
    ("deadline", re.compile(r"时限|时间|期限|完成时|进度")),
    ("target", re.compile(r"目标|成效")),
]

#: a task table's aspect cell that only holds a row number (1, （一）): no aspect
TABLE_INDEX_CELL = re.compile(r"^[（(]?[0-9一二三四五六七八九十]{1,3}[)）、.．]?$")
#: 责任领导：… 责任单位：… 完成时限：… written under a task in a text plan: the field and its value
PLAN_FIELD_VALUE = re.compile(
    r"(?P<key>责任领导|牵头领导|分管领导|责任单位|责任部门|责任科室|责任处室|牵头单位|牵头部门|配合单位|责任人|"
    r"完成时限|整改时限|完成时间|时限)\s*[：:]\s*(?P<value>[^；;。\n]{1,80}?)\s*(?=$|[；;。]|\s(?:责任|牵头|配合|完成|整改时限|时限))"
)
#: a cheap test before PLAN_FIELD_VALUE
PLAN_FIELD_HINT = re.compile(r"(?:领导|单位|部门|科室|处室|责任人|时限|时间)\s*[：:]")

# === statuses (what an item's own text says of where it stands) ==============================
STATUS_COMPLETED = re.compile(
    r"已(?:经)?(?:全部|按要求|全面|按期|如期)*(?:整改到位|完成整改|整改完成|整改完毕|办结|销号)(?![或和])|"
    r"(?:整改|问题)(?:已|均已|已经)(?:全部)?(?:完成|到位|办结|销号)|已完成[^。；，]{0,24}?(?:问题)?整改(?!工作|或|和)|"
    r"^(?:已完成|已整改)[。，]?$|已完成(?:并长期坚持)?\s*[0-9]+\s*项"
)
STATUS_ONGOING = re.compile(
    # "督促…抓紧推进整改" is an action; only 正在…整改 and the like state where an item stands.
    r"基本(?:整改)?(?:到位)|基本完成整改|整改(?:工作)?基本完成|正在(?:推进|抓紧|加快|有序推进|持续推进)?整改|整改(?:工作)?(?:正在|仍在)?推进中|"
    r"整改中|取得阶段性成效|阶段性进展|未完成整改|尚未完成整改|未整改到位|尚未整改|目前未完成|仍未完成|未能完成整改"
)
# "需长期坚持", or 长期坚持 opening a clause; "持续推进、长期坚持" closing a measure is its manner.
STATUS_LONG_TERM = re.compile(r"需(?:要)?长期坚持|(?:^|[。；;，,：:])\s*长期坚持")

# --- more status phrasings (added for reports outside the corpus; status.py joins each to the cue above) ----
#: "整改状态：已完成", "整改进展：已完成", a bare "整改完成。", "该问题已整改。"
STATUS_COMPLETED_MORE = re.compile(
    r"(?:状态|进展|进度|情况|结果)\s*[：:]\s*(?:已完成|已整改|已办结|已销号|完成整改|整改完成)(?=\s*[。；;，,]|$)|"
    r"(?:^|[。；;，,])\s*(?:整改完成|完成整改|已完成|整改完毕|整改到位)(?=\s*[。；;]|$)|已整改(?=\s*[。；;]|$)|"
    r"已(?:整改)?落实到位(?=\s*[。；;]|$)"
)
#: "整改进展：正在推进", "整改进行中", "持续推进中", "尚在整改", "整改正在推进"
STATUS_ONGOING_MORE = re.compile(
    r"(?:状态|进展|进度|情况)\s*[：:]\s*(?:正在推进|推进中|持续推进|进行中|整改中|未完成|基本完成)(?=\s*[。；;，,]|$)|"
    r"整改(?:工作)?(?:正在)?进行中|正在进行整改|(?:持续|仍在|正在)推进中|(?:尚在|仍在|还在)整改|"
    r"整改(?:工作)?(?:正在|仍在)(?:有序|持续|加快)?推进(?=\s*[。；;]|$)|(?:^|[。；;，,])\s*(?:尚)?未完成(?=\s*[。；;]|$)"
)
