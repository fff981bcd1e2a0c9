"""One definition of every figure: every page, list, export and report of the demo states the same numbers.

Pages mark each figure with data-figure="name" (names from zhenggai.ledger.figures.Figures.named);
the reports are read back from their text. Every value is compared with unit_figures() and,
through it, with every other page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

FIGURE = re.compile(r'data-figure="([a-z_]+)">([^<]*)<')
PUBLIC = re.compile(
    r"(?:(?P<aspects>\d+)个方面(?:(?P<top>\d+)个问题)?(?P<problems>\d+)个(?:具体)?问题|反馈问题共(?P<problems2>\d+)个)，"
    r"本单位逐项制定整改措施(?P<measures>\d+)条。截至[^，]+，已完成整改(?P<done>\d+)个，基本完成、取得阶段性成效(?P<partial>\d+)个，"
    r"正在整改(?P<ongoing>\d+)个，需长期坚持(?P<long_term>\d+)个，未完成(?P<unfinished>\d+)个，完成率（按问题）(?P<rate_p>[\d.]+)%；"
    r"(?P<measures_again>\d+)条整改措施中已落实(?P<measures_done>\d+)条，完成率（按措施）(?P<rate_m>[\d.]+)%。"
)
DISPATCH = re.compile(
    r"反馈问题(?P<problems>\d+)个，整改措施(?P<measures>\d+)条。截至[^，]+，问题已完成整改(?P<done>\d+)个，完成率（按问题）(?P<rate_p>[\d.]+)%；"
    r"措施已落实(?P<measures_done>\d+)条，完成率（按措施）(?P<rate_m>[\d.]+)%。本期完成措施\d+条，逾期未完成(?P<overdue>\d+)条"
)


def page_figures(html: str) -> dict[str, str]:
    """Every data-figure on a page; one name shown twice must show one value."""
    seen: dict[str, str] = {}
    for name, value in FIGURE.findall(html):
        value = value.strip().rstrip("%")
        assert seen.setdefault(name, value) == value, (name, seen[name], value)
    return seen


def expected_strings(fig) -> dict[str, str]:
    return {k: str(v) for k, v in fig.named().items()}


def public_figures(text: str) -> dict[str, str]:
    m = PUBLIC.search(text)
    assert m, text[:600]
    g = m.groupdict()
    assert g["measures"] == g["measures_again"]
    out = {
        "problems": g["problems"] or g["problems2"], "measures": g["measures"], "measures_done": g["measures_done"],
        "problems_done": g["done"], "problems_partial": g["partial"], "problems_ongoing": g["ongoing"],
        "problems_long_term": g["long_term"], "problems_unfinished": g["unfinished"],
        "rate_by_problem": g["rate_p"], "rate_by_measure": g["rate_m"],
    }
    if g["aspects"]:
        out["aspects"] = g["aspects"]
    if g["top"]:
        out["top_problems"] = g["top"]
    return out


@pytest.fixture
def demo(db, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from zhenggai.ledger.demo import DEMO_USER, load_demo

    settings.DATA_DIR = tmp_path / "data"
    today = timezone.localdate()
    unit = load_demo(today)
    return unit, get_user_model().objects.get(username=DEMO_USER)


def test_every_page_and_report_states_the_same_figures(demo, client):
    from zhenggai.ledger import access, figures, lists
    from zhenggai.reports import services
    from zhenggai.supervision import dashboard

    unit, office = demo
    client.force_login(office)
    want = expected_strings(figures.unit_figures(unit))
    # The demo has something in every column that disagreed before (by measure vs by problem).
    assert want["rate_by_problem"] != want["rate_by_measure"]

    pages = {
        "ledger": reverse("ledger:ledger", args=[unit.id]),
        "problem list": reverse("ledger:list", args=[unit.id, "problems"]),
        "dashboard": reverse("supervision:dashboard", args=[unit.id]),
        "通报 draft": reverse("reports:draft", args=[unit.id, "progress"]),
        "报告 draft": reverse("reports:draft", args=[unit.id, "final"]),
    }
    shown: dict[str, dict[str, str]] = {}
    for name, url in pages.items():
        r = client.get(url)
        assert r.status_code == 200, name
        shown[name] = page_figures(r.content.decode())
        assert len(shown[name]) >= 5, (name, shown[name])
    for kind in ("progress", "final"):
        text = client.get(reverse("reports:draft_download", args=[unit.id, kind, "txt"])).content.decode()
        shown[f"{kind}.txt"] = public_figures(text)
    issued = services.issue(services.draft_for(unit, "progress"), office)
    shown["issued 通报"] = public_figures(issued.text)
    shown["issued figures"] = {k: str(v) for k, v in issued.figures.items() if k in ("aspects", "problems", "measures", "measures_done", "rate")}
    shown["issued figures"]["rate_by_problem"] = shown["issued figures"].pop("rate")

    dispatch = client.get(reverse("reports:draft_download", args=[unit.id, "dispatch", "txt"])).content.decode()
    m = DISPATCH.search(dispatch)
    assert m, dispatch[:400]
    shown["调度报告"] = {"problems": m["problems"], "measures": m["measures"], "problems_done": m["done"],
                      "rate_by_problem": m["rate_p"], "measures_done": m["measures_done"], "rate_by_measure": m["rate_m"],
                      "measures_overdue": m["overdue"]}

    # The problem list's rows, on the page and in its exports, count to the same statuses.
    labels = dict(zip(figures.ProblemStatus.ORDER, figures.PROBLEM_STATUS_KEYS))
    tbl = lists.table(unit, "problems")
    rows = Counter(r[6] for r in tbl.rows)
    shown["problem list rows"] = {"problems": str(len(tbl.rows)), **{f"problems_{labels[s]}": str(rows[s]) for s in labels}}
    wb = openpyxl.load_workbook(io.BytesIO(client.get(reverse("ledger:export_list", args=[unit.id, "problems", "xlsx"])).content))
    sheet_rows = Counter(row[6] for row in wb.worksheets[0].iter_rows(min_row=3, values_only=True) if row[0] is not None)
    shown["problem list .xlsx"] = {f"problems_{labels[s]}": str(sheet_rows[s]) for s in labels}
    csv_rows = list(csv.reader(io.StringIO(client.get(reverse("ledger:export_list", args=[unit.id, "problems", "csv"])).content.decode("utf-8-sig"))))
    header = next(i for i, r in enumerate(csv_rows) if "整改状态" in r)
    col = csv_rows[header].index("整改状态")
    csv_count = Counter(r[col] for r in csv_rows[header + 1:] if len(r) > col)
    shown["problem list .csv"] = {f"problems_{labels[s]}": str(csv_count[s]) for s in labels}

    # The round overview counts the unit's measures in SQL: the same definition.
    bucket = next(b for b in dashboard.round_overview(unit.inspection, timezone.localdate()) if b.key == unit)
    shown["round overview"] = {"measures": str(bucket.total), "measures_done": str(bucket.completed),
                               "measures_long_term": str(bucket.long_term), "measures_overdue": str(bucket.overdue),
                               "rate_by_measure": str(bucket.rate)}

    for where, figs in shown.items():
        for name, value in figs.items():
            assert value == want[name], f"{where}: {name} = {value}, everywhere else {want[name]}"
    # Every figure appears somewhere, and the by-problem and by-measure rates each on several pages.
    assert set(want) - {"top_problems"} <= {n for figs in shown.values() for n in figs}
    assert sum("rate_by_problem" in f for f in shown.values()) >= 8 and sum("rate_by_measure" in f for f in shown.values()) >= 8

    # A reporter's pages agree with each other on their own (smaller) figures.
    from zhenggai.ledger.models import Membership, Role

    reporter = Membership.objects.get(unit=unit, role=Role.REPORTER).user
    client.force_login(reporter)
    mine = expected_strings(figures.unit_figures(unit, access.access_for(reporter, unit)))
    assert int(mine["measures"]) < int(want["measures"])
    for name in ("ledger", "problem list", "dashboard"):
        for k, v in page_figures(client.get(pages[name]).content.decode()).items():
            assert v == mine[k], (name, k, v, mine[k])


def test_three_level_tree_check_table_says_what_the_text_says(ledger, people, login):
    """N个问题M个具体问题 in the text; the check table shows both, never M under 问题."""
    from zhenggai.ledger import services
    from zhenggai.ledger.models import Finding

    p1 = ledger.problems[0]
    for title in ("物资入库登记不全", "物资出库无审批"):
        item = services.add_finding(ledger.unit, Finding.Level.ITEM, title, parent=p1)
        services.add_measure(item, f"{title}：补齐记录", deadline=dt.date.today() + dt.timedelta(days=9))
    c = login(people.office)
    text = c.get(reverse("reports:draft_download", args=[ledger.unit.id, "progress", "txt"])).content.decode()
    assert "2个方面3个问题4个具体问题" in text
    table = page_figures(c.get(reverse("reports:draft", args=[ledger.unit.id, "progress"])).content.decode())
    from_text = public_figures(text)
    assert table["top_problems"] == from_text["top_problems"] == "3" and table["problems"] == from_text["problems"] == "4"
    for k, v in from_text.items():
        assert table[k] == v, k


def test_reporter_figures_count_alike_measures_once_each(ledger, people):
    """Two of the reporter's measures with the same problem, status and deadline are two measures."""
    from zhenggai.ledger import access, figures, services

    p3 = ledger.problems[2]
    for text in ("甲项措施", "乙项措施"):
        services.add_measure(p3, text, lead_department=ledger.finance, deadline=ledger.measures[4].deadline)
    mine = figures.unit_figures(ledger.unit, access.access_for(people.reporter, ledger.unit))
    assert mine.measures == 5  # m3, m4, m5 and the two new ones


