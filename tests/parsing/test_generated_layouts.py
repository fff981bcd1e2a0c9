"""Hypothesis: reports laid out in the genre's common ways parse back to the tree they were
written from — titles, nesting, measure counts and statuses.

The layouts are the ones issue 11 names (numbered headings, 方面 groups, headings that are a
paragraph's first sentence, unnumbered 方面： labels, web markup) with random invented
titles and measures, so the parser is checked on the genre rather than on fixed texts.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenggai.parsing import parse_text

CN = "一二三四五六七八九十"
TOPICS = ["干部培训", "资金拨付", "项目验收", "档案管理", "公车使用", "食堂采购", "窗口服务", "安全检查",
          "党费收缴", "会议记录", "合同审核", "信息公开", "资产登记", "值班值守", "宣传阵地", "绩效考核"]
FAULTS = ["不够规范", "把关不严", "推进缓慢", "落实不到位", "流于形式", "存在漏洞", "不够及时", "监管缺位"]
ACTIONS = ["修订管理办法", "开展专项检查", "建立工作台账", "组织业务培训", "实行月度通报", "引入第三方评估",
           "完善审批流程", "开展集中整治"]
STATUS_TEXT = {"completed": "已完成整改。", "ongoing": "正在推进整改。", None: ""}
OPENING = "根据县委统一部署，2024年3月4日至4月26日，县委第二巡察组对县某局党组进行了巡察。5月20日，县委第二巡察组向县某局党组反馈了巡察意见。"


@st.composite
def trees(draw):
    used = iter(draw(st.permutations(TOPICS)))
    problems = []
    for _ in range(draw(st.integers(1, 4))):
        title = f"关于{next(used)}{draw(st.sampled_from(FAULTS))}的问题"
        measures = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=4, unique=True))
        problems.append((title, measures, draw(st.sampled_from(["completed", "ongoing", None]))))
    return problems


def _shi(measures):
    return "；".join(f"{CN[i]}是{m}" for i, m in enumerate(measures)) + "。"


def render(problems, layout):
    lines = ["中共某县某局党组关于县委巡察整改情况的通报", OPENING, "一、整改工作基本情况", "局党组成立整改工作领导小组。",
             "二、巡察反馈问题整改落实情况"]
    for i, (title, measures, status) in enumerate(problems):
        if layout == "pcn_label":
            lines += [f"（{CN[i]}）{title}", "整改情况：" + _shi(measures) + STATUS_TEXT[status]]
        elif layout == "ar_paragraphs":
            lines += [f"{i + 1}.{title}", "整改情况："] + [f"（{k + 1}）{m}。" for k, m in enumerate(measures)]
            if status:
                lines.append(STATUS_TEXT[status])
        elif layout == "first_sentence":
            lines.append(f"（{CN[i]}）{title}。" + _shi(measures) + STATUS_TEXT[status])
        elif layout == "web":
            lines += [f"**（{CN[i]}）{title}**", "", f"<p>{_shi(measures)}{STATUS_TEXT[status]}</p>"]
    lines += ["三、下一步工作打算", "持续巩固整改成果。"]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(trees(), st.sampled_from(["pcn_label", "ar_paragraphs", "first_sentence", "web"]))
def test_layouts_parse_back(problems, layout):
    (r,) = parse_text(render(problems, layout))
    got = [(f.title, len(f.measures), f.status, len(f.children)) for f in r.findings]
    assert got == [(t, len(m), s, 0) for t, m, s in problems]
    assert r.findings[0].measures[0].startswith(("一是", "（1）"))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(trees(), min_size=1, max_size=3))
def test_label_heading_groups(groups):
    """Numbered problems, each with two or more unnumbered 方面： labels and their 一是 lists."""
    lines = ["中共某县某局党组关于县委巡察整改情况的通报", OPENING, "一、整改工作基本情况", "局党组召开专题会议。",
             "二、巡察反馈问题整改落实情况"]
    expected = []
    for i, group in enumerate(groups):
        head = f"关于{TOPICS[i]}工作{FAULTS[i]}的问题"
        lines.append(f"（{CN[i]}）{head}")
        labels = [(f"{title[2:6]}方面", measures) for title, measures, _ in group]
        if len(labels) < 2:
            labels.append(("制度建设方面", ["建立长效机制"]))
        for label, measures in labels:
            lines.append(f"{label}：" + _shi(measures))
        expected.append((head, [(label, len(m)) for label, m in labels]))
    lines += ["三、下一步工作打算", "持续巩固整改成果。"]
    (r,) = parse_text("\n".join(lines) + "\n")
    got = [(f.title, [(c.title, len(c.measures)) for c in f.children]) for f in r.findings]
    assert got == expected
    assert any("标题层级" in w for w in r.warnings)
