"""Plain report data → a document: paragraphs with roles (title, heading levels, body).

No Django here: data.py reads the ledger into ReportData, and the renderers
(text, .docx, HTML) only lay out the paragraphs this module writes. The text is
written so that zhenggai.parsing reads it back into the same tree and figures
(tests/reports/test_round_trip.py): part headings the parser recognises, one
heading line per finding followed by a 整改情况： line that states the status,
then one 一是…/二是… paragraph per measure, and the totals in the wording that
parsing/figures.py looks for. The fixed sentences are our own wording.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from zhenggai.ledger import figures as fg
from zhenggai.ledger.figures import RATE_BY_MEASURE, RATE_BY_PROBLEM, Figures, MeasureFact, ProblemStatus
from zhenggai.numerals import cn_number

PROGRESS = "progress"
FINAL = "final"
DISPATCH = "dispatch"
KIND_LABELS = {PROGRESS: "阶段性进展情况通报", FINAL: "整改情况报告", DISPATCH: "调度报告"}


@dataclass
class MeasureData:
    text: str
    status: str = "not_started"
    deadline: dt.date | None = None
    progress: str = ""
    person: str = ""
    leader: str = ""
    department: str = ""
    status_label: str = ""
    updated: dt.date | None = None

    def fact(self) -> MeasureFact:
        return MeasureFact(self.status, self.deadline)


@dataclass
class FindingData:
    title: str
    level: str  # aspect / problem / item, as the ledger names them
    measures: list[MeasureData] = field(default_factory=list)
    children: list[FindingData] = field(default_factory=list)
    key: int | None = None  # the ledger's Finding id: what accepted texts (ReportData.accepted) are keyed by

    def walk(self) -> Iterator[FindingData]:
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def counts(self) -> bool:
        """A problem the figures count: a leaf that is not an aspect."""
        return not self.children and self.level != "aspect"


@dataclass
class Narrative:
    """What the office writes by hand; kept with the draft, edited on the web page."""

    basic: str = ""
    next_steps: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    email: str = ""


@dataclass
class OutcomeData:
    accountability: list[tuple[str, int]] = field(default_factory=list)  # (kind label, people), heaviest first
    money: list[tuple[str, Decimal]] = field(default_factory=list)  # (kind label, 万元)
    rules_created: int = 0
    rules_revised: int = 0
    meetings: list[tuple[str, int]] = field(default_factory=list)

    @property
    def rules(self) -> int:
        return self.rules_created + self.rules_revised


@dataclass
class ReportData:
    unit: str
    kind: str = "巡察"  # 巡视 / 巡察
    deployer: str = ""  # whose deployment: 市委
    group: str = ""  # who inspected: 市委第二巡察组
    types: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    feedback: dt.date | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    findings: list[FindingData] = field(default_factory=list)
    outcomes: OutcomeData = field(default_factory=OutcomeData)
    narrative: Narrative = field(default_factory=Narrative)
    # Finding id → the text the office accepted for that problem (reports.models.ProblemText).
    accepted: dict[int, str] = field(default_factory=dict)

    def all_findings(self) -> Iterator[FindingData]:
        for f in self.findings:
            yield from f.walk()


@dataclass
class Para:
    text: str
    role: str = "body"  # title, h1 (一、), h2 (（一）), h3 (1.), h4 (（1）), body, signature, date


@dataclass
class Document:
    title: str
    paras: list[Para]
    figures: Figures | None = None

    def text(self) -> str:
        return "\n".join([self.title, *(p.text for p in self.paras)]) + "\n"


# --- numbering -----------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _heading_number(depth: int, n: int, top: str) -> tuple[str, str]:
    """(prefix, role) by depth. The top level reads （一） when it holds aspects, else 1.
    (a problems-only tree still reads 1. 2. 3.); a problem among aspects follows them."""
    if depth == 0 and top == "cn":
        return f"（{cn_number(n)}）", "h2"
    if depth == 0 or (depth == 1 and top == "cn"):
        return f"{n}.", "h3"
    if depth <= 2:
        return f"（{n}）", "h4"
    return (_CIRCLED[n - 1] if n <= len(_CIRCLED) else f"{n})"), "h4"


_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}是[：:，,]?|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[" + _CIRCLED + r"]|"
    r"[0-9]{1,2}[.．、](?![0-9])|第[一二三四五六七八九十]{1,3}[，,、：:])\s*"
)


def strip_marker(text: str) -> str:
    """A measure's own list marker (一是, （1）, ①): we number measures ourselves."""
    return _MARKER.sub("", text, count=1).strip()