def generated(client, name: str) -> bytes:
    """A dashboard output, made as a background 生成任务 and downloaded (tests/oversight/test_jobs.py)."""
    job = client.post(reverse(name))
    return b"".join(client.get(job["Location"] + "download/").streaming_content)


ROW = re.compile(r'<tr class="unit-row[^"]*" data-unit="(\d+)">(.*?)</tr>', re.S)


def test_opinion_figures_agree_on_every_page(demo, client):
    """群众意见 and 群众评价 per unit (ledger.figures.OpinionFigures): the supervision dashboard's
    rows and totals, the unit's supervision page, the dashboard's .xlsx, the round's opinion page
    and the evaluation's facts state the same numbers; units that received none are marked."""
    from django.contrib.auth import get_user_model

    from zhenggai.ledger import figures
    from zhenggai.ledger.models import Unit
    from zhenggai.oversight import board
    from zhenggai.public import opinions
    from zhenggai.public.models import Opinion

    unit, _ = demo
    # Something in every column: a spam opinion (never counted) and one in progress.
    spam, _code = opinions.submit(unit, "与整改无关的广告内容")
    spam.status = Opinion.Status.SPAM
    spam.save(update_fields=["status"])
    opinions.submit(unit, "希望公开补贴发放结果")
    client.force_login(get_user_model().objects.get(username="xunchaban"))
    units = list(Unit.objects.active().filter(inspection__body=unit.inspection.body))
    want = figures.unit_opinion_figures([u.id for u in units])
    assert want[unit.id].received == 3 and want[unit.id].answered == 1 and want[unit.id].rated == 4
    assert sum(f.none for f in want.values()) >= 3  # the other units of the demo city received nothing

    html = client.get(reverse("oversight:dashboard")).content.decode()
    rows = {int(uid): body for uid, body in ROW.findall(html)}
    assert set(rows) == {u.id for u in units}
    for u in units:
        exp = {k: str(v) for k, v in want[u.id].named().items()}
        got = page_figures(rows[u.id])
        for name in ("opinions_received", "opinions_answered", "opinions_open", "ratings_satisfied", "ratings_basic",
                     "ratings_unsatisfied"):
            assert got[name] == exp[name], (u.name, name, got[name], exp[name])
        assert ("未收到群众意见" in rows[u.id]) == want[u.id].none
        if want[u.id].rated:
            assert got["satisfaction_rate"] == exp["satisfaction_rate"]
        page = page_figures(client.get(reverse("oversight:unit", args=[u.id])).content.decode())
        for name in ("opinions_received", "opinions_answered", "opinions_open", "ratings", "ratings_unsatisfied"):
            assert page[name] == exp[name], (u.name, name)
    totals = page_figures(html.split('class="grid"')[0])
    assert totals["opinions_received_total"] == str(sum(f.received for f in want.values()))
    assert totals["opinions_answered_total"] == str(sum(f.answered for f in want.values()))
    assert totals["opinions_open_total"] == str(sum(f.open for f in want.values()))
    assert totals["units_without_opinions"] == str(sum(f.none for f in want.values()))

    # The filter and the sort bring the units with none forward.
    silent = {int(u) for u, _ in ROW.findall(client.get(reverse("oversight:dashboard") + "?opinions=none").content.decode())}
    assert silent == {u.id for u in units if want[u.id].none}
    first = ROW.findall(client.get(reverse("oversight:dashboard") + "?sort=opinions").content.decode())[0]
    assert want[int(first[0])].none

    chart = client.get(reverse("oversight:chart", args=["opinions"]))
    assert chart["Content-Type"].startswith("image/svg") and chart.content.decode().count("【无意见】") == sum(f.none for f in want.values())
    assert "各单位收到的群众意见" in chart.content.decode()

    wb = openpyxl.load_workbook(io.BytesIO(generated(client, "oversight:xlsx")))
    ws = wb["整改监督看板"]
    head = [c.value for c in ws[1]]
    names = {u.name + u.inspection.name: u.id for u in units}
    for row in ws.iter_rows(min_row=2, values_only=True):
        o = want[names[row[head.index("被巡视巡察党组织")] + row[head.index("轮次")]]]
        assert (row[head.index("收到群众意见")], row[head.index("已答复")], row[head.index("未答复")],
                row[head.index("不满意")]) == (o.received, o.answered, o.open, o.unsatisfied)
        assert (row[head.index("备注")] == "未收到群众意见") == o.none

    # The round's opinion page (the public side's office view) counts through the same figures.
    round_page = client.get(reverse("public:round", args=[unit.inspection_id])).content.decode()
    line = re.search(rf"<td>{re.escape(unit.name)}[^<]*</td>\s*<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", round_page)
    assert line and tuple(map(int, line.groups())) == (3, 1, 2)

    # The evaluation reads the same ratings.
    row = next(r for r in board.rows(units) if r.unit.id == unit.id)
    assert row.facts()["ratings"] == want[unit.id].rated == 4
    assert row.facts()["ratings_unsatisfied"] == want[unit.id].unsatisfied == 1
