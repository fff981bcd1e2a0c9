"""Text that starts like a formula (= + - @) survives export.xlsx → Excel → re-import unchanged.

The .xlsx keeps it as a text cell with quotePrefix (so editing it in Excel or WPS does not turn it
into a formula) and no apostrophe in the value; the CSV keeps the apostrophe convention, and a
sheet made from a CSV comes back without the apostrophe too.
"""

from __future__ import annotations

import csv
import io

import openpyxl

from zhenggai.ledger import exporting, import_jobs, merging, services
from zhenggai.ledger.models import Measure

TEXT = "-按月通报整改进展情况"
PROGRESS = "=先核对台账再销号"
PERSON = "+张三"
LEADER = "@李四"


def _formula_like_measure(ledger, people) -> Measure:
    m = ledger.measures[0]
    services.update_measure(m, people.office, text=TEXT, progress=PROGRESS, person=PERSON, leader=LEADER)
    return m


def _plan(ledger, tmp_path, data: bytes):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(data)
    return merging.plan_import(ledger.unit, import_jobs.read_source(path, "台账.xlsx"))


def _cells(data: bytes) -> dict[str, openpyxl.cell.Cell]:
    ws = openpyxl.load_workbook(io.BytesIO(data))["整改台账"]
    return {c.value: c for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str)}


def test_xlsx_marks_formula_like_text_with_quote_prefix_and_leaves_the_value_alone(ledger, people):
    _formula_like_measure(ledger, people)
    cells = _cells(exporting.xlsx_bytes(ledger.unit))
    for value in (TEXT, PROGRESS, PERSON, LEADER):
        assert value in cells, value  # no apostrophe added to the value
        assert cells[value].data_type == "s" and cells[value].quotePrefix, value
        assert "'" + value not in cells
    ordinary = next(c for v, c in cells.items() if v == ledger.measures[1].text)
    assert not ordinary.quotePrefix  # only where it is needed
    assert cells[TEXT].alignment.wrap_text  # the column's own style is kept


def test_reimport_of_the_export_shows_them_unchanged(ledger, people, tmp_path):
    _formula_like_measure(ledger, people)
    plan = _plan(ledger, tmp_path, exporting.xlsx_bytes(ledger.unit))
    assert merging.counts(plan)["changed"] == 0 and merging.counts(plan)["unchanged"] == 5


def test_edited_in_a_spreadsheet_and_saved_only_the_edit_changes(ledger, people, tmp_path):
    m = _formula_like_measure(ledger, people)
    wb = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    ws = wb["整改台账"]
    header = [c.value for c in ws[2]]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, header.index("整改措施") + 1).value == TEXT)
    ws.cell(row, header.index("责任领导") + 1).value = "王五"
    buf = io.BytesIO()
    wb.save(buf)
    assert _cells(buf.getvalue())[TEXT].quotePrefix  # the prefix survives a save by a spreadsheet program
    plan = _plan(ledger, tmp_path, buf.getvalue())
    changed = [r for r in plan["rows"] if r["op"] == "changed"]
    assert len(changed) == 1 and changed[0]["measure"] == m.pk
    assert changed[0]["set"] == {"leader": "王五"}  # the text, progress and person starting with - = + are unchanged

def test_csv_keeps_the_apostrophe_and_a_sheet_made_from_it_reimports_unchanged(ledger, people, tmp_path):
    _formula_like_measure(ledger, people)
    text = exporting.csv_text(ledger.unit, "ledger")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    flat = [v for r in rows for v in r]
    assert "'" + TEXT in flat and "'" + PROGRESS in flat and TEXT not in flat  # never a live formula in a CSV
    # The clerk opens the CSV and saves it as .xlsx: the apostrophes are now part of the cells' text.
    wb = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    ws = wb["整改台账"]
    for r in ws.iter_rows(min_row=3):
        for c in r:
            if isinstance(c.value, str) and c.value in (TEXT, PROGRESS, PERSON, LEADER):
                c.value, c.quotePrefix = "'" + c.value, False
    buf = io.BytesIO()
    wb.save(buf)
    plan = _plan(ledger, tmp_path, buf.getvalue())
    assert merging.counts(plan)["changed"] == 0, [r.get("changes") for r in plan["rows"] if r.get("changes")]
