"""The parser on short documents written for these tests: every numbering style and noise kind."""

from __future__ import annotations

import json

import pytest

from zhenggai.parsing import ParseError, parse_text
from zhenggai.parsing.numbering import cn_to_int, parse_numbering

from . import samples


def titles(findings, depth=0):
    out = []
    for f in findings:
        out.append(("  " * depth) + f.title)
        out.extend(titles(f.children, depth + 1))
    return out


def test_standard_report_metadata():
    (r,) = parse_text(samples.STANDARD, source="a.txt")
    assert r.source == "a.txt"
    assert r.title == "中共青禾县文旅局党组关于县委巡察整改进展情况的通报"
    assert r.organization == "中共青禾县文旅局党组"
    i = r.inspection
    assert (i.kind, i.inspector, i.types) == ("巡察", "县委第二巡察组", ["常规"])
    # 12月8日 has no year of its own: it takes the year written earlier in its sentence.
    assert (i.start, i.end, i.feedback) == ("2023-09-04", "2023-10-27", "2023-12-08")
    assert r.statistics.to_dict() == {"aspects": 3, "problems": 9, "completed": 7, "rules": 11}
    assert r.contact.to_dict() == {
        "phone": ["0731-5550123"], "email": ["qhwlj163.com"],
        "address": "青禾县文化路8号", "postcode": "410999",
    }


def test_standard_report_tree_measures_and_status():
    (r,) = parse_text(samples.STANDARD)
    # 一、整改工作基本情况 and 三、下一步工作打算 are not findings.
    assert titles(r.findings) == [
        "关于贯彻上级决策部署有落差方面",
        "  关于“文旅融合项目推进迟缓”问题",
        "  关于“景区安全检查流于形式”问题",
        "关于党的建设存在薄弱环节方面",
        "  关于“支部组织生活不规范”问题",
    ]
    a, b = r.findings[0].children
    assert a.measures == ["一是重新梳理项目清单，明确责任股室。", "二是每月召开调度会，已完成整改。"]
    assert a.status == "completed"
    assert len(b.measures) == 3 and b.status is None
    c = r.findings[1].children[0]
    assert c.status == "ongoing"
    assert r.findings[0].status is None  # grouping headings state no status


def test_noise_is_removed_everywhere():
    (r,) = parse_text(samples.NOISY)
    text = json.dumps(r.to_dict(), ensure_ascii=False)
    for fragment in ("公文素材", "微信", "微 信", "paid", "订阅", "仅供学习", "【"):
        assert fragment not in text
    assert r.title == "中共白沙镇委员会关于巡察整改情况的报告"
    assert titles(r.findings) == ["关于“村级财务管理不规范”问题", "关于“项目建设监管不到位”问题"]
    assert r.findings[1].measures == ["一是建立项目台账。", "二是落实质量巡查。"]


def test_report_without_title_and_masked_values():
    (r,) = parse_text(samples.NO_TITLE_MASKED)
    assert r.title is None
    assert r.organization == "市档案馆党组"
    assert (r.inspection.start, r.inspection.end) == (None, None)
    assert r.inspection.feedback == "2021"  # 2021年X月X日: only the year is known
    assert r.statistics.to_dict() == {"aspects": None, "problems": None, "completed": None, "rules": None}
    assert titles(r.findings) == [
        "“思想建设不够扎实”方面",
        "  关于“学习制度执行不严”问题",
        "    针对“中心组学习计划落实不到位”问题",
        "    针对“专题研讨质量不高”问题",
    ]
    leaf = r.findings[0].children[0].children[0]
    # Without 一是 markers each paragraph of 整改情况 is one measure.
    assert leaf.measures == ["制定年度学习计划并按月通报执行情况。", "建立学习档案，逐次登记参学人员。"]


def test_feedback_numbering_circled_measures_and_task_labels():
    (r,) = parse_text(samples.STYLES)
    assert titles(r.findings) == [
        "水资源管理有短板",
        "  关于取水许可审批把关不严的问题",
        "  关于水费征收不及时的问题",
        "工程建设管理不规范",
        "  关于小型水库维护不到位的问题",
        "    整改任务：汛前检查记录缺失",
        "    整改任务：监测设备损坏未修复",
    ]
    assert r.findings[0].children[1].measures == ["①建立欠费台账；", "②逐户上门催缴。"]
    task2 = r.findings[1].children[0].children[1]
    assert task2.status == "completed"
    assert r.inspection.feedback == "2022-07-12"


