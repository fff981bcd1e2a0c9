"""Grouping and classification on a small set of titles written for the test."""

from __future__ import annotations

from zhenggai.analysis import Taxonomy, group_titles
from zhenggai.analysis.grouping import _vectors
from zhenggai.quality import Item, Subject, check_report, run, scores
from zhenggai.parsing import parse_text

TITLES = [
    "关于“公务接待清单不规范”问题",
    "针对公务接待清单不规范的问题",
    "公务接待清单填写不规范",
    "关于“党支部三会一课记录不全”问题",
    "针对支部三会一课记录不全的问题",
    "林区防火通道年久失修",
]


def test_similar_titles_are_grouped_and_named_by_the_most_central():
    groups = group_titles(TITLES)
    members = sorted(sorted(g.members) for g in groups)
    assert members == [[0, 1, 2], [3, 4]]
    reception = next(g for g in groups if 0 in g.members)
    assert reception.name in TITLES[:3] and reception.members[0] == TITLES.index(reception.name)


def test_no_chaining_through_intermediate_titles():
    # Each title is close to the next: joining every close pair would put the first and the last together.
    chain = ["车辆维修费用审批不严格", "车辆维修费用报销手续不全", "差旅住宿费用报销手续不全", "差旅住宿费用标准执行不严格"]
    sims = (_vectors(chain) @ _vectors(chain).T).toarray()
    assert all(sims[i, i + 1] >= 0.3 for i in range(3)) and sims[0, 3] < 0.3
    groups = group_titles(chain, threshold=0.3)
    assert groups and all(not {0, 3} <= set(g.members) for g in groups)


def test_classification_by_keyword_example_and_correction():
    tax = Taxonomy.load()
    c = tax.classify("关于“公务接待清单不规范”问题")
    assert (c.name, c.method) == ("作风建设/中央八项规定精神", "keyword") and "公务接待" in c.reason
    fallback = tax.classify("门户网页内容审核把关不严格")  # no keyword: nearest example
    assert fallback.method == "example" and fallback.name == "意识形态" and "最相近示例" in fallback.reason
    fixed = Taxonomy(list(tax.classes.values()), {"林区防火通道年久失修": "履行职能职责"})
    assert fixed.classify("关于“林区防火通道年久失修”问题").method == "correction"
    # A correction becomes an example: a title like it follows it.
    assert fixed.classify("林区防火通道多年失修").name == "履行职能职责"


def test_item_and_report_scores_explain_the_points_lost():
    items = (Item("档案管理混乱", ("进一步加强档案管理，切实提高规范化水平。",)), Item("车辆台账不全", ("3月已补登台账12本。",)))
    subject = Subject(items)
    total, per_item = scores(subject, run(subject))
    assert per_item[0].value == 85 and per_item[0].costs == {"empty_words": 15} and per_item[1].value == 100
    assert total.value == 92 and "空话套话" in total.explain()


def test_check_report_uses_the_parsers_tree():
    text = (
        "中共青禾县档案局党组关于巡察整改情况的通报\n一、巡察反馈问题整改落实情况\n（一）关于档案管理方面\n"
        "1.关于“档案管理混乱”问题\n整改情况：一是进一步加强档案管理，切实提高规范化水平。二是3月已补登台账12本。\n"
    )
    checked = check_report(parse_text(text)[0])
    assert [(f.rule, f.finding, f.measure) for f in checked.flags] == [("empty_words", "关于“档案管理混乱”问题", 0)]


def test_grouping_over_several_processes_gives_the_same_groups(monkeypatch):
    from zhenggai.analysis import grouping

    many = TITLES * 3 + ["关于“食堂采购台账不清”问题", "针对食堂采购台账不清的问题"]
    serial = grouping.group_titles(many)
    monkeypatch.setattr(grouping, "PARALLEL_FROM", 2)
    monkeypatch.setattr(grouping, "BLOCK", 4)
    monkeypatch.setattr(grouping.os, "cpu_count", lambda: 2)
    assert grouping.group_titles(many) == serial and len(serial) >= 3
