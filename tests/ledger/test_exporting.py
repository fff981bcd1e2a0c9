import csv
import datetime as dt
import io

import openpyxl

from zhenggai.ledger import exporting, lists
from zhenggai.ledger.queries import LedgerFilter


def test_full_ledger_xlsx_is_print_ready(ledger):
    wb = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    assert wb.sheetnames == ["整改台账", "问题清单"]
    every = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit, list(lists.LISTS))))
    assert every.sheetnames == ["整改台账", "问题清单", "任务清单", "责任清单"]
    assert every["责任清单"].freeze_panes == "A3"
    ws = wb["整改台账"]
    assert ws["A1"].value.startswith("中共测试县水务局党组")
    assert [c.value for c in ws[2]][:5] == ["序号", "方面", "问题", "具体问题", "整改措施"]
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["E"].width >= 40
    assert ws["E3"].alignment.wrap_text
    deadline = ws.cell(3, 12)
    assert isinstance(deadline.value, dt.datetime) and deadline.number_format == "yyyy-mm-dd"
    # 防汛物资 problem has two measures: its cells are merged as offices print them
    assert "C3:C4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == 2 + 5


def test_lists_are_views_over_measures(ledger):
    problems = lists.table(ledger.unit, "problems")
    assert [r[2] for r in problems.rows] == ["防汛物资储备台账不清", "水利工程验收把关不严", "差旅费报销审核不细"]
    # One of two measures completed, none overdue: the problem reads as the 通报 states it.
    assert problems.rows[2][4:7] == [2, 1, "基本完成，取得阶段性成效"]
    resp = lists.table(ledger.unit, "responsibilities")
    assert [r[1] for r in resp.rows] == ["吴正", "吴正", "吴正", "钱立", "钱立"]
    tasks = lists.table(ledger.unit, "tasks")
    assert len(tasks.rows) == 5


def test_filtered_ledger(ledger):
    overdue = lists.ledger_table(ledger.unit, LedgerFilter(overdue=True))
    assert [r[4] for r in overdue.rows] == ["对近三年验收项目开展复查"]
    by_dept = lists.ledger_table(ledger.unit, LedgerFilter(department=ledger.finance.id))
    assert len(by_dept.rows) == 3  # leads two, co-owns one


def test_csv_has_bom_and_neutralises_formulas(ledger):
    from zhenggai.ledger import services

    services.update_measure(ledger.measures[0], None, text="=HYPERLINK(\"x\")")
    text = exporting.csv_text(ledger.unit, "ledger")
    assert text.startswith("\ufeff序号,方面")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][4] == "'=HYPERLINK(\"x\")"
    assert rows[1][11] == ledger.measures[0].deadline.isoformat()
