"""Each rule on text written for the test: it fires where it should and stays silent where it should not."""

from __future__ import annotations

from zhenggai.quality import RULES, Item, StatedFigures, Subject, run


def rules_of(*items: Item, figures: StatedFigures = StatedFigures()) -> list[tuple[str, int | None, int | None]]:
    return [(f.rule, f.item, f.measure) for f in run(Subject(tuple(items), figures))]


def only(code: str, *items: Item, figures: StatedFigures = StatedFigures()):
    return [f for f in run(Subject(tuple(items), figures)) if f.rule == code]


def test_every_rule_has_a_chinese_name_explanation_and_weight():
    assert set(RULES) == {"intent_as_done", "empty_words", "copy_paste", "off_topic", "inconsistent_figures"}
    for rule in RULES.values():
        assert rule.name and rule.explanation and rule.weight > 0
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.name + rule.explanation)


# intent_as_done --------------------------------------------------------------------------------
PLANS = ("下一步，将于年底前修订车辆使用办法。", "拟组织驾驶员开展一轮安全教育。")


def test_intent_as_done_flags_a_completed_item_of_plans_only():
    flags = only("intent_as_done", Item("公务用车登记不全", PLANS, "completed"))
    assert len(flags) == 1 and flags[0].item == 0 and flags[0].measure is None
    assert "将于年底前" in flags[0].message and "正在整改" in flags[0].message


def test_intent_as_done_counts_an_item_claimed_by_the_report_totals():
    item = Item("公务用车登记不全", PLANS, None)
    assert only("intent_as_done", item, figures=StatedFigures(problems=1, completed=1))
    assert not only("intent_as_done", item, figures=StatedFigures(problems=2, completed=1))


def test_intent_as_done_silent_when_something_was_done_or_not_claimed():
    done = PLANS + ("3月5日已完成全部车辆登记造册。",)
    assert not only("intent_as_done", Item("公务用车登记不全", done, "completed"))
    assert not only("intent_as_done", Item("公务用车登记不全", PLANS, "ongoing"))
    # 将 as 把 ("put X into Y") is no intention.
    assert not only("intent_as_done", Item("学习不深入", ("将理论学习纳入年度计划。",), "completed"))


# empty_words -----------------------------------------------------------------------------------
def test_empty_words_flags_a_measure_of_stock_phrases_only():
    flags = only("empty_words", Item("档案管理混乱", ("进一步加强档案管理，切实提高规范化水平。", "6月前完成180卷档案整理。")))
    assert [(f.item, f.measure) for f in flags] == [(0, 0)]
    assert "进一步加强" in flags[0].message


def test_empty_words_silent_with_any_concrete_anchor():
    concrete = [
        "进一步加强档案管理，于2024年6月完成整理。",  # date
        "进一步加强档案管理，整理档案120卷。",  # count
        "进一步加强档案管理，印发《档案借阅规定》。",  # document
        "进一步加强档案管理，局党组会议专题研究。",  # meeting
        "进一步加强档案管理，由张明同志负责。",  # person
        "进一步加强档案管理，请县档案馆上门指导。",  # body
        "进一步加强档案管理，清理了过期借阅卡。",  # an act reported with 了
    ]
    flagged = [m for m in concrete if only("empty_words", Item("档案管理混乱", (m,)))]
    assert flagged == []
    assert not only("empty_words", Item("档案管理混乱", ("按月盘点一次库存",)))  # no stock phrase at all


# copy_paste ------------------------------------------------------------------------------------
SHARED = "组织全体干部职工逐条学习财务报销审批流程，由分管领导签字把关，凡手续不全的一律退回重新办理并登记在册"


def test_copy_paste_flags_only_the_later_occurrence_under_another_problem():
    first = Item("报销手续不全", ("一是" + SHARED + "。",))
    later = Item("差旅费超标准", ("一是按新标准核算差旅费。", "二是" + SHARED.replace("一律", "均") + "。"))
    flags = only("copy_paste", first, later)
    assert [(f.item, f.measure) for f in flags] == [(1, 1)]
    assert "报销手续不全" in flags[0].message and "第1条" in flags[0].message


def test_copy_paste_silent_under_the_same_problem_and_for_short_runs():
    same = Item("报销手续不全", (SHARED + "。", "二是" + SHARED + "。"))
    assert not only("copy_paste", same)
    short = SHARED[:30]
    assert not only("copy_paste", Item("甲问题", (short + "。",)), Item("乙问题", (short + "。",)))


def test_copy_paste_ignores_shared_document_titles_and_citations():
    title = "《中共某县财政局党组关于进一步规范机关经费支出审批和公务卡结算管理的实施办法（试行）》"
    a = Item("报销手续不全", (f"一是3月印发{title}。",))
    b = Item("公务卡使用率低", (f"二是5月组织学习{title}。",))
    assert not only("copy_paste", a, b)


