"""The clerk's outline corrections: each keeps every measure once, and a wrong one changes nothing."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhenggai.ledger import outline_edits as oe
from zhenggai.ledger.outline_edits import OutlineError, node


def sample() -> list[dict]:
    return [
        node("班子建设方面", children=[
            node("学习制度落实不到位", ["甲一", "甲二"]),
            node("议事规则执行不严。已修订议事规则。一是每季度检查一次；二是纳入考核。"),
        ]),
        node("资金管理方面", children=[node("报销审核不严", ["乙一"])]),
        node("作风建设方面", ["丙一", "（四）另一个问题被读成了措施", "丙三"]),
    ]


def measures(tree):
    out = []
    for n in tree:
        out.extend(n["measures"])
        out.extend(measures(n["children"]))
    return out


def chars(tree) -> Counter:
    return Counter("".join(oe.texts(tree)).replace(" ", ""))


def test_promote_moves_a_heading_up_beside_its_parent():
    tree = oe.apply(sample(), {"op": "promote", "node": "0.1"})
    assert [n["title"] for n in tree][:2] == ["班子建设方面", sample()[0]["children"][1]["title"]]
    assert len(tree[0]["children"]) == 1
    assert Counter(measures(tree)) == Counter(measures(sample()))


def test_demote_puts_a_heading_under_its_previous_sibling():
    tree = oe.apply(sample(), {"op": "demote", "node": "1"})
    assert [n["title"] for n in tree] == ["班子建设方面", "作风建设方面"]
    assert tree[0]["children"][-1]["title"] == "资金管理方面"
    assert tree[0]["children"][-1]["children"][0]["measures"] == ["乙一"]


def test_merge_joins_title_measures_and_children_into_the_previous_sibling():
    tree = oe.apply(sample(), {"op": "merge", "node": "0.1"})
    merged = tree[0]["children"]
    assert len(merged) == 1
    assert merged[0]["title"].startswith("学习制度落实不到位议事规则")
    assert merged[0]["measures"] == ["甲一", "甲二"]
    assert chars(tree) == chars(sample())


def test_split_cuts_at_the_first_sentence_end_and_the_rest_becomes_measures():
    tree = oe.apply(sample(), {"op": "split", "node": "0.1"})
    n = tree[0]["children"][1]
    assert n["title"] == "议事规则执行不严。"
    assert n["measures"] == ["已修订议事规则。", "一是每季度检查一次；", "二是纳入考核。"]
    assert chars(tree) == chars(sample())


def test_a_measure_becomes_a_heading_after_its_item_taking_the_measures_after_it():
    tree = oe.apply(sample(), {"op": "to_heading", "node": "2", "measure": "1"})
    assert tree[2]["measures"] == ["丙一"]
    assert tree[3] == node("（四）另一个问题被读成了措施", ["丙三"])
    assert chars(tree) == chars(sample())


def test_a_heading_becomes_a_measure_of_its_previous_sibling_or_parent():
    tree = oe.apply(sample(), {"op": "to_measure", "node": "0.1"})
    assert tree[0]["children"][0]["measures"][-1].startswith("议事规则执行不严")
    tree = oe.apply(sample(), {"op": "to_measure", "node": "1.0"})
    assert tree[1]["children"] == [] and tree[1]["measures"] == ["报销审核不严", "乙一"]


def test_move_takes_a_measure_to_another_item():
    tree = oe.apply(sample(), {"op": "move", "node": "0.0", "measure": "1", "to": "1.0"})
    assert tree[0]["children"][0]["measures"] == ["甲一"]
    assert tree[1]["children"][0]["measures"] == ["乙一", "甲二"]


@pytest.mark.parametrize("op, message", [
    ({"op": "promote", "node": "1"}, "已是最高一级"),
    ({"op": "demote", "node": "0"}, "前面没有同级标题"),
    ({"op": "merge", "node": "1.0"}, "前面没有同级标题"),
    ({"op": "split", "node": "1.0"}, "无法拆分"),
    ({"op": "to_measure", "node": "0"}, "下级标题"),
    ({"op": "to_heading", "node": "2", "measure": "9"}, "没有找到要更正的措施"),
    ({"op": "move", "node": "0.0", "measure": "0", "to": "7.7"}, "没有找到要移入的问题"),
    ({"op": "move", "node": "0.0", "measure": "0", "to": "0.0"}, "已在这个问题下"),
    ({"op": "promote", "node": "x.1"}, "没有找到要更正的标题"),
    ({"op": "promote", "node": "0.9"}, "没有找到要更正的标题"),
    ({"op": "drop", "node": "0"}, "不认识的更正操作"),
])
def test_an_invalid_operation_gives_a_chinese_message_and_changes_nothing(op, message):
    tree = sample()
    before = copy.deepcopy(tree)
    with pytest.raises(OutlineError, match=message):
        oe.apply(tree, op)
    assert tree == before


def test_replay_names_the_operation_that_no_longer_fits():
    with pytest.raises(OutlineError, match="第 2 项更正无法重放"):
        oe.replay(sample(), [{"op": "demote", "node": "1"}, {"op": "demote", "node": "0"}])


def test_doubts_mark_empty_long_single_child_and_heading_like_measures():
    found = oe.doubts(sample(), ["“议事规则执行不严”一段的层级拿不准"])
    assert any("首句" in r for r in found["0.1"])
    assert any("拿不准" in r for r in found["0.1"])  # the parser's own warning lands on the heading it names
    assert any("没有措施" in r for r in found["0.1"])
    assert any("只有一个下级标题" in r for r in found["1"])
    assert "2/1" in found and "2/0" not in found
    assert "0.0" not in found


ops = st.fixed_dictionaries({
    "op": st.sampled_from(sorted(oe.OPERATIONS)),
    "node": st.sampled_from(["0", "1", "2", "0.0", "0.1", "1.0", "0.1.0", "3"]),
    "measure": st.sampled_from(["0", "1", "2"]),
    "to": st.sampled_from(["0", "1", "2", "0.0", "1.0"]),
})


@settings(max_examples=200, deadline=None)
@given(st.lists(ops, max_size=8))
def test_any_sequence_of_operations_keeps_every_character_once(sequence):
    tree = sample()
    for op in sequence:
        before = copy.deepcopy(tree)
        try:
            tree = oe.apply(tree, op)
        except OutlineError:
            assert tree == before
            continue
        assert chars(tree) == chars(before)
        if op["op"] in ("promote", "demote", "merge", "move"):
            assert Counter(measures(tree)) == Counter(measures(before))


def test_judge_tells_a_parse_that_needs_no_correction_from_one_the_operations_fix():
    ops = [{"op": "split", "node": "0.1"}]
    example = {"operations": ops, "outline": oe.outline(oe.replay(sample(), ops))}
    assert oe.judge(example, sample()) == {"raw": False, "replayed": True}
    fixed = oe.replay(sample(), ops)
    assert oe.judge(example, fixed)["raw"] is True


def test_judging_ignores_heading_numbers_and_edge_punctuation_but_not_structure():
    wanted = [node("（一）关于甲的问题。", ["一是做了某事。"])]
    example = {"operations": [], "outline": oe.outline(wanted)}
    assert oe.judge(example, [node("关于甲的问题", ["一是做了某事"])])["raw"]
    assert not oe.judge(example, [node("关于甲的问题", ["一是做了某事", "二是多出一条"])])["raw"]
    assert not oe.judge(example, [node("关于乙的问题", ["一是做了某事"])])["raw"]
    assert not oe.judge(example, [node("关于甲的问题", ["二是做了某事"])])["raw"]
    assert not oe.judge(example, [node("上级", children=[node("关于甲的问题", ["一是做了某事"])])])["raw"]
