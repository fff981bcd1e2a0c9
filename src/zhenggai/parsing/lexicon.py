"""The words and marks of the genre, in one place.

Reports, feedback and plans are written with a small stock of numbering marks
and cue words. Everything the parser knows about them is listed here — what
each numbering style may open (a heading, a measure, or either), which words
name a part of the document, a status, a figure or a plan's column — so that a
new variant found in the wild is one edit here, not a hunt through modules.
Modules keep the rules (where a cue counts); this module keeps the cues.
"""

from __future__ import annotations

import re

# --- numbering styles ---------------------------------------------------------------
#: style → what a paragraph opening with it may be. GB/T 9704 gives 一、（一）1.（1） to
#: headings; reports also number measures with （1） ① 1. and 一是, and 一是 can open a
#: heading of its own (一是针对…的问题。一是…).
NUMBERING_ROLES: dict[str, frozenset[str]] = {
    "cn": frozenset({"heading"}),                 # 一、
    "pcn": frozenset({"heading"}),                # （一）
    "feedback": frozenset({"heading"}),           # 反馈问题1：
    "ar": frozenset({"heading", "measure"}),      # 1. 1、
    "par": frozenset({"heading", "measure"}),     # （1）
    "circ": frozenset({"heading", "measure"}),    # ①
    "rpar": frozenset({"heading", "measure"}),    # 1）
    "shi": frozenset({"measure", "heading"}),     # 一是  (a heading only as 一是针对…问题。)
    "guanyu": frozenset({"heading"}),             # 关于“…”问题 (unnumbered)
    "zhendui": frozenset({"heading"}),            # 针对“…”问题 (unnumbered)
    "task": frozenset({"heading"}),               # 整改任务：
    "labelhead": frozenset({"heading"}),          # 队伍建设方面： (unnumbered, in runs)
}

# --- parts of a document -----------------------------------------------------------------
#: heading words of parts that never hold the findings
OTHER_PART = re.compile(r"长期坚持|线索|信访|下一步|下步|打算|计划|需要进一步|进一步整改|今后|后续|巩固|深化|长效")
#: heading words of the general part (整改工作基本情况 and its slogans)
BASIC_PART = re.compile(r"责任落实|基本情况|总体情况|组织|主体责任|政治责任|工作情况|开展情况|基础工作|所做工作|意义|扛|站位|部署")
#: words of a sub-heading that names a problem or aspect (evidence for the findings part)
PROBLEMISH = re.compile(
    r"问题|方面|不够|不到位|不力|不严|不实|差距|薄弱|弱化|缺失|缺位|不足|短板|偏差|滞后|欠缺|不规范|不健全|不完善|流于形式|不全|不高|不强|不深"
)
#: parts of a feedback document: the problems found, and the group's suggestions
FEEDBACK_PROBLEMS_PART = re.compile(r"(?:发现|存在|反馈)的?(?:主要|突出)?问题|主要问题|问题清单")
FEEDBACK_SUGGESTIONS_PART = re.compile(r"意见建议|整改建议|工作建议|几点建议|^建议")

# --- which document of the work ------------------------------------------------------------
PLAN_TITLE = re.compile(r"整改(?:工作)?(?:实施)?方案|(?:任务|问题|责任)(?:分解|清单)表?|整改(?:任务|问题)清单|整改台账")
FEEDBACK_TITLE = re.compile(r"反馈意见|反馈(?:的)?情况|反馈报告|(?:巡视|巡察)(?:情况)?(?:的)?反馈")
REPORT_TITLE = re.compile(r"(?:整改|进展)(?:落实)?(?:工作)?情况|通报|报告$")

# --- a plan's task table: column → header words -------------------------------------------
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

# --- statuses (what an item's own text says of where it stands) ------------------------------
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
