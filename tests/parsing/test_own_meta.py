"""Our own reports (own_meta_documents.py): what the opening, the totals and the closing say.

The outline documents (own_documents.py) check the tree; these check the
metadata, figures, contacts, statuses and measures of reports written the ways
the corpus does not write them. Each expected value was made by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from zhenggai.parsing import parse_text

from .own_meta_documents import META_DOCS, stats
from .test_own_documents import assert_outline, flat

SCHEMA = json.loads((Path(__file__).parents[2] / "src" / "zhenggai" / "parsing" / "report.schema.json").read_text("utf-8"))


def _parse(name):
    (r,) = parse_text(META_DOCS[name]["text"], source=f"{name}.txt")
    return r


@pytest.mark.parametrize("name", list(META_DOCS))
def test_metadata(name):
    r, d = _parse(name), META_DOCS[name]
    got = {"title": r.title, "organization": r.organization, "inspection": r.inspection.to_dict()}
    assert got == d["meta"]


@pytest.mark.parametrize("name", list(META_DOCS))
def test_statistics(name):
    assert _parse(name).statistics.to_dict() == META_DOCS[name]["statistics"]


@pytest.mark.parametrize("name", list(META_DOCS))
def test_contact(name):
    assert _parse(name).contact.to_dict() == META_DOCS[name]["contact"]


@pytest.mark.parametrize("name", list(META_DOCS))
def test_statuses_and_measures(name):
    r, d = _parse(name), META_DOCS[name]
    assert_outline(flat(r.findings), d["outline"])
    for title, measures in d["measures"].items():
        (f,) = [f for f in r.all_findings() if f.title == title]
        assert f.measures == measures
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(r.to_dict()))


# --- single lines, each a way titles, openings and contact paragraphs are written ----------------

from zhenggai.parsing.dates import find_dates  # noqa: E402
from zhenggai.parsing.figures import contact_from, statistics_from  # noqa: E402
from zhenggai.parsing.meta import sentences  # noqa: E402
from zhenggai.parsing.meta import organization_from  # noqa: E402

TITLES = [
    ("关于落实市委巡察反馈意见整改情况的通报", None),               # 落实市委… is no unit
    ("关于中共石门县委员会巡视整改情况的报告", "中共石门县委员会"),   # 县委 inside 委员会
    ("石门县财政局党组落实县委第二巡察组反馈意见整改情况的报告", "石门县财政局党组"),
    ("中共石门县委员会十一届省委第三轮巡视整改情况的报告", "中共石门县委员会"),
    ("关于县委第五巡察组所提意见整改落实情况的报告", None),
    ("国网石门县供电公司党委关于巡察整改情况的通报", "国网石门县供电公司党委"),
    ("石门县第一中学党总支巡察整改情况通报", "石门县第一中学党总支"),
    ("市委第三巡察组关于对市水务局党组巡察情况的反馈意见", "市水务局党组"),  # a feedback names the group first
    ("石门县财政局党组对县委第二巡察组反馈意见的整改情况报告", "石门县财政局党组"),
]


@pytest.mark.parametrize("title,org", TITLES)
def test_organization_from_title(title, org):
    assert organization_from(title, "") == org


OPENINGS = [
    ("县委第二巡察组对石门县财政局党组落实全面从严治党责任等情况进行了巡察。", "石门县财政局党组"),
    ("省委第二巡视工作组进驻安平县，开展了为期两个月的巡视。", "安平县"),
    ("县委第二巡察组对县财政局党组及其领导班子进行了常规巡察。", "县财政局党组"),
]


@pytest.mark.parametrize("opening,org", OPENINGS)
def test_organization_from_opening(opening, org):
    assert organization_from(None, opening) == org


DATES = [
    ("二〇二三年十二月三十一日", ["2023-12-31"]),
    ("二○二四年三月", ["2024-03"]),
    ("2024.3.5-2024.4.30", ["2024-03-05", "2024-04-30"]),
    ("2024/03/05", ["2024-03-05"]),
    ("资金3.5万元，2024.13.5不是日期", []),
    ("2021年X月至X月", ["2021", "2021"]),
]


@pytest.mark.parametrize("text,iso", DATES)
def test_dates_as_written(text, iso):
    assert [d.iso() for d in find_dates(text)] == iso


CONTACTS = [
    ("欢迎监督。电子邮箱：a_b163.com、cd126.com；举报电话：12380。",
     {"phone": ["12380"], "email": ["a_b163.com", "cd126.com"], "address": None, "postcode": None}),
    ("欢迎监督。信函请寄：石门县人民路1号县委巡察办，邮编：415300。电话：0736－5321234/5321235",
     {"phone": ["0736－5321234", "5321235"], "email": [], "address": "石门县人民路1号县委巡察办", "postcode": "415300"}),
    ("欢迎监督。电子邮件地址：xy@163.com或zz@qq.com；网站地址：https://www.example.cn",
     {"phone": [], "email": ["xy@163.com", "zz@qq.com"], "address": None, "postcode": None}),
    ("欢迎监督。联系电话：０５７１－８７０５１２３４，手机１３９０７３８１２３４",  # full-width digits
     {"phone": ["０５７１－８７０５１２３４", "１３９０７３８１２３４"], "email": [], "address": None, "postcode": None}),
    ("欢迎监督。联系电话：（0736）5321234转12；传真：0736-5321299",
     {"phone": ["（0736）5321234转12"], "email": [], "address": None, "postcode": None}),
]


@pytest.mark.parametrize("text,expected", CONTACTS)
def test_contact_lines(text, expected):
    assert contact_from([text]).to_dict() == expected


TOTALS = [
    # the count nearest the aspects, not the completed clause after it
    ("巡察组反馈了5个方面的突出问题18个，截至目前12个问题整改完成。", stats(5, 18, 12)),
    ("反馈意见分为4大类，共涉及问题20个，完成整改的问题有15个。", stats(4, 20, 15)),
    ("巡察反馈的问题中，立行立改问题共5个。", stats()),                      # a part, not the total
    ("反馈的12个问题完成整改时限为今年年底。", stats(None, 12)),              # a deadline, not a count done
    ("整改中新建制度6项、修订制度3项，共9项。", stats(rules=9)),
    ("整改中形成制度成果12项。", stats(rules=12)),
    ("巡察指出的问题线索7件已移交纪检部门，给予诫勉谈话4人。", stats()),       # 线索 and 问责 are no totals
]


@pytest.mark.parametrize("text,expected", TOTALS)
def test_totals_as_written(text, expected):
    assert statistics_from(sentences(text)).to_dict() == expected


from zhenggai.parsing.status import status_of  # noqa: E402

STATUSES = [
    ("一是清理台账；二是建立制度。整改状态：已完成。", "completed"),
    ("一是清理台账。整改完毕。", "completed"),
    ("一是清理台账；二是建立制度。已落实到位。", "completed"),
    ("一是清理台账。该问题已整改。", "completed"),
    ("对三处隐患已落实到位3处", None),                     # progress, not the item's status
    ("一是清理台账。整改进展：正在推进。", "ongoing"),
    ("一是清理台账。整改进行中。", "ongoing"),
    ("一是清理台账。问题尚在整改，预计年底完成。", "ongoing"),
    ("一是清理台账。未完成。", "ongoing"),
    ("一是清理台账。持续推进中。", "ongoing"),
    ("一是清理台账。整改时限：长期坚持。", "long_term"),
    ("一是持续推进、长期坚持学习制度。", None),               # the manner of a measure
]


@pytest.mark.parametrize("text,status", STATUSES)
def test_status_phrasings(text, status):
    assert status_of(text) == status


def test_fax_beside_phone_is_kept():
    assert contact_from(["欢迎监督。电话/传真：0571-87051234；传真：0571-87051299"]).phone == ["0571-87051234"]


def test_a_later_mention_without_contacts_does_not_hide_them():
    lines = ["欢迎广大干部群众监督。联系电话：0571-87051234。", "对群众反映的意见建议，我们将认真研究、及时反馈。", "中共某某委员会"]
    assert contact_from(lines).phone == ["0571-87051234"]


def _wrap(text: str, width: int) -> str:
    """Every paragraph broken at a fixed visual width, as text taken from a PDF is."""
    out = []
    for para in text.split("\n"):
        line, w = "", 0
        for ch in para:
            cw = 2 if len(ch.encode("utf-8")) == 3 else 1  # CJK and full-width marks are wide
            if w + cw > width:
                out.append(line)
                line, w = "", 0
            line += ch
            w += cw
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", ["province_chinese_numerals", "soe_special", "university_look_back"])
@pytest.mark.parametrize("width", [56, 70])
def test_pdf_text_reads_as_its_paragraphs(name, width):
    d = META_DOCS[name]
    wrapped = _wrap(d["text"], width)
    assert wrapped.count("\n") > d["text"].count("\n") + 5  # the paragraphs really are broken
    (r,) = parse_text(wrapped)
    assert {"title": r.title, "organization": r.organization, "inspection": r.inspection.to_dict()} == d["meta"]
    assert r.statistics.to_dict() == d["statistics"]
    assert r.contact.to_dict() == d["contact"]
    assert [(t, s, n) for _, t, s, n in flat(r.findings)] == [(t, s, n) for _, t, s, n in d["outline"]]



from zhenggai.parsing.meta import inspection_from  # noqa: E402

INSPECTIONS = [
    # 反馈 in the leading 按照… clause is the subject, not the event
    ("按照省委巡视工作领导小组和巡视反馈意见整改工作要求，2023年4月10日至6月9日，省委第三巡视组对县财政局党组"
     "进行了常规巡视，7月12日反馈了巡视意见。", ("2023-04-10", "2023-06-09", "2023-07-12", ["常规"])),
    # the visit closes with 结束, no range mark
    ("根据省委统一部署，2023年4月10日，省委第三巡视组进驻安平县，6月9日结束。7月12日，省委第三巡视组反馈了巡视意见。",
     ("2023-04-10", "2023-06-09", "2023-07-12", [])),
    # dates written with dashes: the range mark is looked for after the first date
    ("根据县委统一部署，2022-05-09至2022-06-30，县委第一巡察组对县林业局党组进行了巡察，2022-08-02反馈了巡察意见。",
     ("2022-05-09", "2022-06-30", "2022-08-02", [])),
]


@pytest.mark.parametrize("opening,expected", INSPECTIONS)
def test_inspection_dates_and_types(opening, expected):
    i = inspection_from(None, opening, "")
    assert (i.start, i.end, i.feedback, i.types) == expected
