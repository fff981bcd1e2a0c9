"""The .xlsx export writes its rows as XML text (fast at 10,000 rows): every cell must read back
exactly as the table holds it, markup characters and odd whitespace included."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from zhenggai.ledger import exporting, lists, services


def test_every_cell_reads_back_as_the_table_holds_it(ledger):
    services.add_measure(ledger.problems[0], "  前后留空 & <标签> \"引号\" 'x' =1+1  ", leader="钱立",
                         lead_department=ledger.office, departments=[ledger.finance, ledger.works],
                         person="孙一\t二", deadline=dt.date(2031, 2, 28))
    data = exporting.xlsx_bytes(ledger.unit, list(lists.LISTS))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    loaded = exporting.load_measures(ledger.unit)
    for key, title in lists.LISTS.items():
        tbl = lists.table(ledger.unit, key, None, loaded)
        ws = wb[title]
        assert ws.max_row == len(tbl.rows) + 2
        merged = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row + 1, rng.max_row + 1)
                  for c in range(rng.min_col, rng.max_col + 1)}
        for r, row in enumerate(tbl.rows, start=3):
            for c, value in enumerate(row, start=1):
                got = ws.cell(r, c).value
                if (r, c) in merged:
                    assert got is None
                elif isinstance(value, dt.date):
                    assert got == dt.datetime.combine(value, dt.time()) and ws.cell(r, c).number_format == "yyyy-mm-dd"
                elif value in ("", None):
                    assert got in ("", None)
                else:
                    assert got == value, (title, r, c)
    ledger_sheet = wb["整改台账"]
    texts = [ledger_sheet.cell(r, 5).value for r in range(3, ledger_sheet.max_row + 1)]
    assert "前后留空 & <标签> \"引号\" 'x' =1+1" in texts  # markup kept as text, never a formula
    assert "工程科、财务科" in [ledger_sheet.cell(r, 10).value for r in range(3, ledger_sheet.max_row + 1)]


def test_characters_xml_cannot_hold_are_dropped_not_fatal(ledger):
    m = ledger.measures[0]
    type(m).objects.filter(pk=m.pk).update(text="前\x01后\x0b\ufffe尾")  # stored before any cleaning existed
    wb = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    ws = wb["整改台账"]
    assert "前后尾" in [ws.cell(r, 5).value for r in range(3, ws.max_row + 1)]