_NAMES_PROBLEM = re.compile(r"问题|^关于|^针对|^[“\"]")


def heading_title(f: FindingData) -> str:
    """Problems read 关于“…”的问题 unless their title already names itself so."""
    title = " ".join(f.title.split())  # a heading is one line, whatever the cell held
    if f.level != "aspect" and not _NAMES_PROBLEM.search(title) and len(title) <= 80 and "“" not in title:
        return f"关于“{title.rstrip('。；;')}”的问题"
    return title


def unwrap_title(title: str) -> str:
    """The ledger title back from heading_title's wording (for comparisons)."""
    m = re.fullmatch(r"关于“(.+)”的问题", title)
    return m.group(1) if m else title


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in "。！？!?；;”）)" else text + "。"


def date_cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


STATUS_SENTENCE = {
    # Each is read by parsing/status.py as the status in figures.PARSED_STATUS; ≤ 24 characters,
    # so the parser takes it as the status line and not as a measure.
    ProblemStatus.DONE: "该问题已完成整改。",
    ProblemStatus.PARTIAL: "该问题整改基本完成，取得阶段性成效。",
    ProblemStatus.ONGOING: "该问题正在推进整改。",
    ProblemStatus.LONG_TERM: "该问题的整改措施需长期坚持。",
    ProblemStatus.UNFINISHED: "该问题未完成整改，正在加快推进。",
}


# --- figures ---------------------------------------------------------------------


def statuses(data: ReportData) -> dict[int, str]:
    """id(finding) → problem status, for every counted problem."""
    return {id(f): fg.problem_status((m.fact() for m in f.measures), data.as_of) for f in data.all_findings() if f.counts}


def compute(data: ReportData, st: dict[int, str] | None = None) -> Figures:
    """The report's figures: zhenggai.ledger.figures.tally over the tree, as every page counts."""
    nodes = (fg.FindingFact(f.level, bool(f.children), tuple(m.fact() for m in f.measures)) for f in data.all_findings())
    return fg.tally(nodes, data.as_of)


# --- the public report -------------------------------------------------------------


def report_title(data: ReportData, kind: str) -> str:
    what = "整改进展情况的通报" if kind == PROGRESS else "整改情况的报告"
    return f"{data.unit}关于{data.kind}{what}"


def _opening(data: ReportData, kind: str) -> str:
    k = data.kind
    deployer = data.deployer or "上级党组织"
    parts = [f"根据{deployer}统一部署"]
    if data.start and data.end:
        parts.append(f"{date_cn(data.start)}至{date_cn(data.end)}")
    elif data.start:
        parts.append(f"自{date_cn(data.start)}起")
    kind_words = data.types if data.types.endswith(("巡视", "巡察")) else f"{data.types}{k}"
    parts.append(f"{data.group or deployer + k + '组'}对{data.unit}进行了{kind_words}")
    text = "，".join(parts) + "。"
    if data.feedback:
        text += f"{date_cn(data.feedback)}，{k}组向{data.unit}反馈了{k}意见。"
    else:
        text += f"{k}组随后反馈了{k}意见。"
    what = "整改进展情况" if kind == PROGRESS else "整改情况"
    text += f"按照党务公开原则，依据{k}工作的相关规定，现将{k}{what}予以公布。"
    return text


def _figure_paras(data: ReportData, fig: Figures) -> list[str]:
    k = data.kind
    scope = f"{fig.aspects}个方面" if fig.aspects else ""
    if fig.aspects and fig.top_problems and fig.top_problems != fig.problems:
        scope += f"{fig.top_problems}个问题{fig.problems}个具体问题"
    elif fig.aspects:
        scope += f"{fig.problems}个问题"
    first = (
        f"{k}组反馈{scope}，本单位逐项制定整改措施{fig.measures}条。"
        if fig.aspects
        else f"{k}组反馈问题共{fig.problems}个，本单位逐项制定整改措施{fig.measures}条。"
    )
    by = fig.by_status
    first += (
        f"截至{date_cn(data.as_of)}，已完成整改{by[ProblemStatus.DONE]}个，"
        f"基本完成、取得阶段性成效{by[ProblemStatus.PARTIAL]}个，正在整改{by[ProblemStatus.ONGOING]}个，"
        f"需长期坚持{by[ProblemStatus.LONG_TERM]}个，未完成{by[ProblemStatus.UNFINISHED]}个，"
        f"{RATE_BY_PROBLEM}{fig.rate}%；{fig.measures}条整改措施中已落实{fig.measures_done}条，"
        f"{RATE_BY_MEASURE}{fig.rate_by_measure}%。"
    )
    out = [first]
    o = data.outcomes
    bits: list[str] = []
    if o.meetings:
        bits.append("召开" + "、".join(f"{label}{n}次" for label, n in o.meetings))
    if o.rules:
        bits.append(f"建立完善制度{o.rules}项（新建{o.rules_created}项、修订{o.rules_revised}项）")
    people = sum(n for _, n in o.accountability)
    if people:
        bits.append(f"问责{people}人次，其中" + "、".join(f"{label}{n}人次" for label, n in o.accountability))
    money = [(label, v) for label, v in o.money if v]
    if money:
        bits.append("、".join(f"{label}资金{v}万元" if label != "挽回经济损失" else f"{label}{v}万元" for label, v in money))
    if bits:
        out.append("整改期间，" + "；".join(bits) + "。")
    return out


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