def test_inline_headings_and_unfinished_list():
    (r,) = parse_text(samples.INLINE)
    first, second = r.findings[0].children
    # "1.关于…问题的整改落实情况：一是…" — the title runs to the colon, the rest is measures.
    assert first.title == "关于党员发展程序不严谨问题的整改落实情况"
    assert len(first.measures) == 3
    # Named in 需要进一步整改的事项 → still being rectified.
    assert first.status == "ongoing"
    assert second.title == "关于会议记录不完整问题"
    assert second.status == "completed" and len(second.measures) == 2
    assert r.inspection.types == ["专项"]
    assert (r.inspection.start, r.inspection.end) == ("2021-03", "2021-05")


def test_several_reports_in_one_file_are_split():
    reports = parse_text(samples.STANDARD + "\n" + samples.SECOND, source="c.txt")
    assert [r.organization for r in reports] == ["中共青禾县文旅局党组", "中共青禾县农业农村局党组"]
    assert [r.source for r in reports] == ["c.txt#1", "c.txt#2"]
    assert reports[1].inspection.inspector == "县委第三巡察组"
    assert reports[1].contact.phone == ["0731-5550456"]
    assert titles(reports[1].findings) == ["关于“惠农补贴发放不及时”问题"]


def test_heading_broken_over_two_lines_is_joined():
    text = samples.NO_TITLE_MASKED.replace("针对“专题研讨质量不高”问题", "针对“专题研讨\n质量不高”问题")
    (r,) = parse_text(text)
    assert "    针对“专题研讨质量不高”问题" in titles(r.findings)


def test_output_serialises_to_schema_shape():
    (r,) = parse_text(samples.STANDARD)
    d = r.to_dict()
    assert d["schema"] == "zhenggai.report/1"
    assert set(d) == {"schema", "source", "title", "organization", "inspection", "findings",
                      "statistics", "contact", "warnings", "document_kind", "confidence", "suggestions"}
    assert d["document_kind"] == "report" and 0 <= d["confidence"] <= 1


@pytest.mark.parametrize("text", ["", "   \n\n  ", "【更多公文素材，微信：x】\n"])
def test_empty_text_is_a_parse_error(text):
    with pytest.raises(ParseError):
        parse_text(text)


@pytest.mark.parametrize(
    "line, style, value, rest",
    [
        ("一、总体情况", "cn", 1, "总体情况"),
        ("十二、其他", "cn", 12, "其他"),
        ("（三）关于", "pcn", 3, "关于"),
        ("(五)关于", "pcn", 5, "关于"),
        ("4.关于", "ar", 4, "关于"),
        ("4．关于", "ar", 4, "关于"),
        ("4、关于", "ar", 4, "关于"),
        ("（12）整改任务：", "par", 12, "整改任务："),
        ("③药品", "circ", 3, "药品"),
        ("反馈问题3：作风", "feedback", 3, "作风"),
        ("二是召开", "shi", 2, "召开"),
    ],
)
def test_numbering_styles(line, style, value, rest):
    n = parse_numbering(line)
    assert (n.style, n.value, n.rest) == (style, value, rest)


@pytest.mark.parametrize("line", ["2021年3月", "1.5万元", "12388热线", "一是否"])
def test_not_numbering(line):
    n = parse_numbering(line)
    assert n is None or n.style == "shi" and line != "一是否"


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ["一", "十", "十二", "二十", "二十三", "九十九"]] == [1, 10, 12, 20, 23, 99]


def test_variant_opening_problem_labels_and_plan_fields():
    (r,) = parse_text(samples.VARIANT)
    assert r.organization == "中共南岭乡委员会"
    assert r.inspection.inspector == "县委第六巡察组"
    assert (r.inspection.start, r.inspection.end, r.inspection.feedback) == ("2023-04-10", "2023-05-26", "2023-06-30")
    assert titles(r.findings) == ["基层党组织建设薄弱", "惠民资金发放不规范"]
    # 责任领导：/完成时限： lines describe the task; they are not measures.
    assert r.findings[0].measures == ["一是调整3个村支部书记。", "二是开展支部规范化建设。"]
    assert len(r.findings[1].measures) == 1
    assert (r.statistics.problems, r.statistics.completed) == (15, 12)
    assert r.contact.phone == ["（0735）7771234"]
    assert r.contact.address == "南岭乡政府大院2号楼"
    assert r.contact.postcode == "423000"


