"""整改质量体检 on the ledger itself: each measure's flags as a badge on its row (the rule's
Chinese name; the evidence and what to do on opening it), in full on the measure page, a
有质量问题 filter, and nothing of another unit's ledger quoted."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from zhenggai.ledger import services as ls
from zhenggai.ledger.models import Finding, Measure
from zhenggai.ledger.queries import LedgerFilter, measures

TODAY = dt.date.today()


def _row(html: str, measure_id: int) -> str:
    m = re.search(rf'<tr id="measure-{measure_id}".*?</tr>', html, re.S)
    assert m, measure_id
    return m.group(0)


def test_a_flagged_measure_carries_its_badges_and_a_clean_one_none(ledger, people, login):
    html = login(people.office).get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    closed = _row(html, ledger.measures[3].id)  # 修订差旅费管理办法: completed, no evidence, never reported
    assert '<summary title="措施“修订差旅费管理办法”已标为完成，但没有上传任何佐证材料。">销号无佐证</summary>' in closed
    assert "未报进展即销号" in closed and "应核实整改过程" in closed  # what to do, on opening the badge
    assert "no_evidence" not in html  # rules by their names, never their codes
    assert 'class="qflag"' not in _row(html, ledger.measures[0].id)


def test_text_rules_and_problem_level_flags_show_on_the_rows(ledger, people, login):
    p = ls.add_finding(ledger.unit, Finding.Level.PROBLEM, "公务接待管理不规范", parent=ledger.aspects[1])
    empty = ls.add_measure(p, "进一步加强管理，切实提高认识，认真落实要求。", person="赵六", deadline=TODAY + dt.timedelta(days=9))
    ls.add_finding(ledger.unit, Finding.Level.PROBLEM, "没有措施的问题", parent=ledger.aspects[1])
    html = login(people.office).get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert "空话套话" in _row(html, empty.id)
    # A problem with no measure has no row: the note above the table says so.
    notes = html.split('<table class="grid ledger">')[0]
    assert "措施要素缺失" in notes and "问题“没有措施的问题”没有任何整改措施" in notes


def test_the_measure_page_shows_the_flags_in_full(ledger, people, login):
    html = login(people.office).get(reverse("workflow:measure", args=[ledger.measures[3].id])).content.decode()
    assert "整改质量体检" in html
    table = html.split("整改质量体检", 1)[1]
    assert "销号无佐证" in table and "没有上传任何佐证材料" in table and "否则不应销号" in table
    clean = login(people.office).get(reverse("workflow:measure", args=[ledger.measures[0].id])).content.decode()
    assert "quality-flags" not in clean


def test_filter_has_quality_problems(ledger, people, login):
    c = login(people.office)
    html = c.get(reverse("ledger:ledger", args=[ledger.unit.id]) + "?flagged=on").content.decode()
    ids = {int(i) for i in re.findall(r'<tr id="measure-(\d+)"', html)}
    assert ids == {ledger.measures[3].id}
    # The same filter everywhere the ledger's filter goes (bulk 筛选出的全部, print).
    assert [m.id for m in measures(ledger.unit, LedgerFilter(flagged=True))] == [ledger.measures[3].id]
    assert "修订差旅费管理办法" in c.get(reverse("ledger:print", args=[ledger.unit.id]) + "?flagged=on").content.decode()
    assert "全面盘点防汛物资" not in c.get(reverse("ledger:print", args=[ledger.unit.id]) + "?flagged=on").content.decode()
    # Fixing the cause clears the row from the filter.
    Measure.objects.filter(pk=ledger.measures[3].pk).update(status=Measure.Status.IN_PROGRESS)
    assert measures(ledger.unit, LedgerFilter(flagged=True)).count() == 0


def test_another_units_ledger_is_never_quoted(ledger, people, login):
    from zhenggai.workflow.models import Evidence

    now = dt.datetime.now(dt.timezone.utc)
    Evidence.objects.create(measure=ledger.other_measure, uploaded_by=people.outsider, uploaded_at=now, name="纪要.pdf",
                            kind="pdf", size=3, sha256="d" * 64)
    Evidence.objects.create(measure=ledger.measures[0], uploaded_by=people.office, uploaded_at=now + dt.timedelta(seconds=1),
                            name="会议纪要.pdf", kind="pdf", size=3, sha256="d" * 64)
    html = login(people.office).get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    row = _row(html, ledger.measures[0].id)
    assert "佐证材料重复使用" in row and "另一单位" in row
    assert "外单位的措施" not in html


def test_reporter_sees_the_flags_of_their_rows_only(ledger, people, login):
    ls.add_finding(ledger.unit, Finding.Level.PROBLEM, "没有措施的问题", parent=ledger.aspects[0])
    html = login(people.reporter).get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert "销号无佐证" in _row(html, ledger.measures[3].id)  # 财务科's own measure
    assert "没有措施的问题" not in html  # the unit-wide notes are the office's
    assert login(people.nobody).get(reverse("ledger:ledger", args=[ledger.unit.id])).status_code == 404


def test_a_row_redrawn_after_an_inline_edit_keeps_its_badges(ledger, people, login):
    row = login(people.office).get(reverse("ledger:measure_row", args=[ledger.measures[3].id])).content.decode()
    assert ">销号无佐证</summary>" in row
    assert 'class="qflag"' not in login(people.office).get(reverse("ledger:measure_row", args=[ledger.measures[0].id])).content.decode()


def test_bulk_edit_of_the_whole_filter_takes_only_the_flagged_rows(ledger, people, login):
    c = login(people.office)
    html = c.get(reverse("ledger:ledger", args=[ledger.unit.id]) + "?flagged=on").content.decode()
    assert '<input type="hidden" name="flagged" value="on">' in html  # the bulk form repeats the filter
    page = c.post(reverse("ledger:bulk", args=[ledger.unit.id]),
                  {"scope_all": "1", "flagged": "on", "deadline": "2027年6月底", "kind": ""}).content.decode()
    assert "1 条将被修改" in page and "修订差旅费管理办法" in page and "全面盘点防汛物资" not in page


def test_the_problem_page_shows_its_measures_flags_and_its_own(ledger, people, login):
    c = login(people.office)
    html = c.get(reverse("ledger:problem", args=[ledger.measures[3].finding_id])).content.decode()
    assert ">销号无佐证</summary>" in _row(html, ledger.measures[3].id)
    assert 'class="qflag"' not in _row(html, ledger.measures[4].id)
    bare = ls.add_finding(ledger.unit, Finding.Level.PROBLEM, "还没有措施的问题", parent=ledger.aspects[1])
    html = c.get(reverse("ledger:problem", args=[bare.id])).content.decode()
    assert "措施要素缺失" in html and "没有任何整改措施" in html