DEFAULT_BASIC = (
    "{unit}把{k}整改作为检验政治站位的实际行动，主要负责同志带头研究部署，班子成员分工负责，"
    "对照问题、任务、责任三张清单逐条推进，定期调度整改进度，做到问题不查清不放过、措施不落实不销号。"
)
DEFAULT_NEXT = [
    "（一）保持整改力度不减。对仍在推进的问题盯住时限、压实责任，做到按期办结、逐项销号。",
    "（二）防止问题反弹回潮。对长期坚持事项定期回访评估，把整改要求融入日常管理。",
    "（三）注重标本兼治。深入查找问题背后的制度漏洞，用制度管人管事，巩固拓展整改成果。",
]


def _measure_lines(f: FindingData, with_progress: bool) -> list[str]:
    lines = []
    for i, m in enumerate(f.measures, 1):
        text = _sentence(strip_marker(m.text))
        if with_progress and m.progress.strip():
            text += _sentence(m.progress.strip())
        # A measure that opens its own 一是… list keeps it: numbering it again would make the
        # parser read its items as separate measures.
        lines.append(text if _MARKER.match(text) else f"{cn_number(i)}是{text}")
    return lines


def suggestion(f: FindingData) -> str:
    """The text the office is offered for one problem: each measure as the ledger states it,
    followed by the progress last reported for it (one line per measure). It reaches a
    report only once the office accepts it, as is or edited (reports.services.accept_text)."""
    return "\n".join(_measure_lines(f, with_progress=True))


def _finding_paras(f: FindingData, st: dict[int, str], depth: int, n: int, out: list[Para], top: str,
                   accepted: dict[int, str] | None = None) -> None:
    """A problem's heading, its status sentence, then what it says of the measures: the text the
    office accepted for it, else the measures as the ledger states them (the office's own
    ledger text) without the progress reporters typed, which nobody has reviewed yet."""
    prefix, role = _heading_number(depth, n, top)
    out.append(Para(prefix + heading_title(f), role))
    if f.counts:
        out.append(Para("整改情况：" + STATUS_SENTENCE[st[id(f)]]))
    elif f.measures:
        out.append(Para("整改情况："))
    text = (accepted or {}).get(f.key) if f.key is not None else None
    lines = _paragraphs(text) if text else _measure_lines(f, with_progress=False)
    out += [Para(line) for line in lines]
    for i, child in enumerate(f.children, 1):
        _finding_paras(child, st, depth + 1, i, out, top, accepted)


def closing(data: ReportData) -> str:
    nv = data.narrative
    text = f"欢迎社会各界和干部群众对本单位{data.kind}整改工作继续进行监督，提出意见建议。"
    bits = []
    if nv.phone.strip():
        bits.append(f"联系电话：{nv.phone.strip()}")
    if nv.address.strip():
        bits.append(f"通信地址：{nv.address.strip()}")
    if nv.postcode.strip():
        bits.append(f"邮政编码：{nv.postcode.strip()}")
    if nv.email.strip():
        bits.append(f"电子邮箱：{nv.email.strip()}")
    return text + ("；".join(bits) + "。" if bits else "")


