"""Writing the ledger and its lists to .xlsx (print-ready, as an office prints it) or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from zhenggai.hygiene import formula_like, spreadsheet_text

from .access import Access
from .lists import Table, load_rows, table
from .models import Unit

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same, plus lone surrogates and the two non-characters XML excludes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
    merges, covered = _merge_groups(tbl)

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

    # The data rows are written as XML text by _fill_rows after the save (10,000 rows x 14
    # cells through openpyxl's Cell objects take ~5 s); openpyxl writes one prototype row
    # here, so that the styles are registered and their ids can be read back from it.
    proto_row = [Cell(ws, row=3, column=c, style_array=copy(styles[c - 1])) for c in range(1, ncols + 1)]
    # The same styles with quotePrefix, for text that starts like a formula (= + - @): the cell is
    # text already (an inline string), and the prefix keeps it text when a clerk edits it in Excel
    # or WPS, without an apostrophe in its value that a re-import would have to guess about.
    for c in range(1, ncols + 1):
        quoted = Cell(ws, row=3, column=ncols + c, style_array=copy(styles[c - 1]))
        quoted.quotePrefix = True
        proto_row.append(quoted)
    proto_row[0]._value, proto_row[0].data_type = _ROWS_MARK, "s"
    if tbl.rows:
        ws.append(proto_row)
    _PENDING_ROWS[id(ws)] = (tbl.rows, covered, merges)


# Marks the prototype row of each sheet; _fill_rows replaces it with the real rows.
_ROWS_MARK = "zhenggai-rows-placeholder"
_PENDING_ROWS: dict[int, tuple[list, set, list[str]]] = {}
_ROW_RE = re.compile(r'<row r="3"[^>]*>(.*?)</row>', re.S)
_MERGES_RE = re.compile(r'<mergeCells count="(\d+)">(.*?)</mergeCells>', re.S)
_STYLE_RE = re.compile(r'<c r="([A-Z]+)3"(?: s="(\d+)")?')
_EPOCH = dt.date(1899, 12, 30)


def _xml_text(value: str) -> str:
    """Text as XML character data, minus characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rows_xml(rows: list, covered: set, styles: list[str], quoted: list[str] | None = None) -> str:
    """The sheetData rows as openpyxl would write them: inline strings, numbers, dates as serials.

    ``quoted`` are the columns' styles with quotePrefix, used for formula-like text.
    """
    from openpyxl.utils import get_column_letter

    quoted = quoted or styles
    letters = [get_column_letter(c) for c in range(1, len(styles) + 1)]
    parts = []
    for r, row in enumerate(rows, start=3):
        parts.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{letters[c]}{r}"
            style = f' s="{styles[c]}"' if styles[c] else ""
            if (r, c + 1) in covered or value is None:
                parts.append(f'<c r="{ref}"{style} t="n"/>')
            elif value == "":
                parts.append(f'<c r="{ref}"{style} t="inlineStr"/>')
            elif isinstance(value, str):
                text = _xml_text(value)
                if formula_like(value) and quoted[c]:
                    style = f' s="{quoted[c]}"'
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                parts.append(f'<c r="{ref}"{style} t="n"><v>{value}</v></c>')
            elif isinstance(value, dt.datetime):
                days = (value - dt.datetime.combine(_EPOCH, dt.time())).total_seconds() / 86400
                parts.append(f'<c r="{ref}"{style} t="n"><v>{days}</v></c>')
            elif isinstance(value, dt.date):
                parts.append(f'<c r="{ref}"{style} t="n"><v>{(value - _EPOCH).days}</v></c>')
            else:
                text = _xml_text(str(value))
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t>{text}</t></is></c>')
        parts.append("</row>")
    return "".join(parts)


def _fill_rows(data: bytes, sheets: list) -> bytes:
    """Replace each sheet's prototype row with its rows, keeping the styles openpyxl assigned."""
    import zipfile

    pending = [_PENDING_ROWS.pop(id(ws)) for ws in sheets]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            name = info.filename
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                index = int(name.removeprefix("xl/worksheets/sheet").removesuffix(".xml")) - 1
                rows, covered, merges = pending[index]
                text = body.decode("utf-8")
                match = _ROW_RE.search(text)
                if match and _ROWS_MARK in match.group(1):
                    found = [s or "" for _, s in _STYLE_RE.findall(match.group(1))]
                    half = len(found) // 2  # the columns' styles, then the same with quotePrefix
                    text = text[:match.start()] + _rows_xml(rows, covered, found[:half], found[half:]) + text[match.end():]
                if merges:
                    # openpyxl wrote the title's merge; the problems' merges follow it, in row order.
                    found = _MERGES_RE.search(text)
                    extra = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
                    text = (text[:found.start()] + f'<mergeCells count="{int(found.group(1)) + len(merges)}">'
                            + found.group(2) + extra + "</mergeCells>" + text[found.end():])
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def _merge_groups(tbl: Table) -> tuple[list[str], set[tuple[int, int]]]:
    """Merge 序号/方面/问题/具体问题 down over the rows of one problem, as offices print it.

    Returns the ranges ("B3:B6", in row order) and the cells they cover (all but each range's
    top-left one). _fill_rows writes the ranges as XML: openpyxl builds an object per range and
    checks each new one against all earlier ones (a third of a 10,000-row export)."""
    from openpyxl.utils import get_column_letter

    merges: list[str] = []
    covered: set[tuple[int, int]] = set()
    if not tbl.groups:
        return merges, covered
    merge_cols = [(i + 1, get_column_letter(i + 1)) for i, col in enumerate(tbl.columns) if col.merge]
    start = 0
    n = len(tbl.rows)
    for i in range(1, n + 1):
        if i < n and tbl.groups[i] == tbl.groups[start] and tbl.rows[i][:4] == tbl.rows[start][:4]:
            continue
        if i - start > 1:
            first, last = start + 3, i + 2
            for c, letter in merge_cols:
                merges.append(f"{letter}{first}:{letter}{last}")
                covered.update((r, c) for r in range(first + 1, last + 1))
        start = i
    return merges, covered


def load_measures(unit: Unit, access: Access | None = None) -> list:
    """The unit's measures for an export (``lists.load_rows``: flat rows, not model instances)."""
    return load_rows(unit, access)


def workbook(unit: Unit, which: list[str], access: Access | None = None):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    # File → Properties names the unit and today (openpyxl would say "openpyxl").
    now = dt.datetime.now().replace(microsecond=0)
    wb.properties.creator = wb.properties.lastModifiedBy = unit.name
    wb.properties.title = f"{unit.name}整改台账"
    wb.properties.created = wb.properties.modified = now
    loaded = load_measures(unit, access)  # one query for all sheets
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
    return _fill_rows(buf.getvalue(), wb.worksheets)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_text(str(value))  # spreadsheet formula injection


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
