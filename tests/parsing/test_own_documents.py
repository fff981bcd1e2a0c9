"""Our own documents of the genre (own_documents.py, and two .docx built here), node by node.

Each document is one way real reports differ from the corpus; each outline was
made by hand. A failure prints the first node that differs.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pytest

from zhenggai.parsing import parse_file, parse_text

from .own_documents import DOCS

SCHEMA = json.loads((Path(__file__).parents[2] / "src" / "zhenggai" / "parsing" / "report.schema.json").read_text("utf-8"))


def flat(findings, depth=0):
    out = []
    for f in findings:
        out.append((depth, f.title, f.status, len(f.measures)))
        out.extend(flat(f.children, depth + 1))
    return out


def assert_outline(got, expected):
    for i, (g, e) in enumerate(zip(got, expected)):
        assert g == e, f"node {i}: got {g}, expected {e}"
    assert len(got) == len(expected), f"got {len(got)} nodes, expected {len(expected)}: {got[len(expected):] or expected[len(got):]}"


@pytest.mark.parametrize("name", list(DOCS))
def test_own_document_outline(name):
    d = DOCS[name]
    (r,) = parse_text(d["text"], source=f"{name}.txt")
    assert_outline(flat(r.findings), d["outline"])
    assert r.document_kind == d["kind"]
    errors = [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(r.to_dict())]
    assert not errors, errors[:3]
    for key in ("title", "organization"):
        if key in d:
            assert getattr(r, key) == d[key]
    for key in ("inspector", "start", "end", "feedback"):
        if key in d:
            assert getattr(r.inspection, key) == d[key]
    if "phone" in d:
        assert r.contact.phone == d["phone"]
    if "email" in d:
        assert r.contact.email == d["email"]
    if "suggestions" in d:
        assert len(r.suggestions) == d["suggestions"]
    for title, text in d.get("descriptions", {}).items():
        (f,) = [f for f in r.all_findings() if f.title == title]
        assert f.description == text and f.measures == [] and f.status is None
    for title, (leader, unit, deadline, due) in d.get("tasks", {}).items():
        (f,) = [f for f in r.all_findings() if f.title == title]
        assert [t.measure for t in f.tasks] == f.measures
        assert {(t.leader, t.unit, t.deadline, t.due) for t in f.tasks} == {(leader, unit, deadline, due)}


def test_doubtful_decisions_are_warned_and_lower_confidence():
    (plain,) = parse_text(DOCS["third_part"]["text"])
    (slogan,) = parse_text(DOCS["slogan_part"]["text"])
    (labels,) = parse_text(DOCS["label_headings"]["text"])
    assert plain.warnings == [] and plain.confidence == 1.0
    assert any("按内容认定" in w for w in slogan.warnings) and slogan.confidence < 1.0
    assert any("方面" in w and "标题层级" in w for w in labels.warnings) and labels.confidence < 1.0
    assert slogan.to_dict()["confidence"] == round(slogan.confidence, 2)


# What the whole-part evidence decided, as each report's warnings say it (issue 11, item 1).
STRUCTURE_DOUBTS = {
    "ar_problems_par_measures": "3 组“（1）”编号的段落认定为整改措施",
    "ar_headings_and_measures": "1 组“1.”编号的段落认定为整改措施",
    "ar_over_pcn_circled_measures": "3 组“①”编号的段落认定为整改措施",
    "unnumbered_aspects_and_problems": "2 个未编号的“关于……方面”作为上一层级",
    "bold_sentence_problems": "4 个未编号段落的首句作为问题标题",
    "ar_first_sentence_problems": "4 个“1.”标题取自段落首句",
}


@pytest.mark.parametrize("name", list(STRUCTURE_DOUBTS))
def test_structure_decisions_are_warned_in_words(name):
    (r,) = parse_text(DOCS[name]["text"])
    assert any(STRUCTURE_DOUBTS[name] in w for w in r.warnings), r.warnings
    assert r.confidence < 1.0 and r.to_dict()["warnings"] == r.warnings


def test_structure_warnings_name_each_heading_they_touch():
    """The import preview marks a node when a warning names it: each decision lists its headings."""
    (r,) = parse_text(DOCS["ar_problems_par_measures"]["text"])
    (w,) = r.warnings
    assert all(f"“{f.title}”" in w for f in r.findings)
    (r,) = parse_text(DOCS["bold_sentence_problems"]["text"])
    (w,) = r.warnings
    assert all(f"“{c.title}”" in w for f in r.findings for c in f.children)


def test_plain_layouts_raise_no_structure_doubt():
    """Restarting sequences under numbered aspects, and 方面： labels over numbered problems, are
    read without doubt: the evidence agrees with the numbering."""
    for name in ("pcn_aspects_restarting", "aspect_labels_over_problems", "third_part"):
        (r,) = parse_text(DOCS[name]["text"])
        assert r.warnings == [] and r.confidence == 1.0, (name, r.warnings)


def test_numbering_gap_is_warned():
    text = DOCS["pcn_aspects_restarting"]["text"].replace("3.关于物业企业", "4.关于物业企业")
    (r,) = parse_text(text)
    assert any("“1.”编号的标题不连续（2 之后为 4：“关于物业企业监管手段单一的问题”）" in w for w in r.warnings) and r.confidence < 1.0
    assert [f.title for f in r.findings[1].children][-1] == "关于物业企业监管手段单一的问题"


def test_one_style_reads_as_measures_only_where_the_evidence_says_so():
    """In ar_headings_and_measures 1. numbers sub-problems under （一）（三） and measures under
    （二）: one line-by-line rule for the style would get one of the two wrong."""
    (r,) = parse_text(DOCS["ar_headings_and_measures"]["text"])
    first, second, third = r.findings
    assert [c.title for c in first.children] == ["关于差旅费报销超出标准的问题", "关于公务接待无公函的问题"]
    assert second.children == [] and second.measures[1].startswith("2.对近两年采购项目开展自查")
    assert [c.title for c in third.children] == ["关于办公设备登记不全的问题"]


def test_the_outline_reads_what_each_numbering_style_may_open():
    """NUMBERING_ROLES is where the outline learns which styles may number measures: every
    style the numbering recognises has roles, and a heading-only style is never a measure."""
    from zhenggai.parsing.lexicon import NUMBERING_ROLES, NUMBERING_STYLES, may_number_measure, opens_heading
    from zhenggai.parsing.numbering import parse_numbering

    assert {style for style, _, _ in NUMBERING_STYLES} | {"shi"} <= set(NUMBERING_ROLES)
    assert not may_number_measure("cn") and opens_heading("cn") and not opens_heading("shi")
    assert parse_numbering("一是建立台账").is_measure_mark and not parse_numbering("（1）建立台账").is_measure_mark
    # 反馈问题N： is heading-only: under a problem, opening with an act, it is still a heading.
    (r,) = parse_text(DOCS["third_part"]["text"].replace("（二）关于档案库房", "反馈问题2：制定档案库房"))
    assert any(f.title.startswith("制定档案库房") for f in r.all_findings())
    assert not any("制定档案库房" in m for f in r.all_findings() for m in f.measures)


def test_quoted_problem_is_the_description():
    (r,) = parse_text(DOCS["quoted_problems"]["text"])
    first = r.findings[0]
    assert first.description.startswith("巡察指出，部分乡镇卫生院")
    assert not any("巡察指出" in m for m in first.measures)


# --- .docx documents built here ---------------------------------------------------------

def _numbering(d, num_id, levels):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    root = d.part.numbering_part.element
    root.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvl_xml}</w:abstractNum>'))
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))

    def para(text, level=None):
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
    return para


def test_docx_auto_numbered_slogan_report(tmp_path):
    """Word numbers the parts and items (一、 （一） （1）); the findings part is a slogan and
    its items are headings that end at their first sentence."""
    d = docx.Document()
    para = _numbering(d, 41, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "（%3）")])
    para("中共河口县科技局党组关于县委巡察整改情况的通报")
    para("根据县委统一部署，2024年2月26日至4月19日，县委第一巡察组对县科技局党组进行了巡察。5月30日，县委第一巡察组向县科技局党组反馈了巡察意见。")
    para("凝心聚力，统筹推进", 0)
    para("局党组成立整改工作专班，每周召开推进会。")
    para("对账销项，逐一攻坚", 0)
    para("科技项目管理方面", 1)
    para("针对项目验收把关不严的问题。一是修订项目验收办法；二是引入第三方评审。已完成整改。", 2)
    para("针对专项资金拨付迟缓的问题。一是压缩拨付审批环节；二是实行资金拨付月报。正在推进整改。", 2)
    para("机关作风建设方面", 1)
    para("针对服务企业主动性不强的问题。一是开展“科技副总”进企业活动；二是建立企业诉求台账；三是每季度回访。已完成整改。", 2)
    para("久久为功，巩固成果", 0)
    para("持续推进整改，建立长效机制。")
    path = tmp_path / "auto.docx"
    d.save(path)
    (r,) = parse_file(path)
    assert_outline(flat(r.findings), [
        (0, "科技项目管理方面", None, 0),
        (1, "针对项目验收把关不严的问题", "completed", 2),
        (1, "针对专项资金拨付迟缓的问题", "ongoing", 2),
        (0, "机关作风建设方面", None, 0),
        (1, "针对服务企业主动性不强的问题", "completed", 3),
    ])
    assert r.document_kind == "report" and r.organization == "中共河口县科技局党组"


def test_docx_plan_with_task_table(tmp_path):
    """A plan whose 任务分解表 is a Word table; the problem cell is merged down two rows."""
    d = docx.Document()
    d.add_paragraph("中共西岭县教育局党组落实县委巡察反馈意见整改方案")
    d.add_paragraph("为扎实做好县委第二巡察组反馈问题的整改，制定本方案。")
    d.add_paragraph("附件：巡察反馈问题整改任务分解表")
    rows = [
        ("序号", "反馈问题", "整改措施", "责任领导", "责任单位", "完成时限"),
        ("1", "校舍维修资金使用不规范", "开展校舍维修资金专项清查", "分管副局长", "计财股", "2024年9月底前"),
        ("2", "", "建立维修项目公示制度", "分管副局长", "计财股、基建股", "2024年12月"),
        ("3", "教师培训针对性不强", "一是开展需求调研；二是分学科组织培训", "党组书记", "人事股", "长期坚持"),
    ]
    table = d.add_table(rows=len(rows), cols=6)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(1, 1).merge(table.cell(2, 1))  # one problem, two measures
    d.add_paragraph("各责任单位要按时限完成整改任务。")
    path = tmp_path / "plan.docx"
    d.save(path)
    (r,) = parse_file(path)
    assert r.document_kind == "plan"
    assert_outline(flat(r.findings), [
        (0, "校舍维修资金使用不规范", None, 2),
        (0, "教师培训针对性不强", None, 2),
    ])
    a, b = r.findings
    assert [t.to_dict() for t in a.tasks] == [
        {"measure": "开展校舍维修资金专项清查", "leader": "分管副局长", "unit": "计财股", "deadline": "2024年9月底前", "due": "2024-09"},
        {"measure": "建立维修项目公示制度", "leader": "分管副局长", "unit": "计财股、基建股", "deadline": "2024年12月", "due": "2024-12"},
    ]
    assert [t.measure for t in b.tasks] == ["一是开展需求调研；", "二是分学科组织培训"]
    assert {(t.leader, t.unit, t.deadline, t.due) for t in b.tasks} == {("党组书记", "人事股", "长期坚持", None)}
    assert r.to_dict()["findings"][0]["tasks"][0]["unit"] == "计财股"
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(r.to_dict()))