def test_numbered_measure_paragraphs_and_ordinal_markers():
    (r,) = parse_text(samples.NUMBERED_MEASURES)
    assert titles(r.findings) == ["关于“集体资产台账不全”问题", "关于“便民服务窗口效率不高”问题"]
    # (1)(2) after 整改情况： are measures, not sub-headings; they keep their marker.
    assert r.findings[0].measures == ["（1）组织各村清查集体资产。", "（2）建立资产动态管理台账。"]
    assert r.findings[1].measures == ["第一，推行首问负责制；", "第二，公开办事流程；", "第三，每月通报办件情况。"]


def test_numbered_lines_under_a_problem_without_label_are_measures():
    (r,) = parse_text(samples.UNLABELLED_MEASURES)
    assert titles(r.findings) == ["基层治理方面", "  关于社区网格员配备不足的问题", "  关于物业纠纷调处不及时的问题"]
    assert r.findings[0].children[0].measures == ["（1）对全街道网格进行重新划分。", "（2）公开招聘专职网格员12名。"]
    assert r.findings[0].children[1].measures == ["（1）设立物业纠纷调解室。"]


def test_title_broken_after_the_organisation_and_long_term_list():
    (r,) = parse_text(samples.SPLIT_TITLE)
    assert r.title == "中共红枫区司法局党组关于区委巡察整改进展情况的通报"
    assert r.organization == "中共红枫区司法局党组"
    assert r.inspection.feedback == "2024-05-28"
    first, second = r.findings
    assert first.status is None
    assert second.status == "long_term"  # named in 需要长期坚持的整改事项
    assert len(second.measures) == 2


def test_a_problem_with_its_own_listed_measures_and_sub_items():
    text = samples.STANDARD.replace(
        "（二）关于党的建设存在薄弱环节方面\n",
        "（二）关于党的建设存在薄弱环节方面\n整改情况：一是制定党建工作要点。二是开展支部书记轮训。\n",
    )
    (r,) = parse_text(text)
    aspect = r.findings[1]
    assert aspect.measures == ["一是制定党建工作要点。", "二是开展支部书记轮训。"]
    assert [c.title for c in aspect.children] == ["关于“支部组织生活不规范”问题"]
    # An unmarked introduction under a heading with sub-items is description, not measures.
    assert r.findings[0].measures == []


def test_bare_problem_lines_before_their_label():
    (r,) = parse_text(samples.PROVINCIAL)
    assert r.inspection.round == "十二届省委第三轮"
    assert r.inspection.types == ["常规"]
    assert (r.inspection.start, r.inspection.end, r.inspection.feedback) == ("2023-03", "2023-05", "2023-07-10")
    assert (r.statistics.aspects, r.statistics.problems, r.statistics.completed) == (4, 11, 9)
    assert titles(r.findings) == [
        "政治建设方面",
        "  理论学习不够深入的问题",
        "  监测站点建设滞后的问题",
        "作风建设方面",
        "  会议文件偏多的问题",
    ]
    assert r.findings[0].children[1].status == "completed"
    assert r.findings[0].children[1].measures == ["对12个站点完成改造。"]


def test_a_separate_part_on_suggestions_is_not_findings():
    text = samples.STANDARD.replace(
        "三、下一步工作打算",
        "三、巡察组所提意见建议落实情况\n（一）关于加强文旅人才培养的建议\n已制定人才培养计划。\n四、下一步工作打算",
    )
    (r,) = parse_text(text)
    assert [f.title for f in r.findings] == ["关于贯彻上级决策部署有落差方面", "关于党的建设存在薄弱环节方面"]