def compose_public(data: ReportData, kind: str = PROGRESS) -> Document:
    """The 阶段性进展情况通报 (kind=progress) or the 整改情况报告 (kind=final)."""
    st = statuses(data)
    fig = compute(data, st)
    k = data.kind
    paras = [Para(_opening(data, kind))]
    paras.append(Para("一、整改工作基本情况", "h1"))
    paras += [Para(t) for t in _figure_paras(data, fig)]
    basic = _paragraphs(data.narrative.basic) or [DEFAULT_BASIC.format(unit=data.unit, k=k)]
    paras += [Para(t) for t in basic]
    paras.append(Para(f"二、{k}反馈意见整改落实情况", "h1"))
    top = "cn" if any(f.level == "aspect" or f.children for f in data.findings) else "arabic"
    for i, f in enumerate(data.findings, 1):
        _finding_paras(f, st, 0, i, paras, top, data.accepted)
    paras.append(Para("三、下一步工作打算", "h1"))
    paras += [Para(t) for t in (_paragraphs(data.narrative.next_steps) or DEFAULT_NEXT)]
    paras.append(Para(closing(data)))
    paras.append(Para(data.unit, "signature"))
    paras.append(Para(date_cn(data.as_of), "date"))
    return Document(report_title(data, kind), paras, fig)


# --- the internal dispatch report (调度报告) ------------------------------------------


@dataclass
class DispatchItem:
    problem: str
    measure: str
    department: str = ""
    person: str = ""
    deadline: dt.date | None = None
    note: str = ""  # progress reported, days overdue, warning level…


@dataclass
class DispatchData:
    report: ReportData
    start: dt.date
    end: dt.date
    done: list[DispatchItem] = field(default_factory=list)
    reported: list[DispatchItem] = field(default_factory=list)  # progress reported in the period
    overdue: list[DispatchItem] = field(default_factory=list)
    missing: list[tuple[str, list[str], int]] = field(default_factory=list)  # (department, reporters, measures)
    warnings: list[DispatchItem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # which optional apps fed it (workflow, supervision)


def _item_line(i: int, it: DispatchItem) -> str:
    who = "，".join(x for x in (it.department, it.person) if x)
    bits = [f"{i}.{it.measure.rstrip('。；;')}（{it.problem[:40]}）"]
    if who:
        bits.append(f"责任：{who}")
    if it.deadline:
        bits.append(f"时限：{date_cn(it.deadline)}")
    if it.note:
        bits.append(it.note)
    return "；".join(bits) + "。"


def compose_dispatch(d: DispatchData) -> Document:
    """What was done, what is overdue, who has not reported, and the warnings, for a date range."""
    data = d.report
    fig = compute(data)
    title = f"{data.unit}{data.kind}整改调度报告"
    paras = [Para(f"（{date_cn(d.start)}至{date_cn(d.end)}）", "subtitle")]
    paras.append(Para("一、总体进展", "h1"))
    paras.append(Para(
        f"反馈问题{fig.problems}个，整改措施{fig.measures}条。截至{date_cn(d.end)}，问题已完成整改{fig.completed}个，"
        f"{RATE_BY_PROBLEM}{fig.rate}%；措施已落实{fig.measures_done}条，{RATE_BY_MEASURE}{fig.rate_by_measure}%。本期完成措施{len(d.done)}条，逾期未完成{len(d.overdue)}条，"
        f"未按时报送进展{sum(n for _, _, n in d.missing)}条，预警{len(d.warnings)}条。"
    ))
    paras.append(Para("二、本期完成情况", "h1"))
    paras += [Para(_item_line(i, it)) for i, it in enumerate(d.done, 1)] or [Para("本期没有新完成的整改措施。")]
    if d.reported:
        paras.append(Para(f"本期报送进展{len(d.reported)}条：", "body"))
        paras += [Para(_item_line(i, it)) for i, it in enumerate(d.reported, 1)]
    paras.append(Para("三、逾期未完成事项", "h1"))
    paras += [Para(_item_line(i, it)) for i, it in enumerate(d.overdue, 1)] or [Para("没有逾期未完成的整改措施。")]
    paras.append(Para("四、未按时报送进展情况", "h1"))
    if d.missing:
        for i, (dept, people, n) in enumerate(d.missing, 1):
            who = "、".join(people) if people else "未指定填报人"
            paras.append(Para(f"{i}.{dept or '未明确牵头部门'}：{n}条措施未报送（填报人：{who}）。"))
    else:
        paras.append(Para("各责任部门均已按时报送进展。" if "workflow" in d.sources else "进展报送功能未启用，本项暂无数据。"))
    paras.append(Para("五、预警提示", "h1"))
    paras += [Para(_item_line(i, it)) for i, it in enumerate(d.warnings, 1)] or [Para("本期没有预警事项。")]
    paras.append(Para(f"{data.unit}整改工作办公室", "signature"))
    paras.append(Para(date_cn(data.as_of), "date"))
    return Document(title, paras, fig)