# off_topic -------------------------------------------------------------------------------------
def test_off_topic_flags_a_measure_about_another_problem_of_the_report():
    canteen = Item("食堂采购账目不清", ("每周公示食堂采购账目。",))
    ideology = Item("意识形态阵地管理薄弱", ("清理过期宣传栏内容。", "建立食堂采购账目月度核对和公示制度，由财务人员每月核对一次。"))
    flags = only("off_topic", canteen, ideology)
    assert [(f.item, f.measure) for f in flags] == [(1, 1)]
    assert "食堂采购账目" in flags[0].message


def test_off_topic_silent_when_the_measure_shares_a_key_term_or_no_other_problem_fits():
    ideology = Item("意识形态阵地管理薄弱", ("建立宣传阵地巡查制度，每月检查宣传栏和门户网站一次。",))
    assert not only("off_topic", Item("食堂采购账目不清", ("公示账目。",)), ideology)
    # About finance, but no problem of the report talks of it: loose prose, not a misplaced measure.
    lonely = Item("意识形态阵地管理薄弱", ("建立食堂采购账目月度核对和公示制度，由财务人员每月核对一次。",))
    assert not only("off_topic", lonely)


# inconsistent_figures --------------------------------------------------------------------------
def test_inconsistent_figures_totals_against_items():
    items = [Item(f"问题{i}", ("已整改。",), "completed" if i < 7 else "ongoing") for i in range(9)]
    flags = only("inconsistent_figures", *items, figures=StatedFigures(problems=9, completed=8))
    assert len(flags) == 1 and flags[0].item is None and "已完成8个" in flags[0].message and "只有7个" in flags[0].message
    assert not only("inconsistent_figures", *items, figures=StatedFigures(problems=9, completed=7))
    # The items are not the whole account (10 stated, 9 found): nothing to count against.
    assert not only("inconsistent_figures", *items, figures=StatedFigures(problems=10, completed=8))


def test_inconsistent_figures_items_silent_about_status_count_only_as_possibly_done():
    items = [Item(f"问题{i}", ("已整改。",), "completed" if i < 7 else None) for i in range(9)]
    assert not only("inconsistent_figures", *items, figures=StatedFigures(problems=9, completed=8))
    flags = only("inconsistent_figures", *items, figures=StatedFigures(problems=9, completed=6))
    assert len(flags) == 1 and "却有7个" in flags[0].message and "已完成6个" in flags[0].message


def test_inconsistent_figures_more_completed_than_problems():
    flags = only("inconsistent_figures", figures=StatedFigures(problems=5, completed=6))
    assert len(flags) == 1 and "多于问题数" in flags[0].message


def test_inconsistent_figures_amount_restated_differently():
    a = Item("违规发放补贴", ("已责令退还违规发放的交通补贴共计3.2万元。",))
    b = Item("财务审核不严", ("对违规发放的交通补贴共计30000元全部追回。",))
    flags = only("inconsistent_figures", a, b)
    assert len(flags) == 1 and flags[0].item == 1 and "3.2万元" in flags[0].message and "30000元" in flags[0].message
    same = Item("财务审核不严", ("对违规发放的交通补贴共计32000元全部追回。",))
    assert not only("inconsistent_figures", a, same)


def test_inconsistent_figures_document_dated_before_its_number():
    bad = Item("制度不健全", ("2020年3月印发《机关车辆管理办法》（青财发〔2021〕4号）。",))
    flags = only("inconsistent_figures", bad)
    assert len(flags) == 1 and "〔2021〕" in flags[0].message and flags[0].measure == 0
    good = Item("制度不健全", ("2021年3月印发《机关车辆管理办法》（青财发〔2021〕4号）。",))
    assert not only("inconsistent_figures", good)


def test_inconsistent_figures_amounts_of_different_years_or_one_sentence_are_not_restatements():
    a = Item("帮扶资金", ("2022年发放帮扶资金共计12万元。",))
    b = Item("资金监管", ("2023年发放帮扶资金共计15万元。",))
    assert not only("inconsistent_figures", a, b)
    one = Item("帮扶资金", ("上半年发放帮扶资金共计12万元，全年发放帮扶资金共计15万元。",))
    assert not only("inconsistent_figures", one)


def test_copy_paste_does_not_bridge_a_citation():
    # Two short shared stretches joined only by the same document title: citing it is not copying.
    title = "《某县机关车辆使用和维修管理暂行办法》"
    a = Item("车辆管理混乱", (f"局办公室组织司机认真学习{title}并逐条对照检查车辆登记",))
    b = Item("维修费用偏高", (f"财务股组织司机认真学习{title}并逐条对照检查维修单据",))
    assert not only("copy_paste", a, b)