@pytest.mark.parametrize(
    "title, org",
    [
        ("中共青石县委员会巡察整改进展情况的通报", "中共青石县委员会"),
        ("青石县教育局党组巡察整改情况的报告", "青石县教育局党组"),
        ("关于中共青石县交通局党组巡察整改情况的通报", "中共青石县交通局党组"),
        ("巡察整改进展情况的通报", "县文化馆党支部"),  # no name in the title: the opening's
    ],
)
def test_organisation_from_titles_without_关于(title, org):
    from zhenggai.parsing.meta import organization_from

    assert organization_from(title, "根据县委统一部署，县委第一巡察组对县文化馆党支部进行了巡察。") == org


def test_results_after_a_marked_list_are_not_measures():
    text = samples.STANDARD.replace(
        "三是建立隐患台账。\n",
        "三是建立隐患台账。\n通过整改，景区安全隐患明显减少。\n同时，聘请第三方机构开展安全评估。\n",
    )
    (r,) = parse_text(text)
    measures = r.findings[0].children[1].measures
    assert len(measures) == 4
    assert measures[-1] == "同时，聘请第三方机构开展安全评估。"


@pytest.mark.parametrize(
    "opening, group",
    [
        ("根据市委统一部署，2022年5月至6月，市委巡察组对县教育局党组进行了巡察。", "市委巡察组"),
        ("根据省委统一部署，省委巡视组于2020年4月对省档案局党组进行了巡视。", "省委巡视组"),
        ("根据市委统一部署，市委巡察一组、二组对县医院党委开展了巡察。", "市委巡察一组、二组"),
        ("根据中央统一部署，中央第十巡视组对某省进行了巡视。", "中央第十巡视组"),
    ],
)
def test_inspecting_group_as_written(opening, group):
    from zhenggai.parsing.meta import find_inspector

    assert find_inspector(opening) == group


@pytest.mark.parametrize(
    "sentence, rules",
    [
        ("共梳理问题12个，新建制度6项，修订完善制度4项，拟新建制度2项。", 10),
        ("建立完善制度11项。", 11),
        ("建立了《值班制度》《接待办法》2项，完善了《财务管理办法》1项。", 3),
        ("新建制度*项，修订制度3项。", None),
    ],
)
def test_rules_created_and_revised(sentence, rules):
    from zhenggai.parsing.figures import statistics_from

    assert statistics_from([sentence]).rules == rules


@pytest.mark.parametrize(
    "sentences, problems, completed",
    [
        (["坚持解决一个问题、完善一套制度。", "巡察反馈的31项问题已经整改26项。"], 31, 26),
        (["巡察组提出5项立行立改问题，已于当月将5项问题全部整改完毕。"], None, None),
        (["巡察反馈的9个具体问题，已完成整改7个。", "12个村中10个已整改完成。"], 9, 7),
        (["12个村中10个已整改完成。"], None, None),
    ],
)
def test_totals_are_not_taken_from_idioms_or_parts(sentences, problems, completed):
    from zhenggai.parsing.figures import statistics_from

    st = statistics_from(sentences)
    assert (st.problems, st.completed) == (problems, completed)


def test_parts_numbered_in_brackets():
    (r,) = parse_text(samples.PAREN_PARTS)
    assert titles(r.findings) == ["关于“居民议事会召开不规范”问题", "关于“党费收缴台账不全”问题"]
    assert len(r.findings[0].measures) == 2


@pytest.mark.parametrize(
    "text, status",
    [
        ("已完成整改。", "completed"),
        ("目前已全部整改到位。", "completed"),
        ("已完成整改，并长期坚持开展排查。", "completed"),
        ("目前已基本整改到位。", "ongoing"),
        ("该问题正在推进整改。", "ongoing"),
        ("该问题的整改措施需长期坚持。", "long_term"),
        ("建立制度。长期坚持，每季度检查一次。", "long_term"),
        ("把制度落实纳入督察范围，持续推进、长期坚持。", None),  # the manner of a measure
        ("督促责任科室按要求抓紧推进整改。", None),  # an action, not where the item stands
        ("12个项目已完成整改或制定分期缴纳计划。", None),  # one or the other: not stated
        ("排查出的隐患已全部整改到位，其余13座水库正在推进整改。", None),  # finished and unfinished: no guess
    ],
)
def test_status_statements(text, status):
    from zhenggai.parsing.status import status_of

    assert status_of(text) == status
