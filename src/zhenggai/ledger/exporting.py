"""Writing the ledger and its lists to .xlsx (print-ready, as an office prints it) or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from .access import Access
from .lists import Table, table
from .models import Unit
from .queries import measures

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_sheet(ws, tbl: Table, heading: str) -> None:
    """Title, header row, frozen panes, widths, wrapped text, dates as dates, borders, merges.

    ``ws`` is a write-only worksheet: rows stream straight to the file. Styles are
    set once on prototype cells and copied as style arrays, because assigning style
    objects cell by cell makes openpyxl hash them each time (10x slower).
    """
    from copy import copy

    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ncols = len(tbl.columns)
    last_col = get_column_letter(ncols)

    for c, col in enumerate(tbl.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if tbl.rows:
        ws.auto_filter.ref = f"A2:{last_col}{len(tbl.rows) + 2}"
    ws.merged_cells.ranges.add(CellRange(f"A1:{last_col}1"))
    covered = _merge_groups(ws, tbl)

    title = Cell(ws, row=1, column=1, value=heading)
    title.font = Font(name="宋体", size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.append([title])
    head_font, fill = Font(name="黑体", size=11, bold=True), PatternFill("solid", fgColor="D9E1F2")
    header = []
    for col in tbl.columns:
        cell = Cell(ws, row=1, column=1, value=col.header)
        cell.font, cell.alignment, cell.border, cell.fill = head_font, center, border, fill
        header.append(cell)
    ws.append(header)

    protos = {}
    for key, align, fmt in (
        ("wrap", Alignment(wrap_text=True, vertical="center"), None),
        ("center", center, None),
        ("date", center, "yyyy-mm-dd"),
    ):
        proto = Cell(ws, row=1, column=1)
        proto.alignment, proto.border = align, border
        if fmt:
            proto.number_format = fmt
        protos[key] = proto._style
    styles = [protos["date"] if col.date else protos["center"] if col.width <= 10 else protos["wrap"] for col in tbl.columns]

    for r, row in enumerate(tbl.rows, start=3):
        out = []
        for c, value in enumerate(row, start=1):
            cell = Cell(ws, row=r, column=c, style_array=copy(styles[c - 1]))
            if (r, c) in covered:
                pass  # inside a merged range: only the border shows
            elif isinstance(value, str):
                # Always text (a leading "=" is not a formula), minus characters XML cannot hold.
                cell._value, cell.data_type = _ILLEGAL_XML.sub("", value), "s"
            elif isinstance(value, int):
                cell._value, cell.data_type = value, "n"
            elif value is not None:
                cell.value = value  # dates: openpyxl keeps our yyyy-mm-dd format
            out.append(cell)
        ws.append(out)


def _merge_groups(ws, tbl: Table) -> set[tuple[int, int]]:
    """Merge 序号/方面/问题/具体问题 down over the rows of one problem, as offices print it.

    Returns the cells covered by a merge (all but each range's top-left one).
    Our ranges never overlap, so they are added directly: openpyxl's merge_cells
    checks every new range against all earlier ones (quadratic on a big ledger).
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    covered: set[tuple[int, int]] = set()
    if not tbl.groups:
        return covered
    merge_cols = [i + 1 for i, col in enumerate(tbl.columns) if col.merge]
    start = 0
    n = len(tbl.rows)
    for i in range(1, n + 1):
        if i < n and tbl.groups[i] == tbl.groups[start] and tbl.rows[i][:4] == tbl.rows[start][:4]:
            continue
        if i - start > 1:
            first, last = start + 3, i + 2
            for c in merge_cols:
                letter = get_column_letter(c)
                ws.merged_cells.ranges.add(CellRange(f"{letter}{first}:{letter}{last}"))
                covered.update((r, c) for r in range(first + 1, last + 1))
        start = i
    return covered


def workbook(unit: Unit, which: list[str], access: Access | None = None):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    # File → Properties names the unit and today (openpyxl would say "openpyxl").
    now = dt.datetime.now().replace(microsecond=0)
    wb.properties.creator = wb.properties.lastModifiedBy = unit.name
    wb.properties.title = f"{unit.name}整改台账"
    wb.properties.created = wb.properties.modified = now
    loaded = list(measures(unit, None, access))  # one query for all sheets
    for key in which:
        tbl = table(unit, key, access, loaded)
        ws = wb.create_sheet(tbl.title)
        write_sheet(ws, tbl, f"{unit.name}{unit.inspection.kind}整改{tbl.title.removeprefix('整改')}")
    return wb


# The full ledger download: the ledger itself and its problem summary. The task and
# responsibility lists are re-cuts of the same columns, downloaded on their own (or all
# together with which=list(LISTS)).
FULL_LEDGER = ["ledger", "problems"]


def xlsx_bytes(unit: Unit, which: list[str] | None = None, access: Access | None = None) -> bytes:
    """The full ledger (台账 + 问题清单) unless ``which`` names the sheets."""
    wb = workbook(unit, which or FULL_LEDGER, access)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in ("=", "+", "-", "@"):
        return "'" + text  # spreadsheet formula injection
    return text


def csv_text(unit: Unit, which: str, access: Access | None = None) -> str:
    """CSV with a BOM so Excel opens the Chinese correctly."""
    tbl = table(unit, which, access)
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow([c.header for c in tbl.columns])
    for row in tbl.rows:
        w.writerow([_csv_value(v) for v in row])
    return buf.getvalue()
