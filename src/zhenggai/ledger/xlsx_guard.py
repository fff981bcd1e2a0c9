"""Opening an uploaded .xlsx safely: limits checked before and while reading, one Chinese message.

An .xlsx is a zip of XML parts. A small upload can hold gigabytes of sheet XML
(a zip bomb), a part can be cut short, the file may not be a zip at all. So,
before openpyxl sees the file:

1. it must be a zip with a workbook part;
2. the uncompressed size of every member, their total and each member's
   compression ratio are checked from the zip directory (zipfile never inflates
   a member beyond its declared size, and a lie fails its CRC check);
3. every XML part is checked to be complete, well-formed and free of DTDs by a
   streaming parser (expat, fed in chunks: memory stays flat); merged ranges of
   the sheets are collected on the way, since read-only openpyxl does not keep them.

Then openpyxl reads in read-only mode (streaming), and rows, columns and cell
length are checked as the rows arrive. Any failure is one :class:`SpreadsheetRefused`
whose message says why, in Chinese, without an English tail.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from .models import LedgerError

MAX_FILE_BYTES = 50 * 1024 * 1024  # the web form allows less (MAX_UPLOAD_MB); the CLI reads files too
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts, uncompressed
MAX_SHARED_STRINGS_BYTES = 60 * 1024 * 1024  # openpyxl holds every shared string in memory
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_ROWS = 20000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32767  # Excel's own limit for one cell
MAX_SHEET_CHARS = 30_000_000  # all text kept from one sheet: bounds memory however the XML is shaped
CHUNK = 1024 * 1024

_PARTS = {"sheet": "工作表", "workbook": "工作簿", "styles": "样式", "sharedStrings": "共享文字", "rels": "关系"}


class SpreadsheetRefused(LedgerError):
    """The file was not read; the message says why (in Chinese)."""


@dataclass
class Sheet:
    """One worksheet: its title, rows as lists of values (merged ranges filled with their top-left value)."""

    title: str
    rows: list[list[Any]] = field(default_factory=list)


def _refuse(reason: str) -> SpreadsheetRefused:
    return SpreadsheetRefused(f"无法打开 Excel 表格：{reason}")


def _part_name(member: str) -> str:
    base = posixpath.basename(member)
    if member.endswith(".rels"):
        return _PARTS["rels"]
    for key, label in _PARTS.items():
        if base.startswith(key):
            return label
    return "文件结构"


def _read_source(source: str | os.PathLike | IO[bytes]) -> bytes:
    if isinstance(source, (str, os.PathLike)):
        try:
            size = os.path.getsize(source)
            if size > MAX_FILE_BYTES:
                raise _refuse(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB）")
            with open(source, "rb") as fh:
                return fh.read()
        except OSError:
            raise _refuse("文件不存在或无法打开") from None
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    return data


def check_archive(zf: zipfile.ZipFile) -> None:
    """Sizes and ratios from the zip directory, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse("文件内部条目过多，不是正常的 Excel 表格")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _refuse("文件不是 Excel 工作簿（缺少工作簿内容），请确认是 .xlsx 表格")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse("文件已加密，请在 Excel 中取消密码后再导入")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse("文件的压缩方式不受支持，请在 Excel 中重新保存为 .xlsx")
        size = info.file_size
        total += size
        limit = MAX_SHARED_STRINGS_BYTES if posixpath.basename(info.filename).startswith("sharedStrings") else MAX_MEMBER_BYTES
        if size > limit or total > MAX_TOTAL_BYTES:
            raise _refuse(f"表格解压后过大（超过 {MAX_TOTAL_BYTES // 1024 // 1024} MB），请删去无关内容或分成几个文件")
        if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse("表格的压缩比异常（解压后体积是压缩后的数百倍以上），疑似恶意构造的文件，已拒绝")


_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]{1,40})"')


def _check_xml(zf: zipfile.ZipFile, member: str, merges: list[tuple[int, int, int, int]] | None) -> None:
    """Stream the part through expat: complete, well-formed, no DTD; collect <mergeCell ref=…> if asked.

    expat runs without element callbacks (fast, in C); merged ranges are found by a
    pattern over the same chunks, with an overlap so one cut in two is still seen.
    """
    parser = expat.ParserCreate()

    def no_doctype(*_args):
        raise ValueError("DTD")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(CHUNK):
            parser.Parse(chunk, False)
            if merges is not None:
                buf = tail + chunk
                for m in _MERGE.finditer(buf):
                    if m.end() > len(tail):  # matches inside the tail were seen with the previous chunk
                        _add_merge(merges, m.group(1).decode("ascii", "replace"))
                tail = buf[-200:]
        parser.Parse(b"", True)


def _add_merge(merges: list[tuple[int, int, int, int]], ref: str) -> None:
    m = _REF.match(ref)
    if m:
        c1, r1 = _col(m.group(1)), int(m.group(2))
        c2, r2 = (_col(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
        merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))


def _sheet_members(zf: zipfile.ZipFile) -> set[str]:
    return {n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")}


def check_parts(zf: zipfile.ZipFile) -> dict[str, list[tuple[int, int, int, int]]]:
    """Every XML part complete and well-formed; the merged ranges per sheet part."""
    sheets = _sheet_members(zf)
    merges: dict[str, list[tuple[int, int, int, int]]] = {}
    for member in zf.namelist():
        if not member.endswith((".xml", ".rels")):
            continue
        try:
            found: list[tuple[int, int, int, int]] | None = [] if member in sheets else None
            _check_xml(zf, member, found)
            if found is not None:
                merges[member] = found
        except (expat.ExpatError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise _refuse(f"文件已损坏（{_part_name(member)}部分不完整或格式错误），请在 Excel 中打开并重新保存后再导入") from None
    if not sheets:
        raise _refuse("工作簿中没有工作表")
    return merges


def _fill_merges(rows: list[list[Any]], merges: list[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range takes the range's top-left value (as the office printed it)."""
    budget = MAX_ROWS * MAX_COLUMNS  # cells written in all: overlapping giant ranges cannot stall the import
    for r1, c1, r2, c2 in merges:
        if r1 > len(rows) or c1 > MAX_COLUMNS:
            continue
        r2, c2 = min(r2, len(rows)), min(c2, MAX_COLUMNS)
        budget -= (r2 - r1 + 1) * (c2 - c1 + 1)
        if budget < 0:
            raise _refuse("表格中的合并单元格过多")
        top = rows[r1 - 1]
        value = top[c1 - 1] if c1 - 1 < len(top) else None
        for r in range(r1, r2 + 1):
            row = rows[r - 1]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            row[c1 - 1:c2] = [value] * (c2 - c1 + 1)


def _rows(ws) -> list[list[Any]]:
    """The sheet's rows with the limits checked as they stream in; trailing empty rows dropped."""
    out: list[list[Any]] = []
    pending = 0  # empty rows not yet known to be followed by data
    chars = 0
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        last = len(values)
        while last and values[last - 1] is None:
            last -= 1
        if not last:
            pending += 1
            continue
        if number > MAX_ROWS:
            raise _refuse(f"表格行数过多（超过 {MAX_ROWS} 行），请分成几个文件导入")
        if last > MAX_COLUMNS:
            raise _refuse(f"表格列数过多（第 {number} 行超过 {MAX_COLUMNS} 列）")
        row = list(values[:last])
        for c, v in enumerate(row, start=1):
            if isinstance(v, str):
                if len(v) > MAX_CELL_CHARS:
                    raise _refuse(f"第 {number} 行第 {c} 列的内容过长（超过 {MAX_CELL_CHARS} 字）")
                chars += len(v)
        if chars > MAX_SHEET_CHARS:
            raise _refuse(f"工作表的文字总量过大（超过 {MAX_SHEET_CHARS // 10000} 万字），请分成几个文件导入")
        out.extend([] for _ in range(pending))
        pending = 0
        out.append(row)
    return out


def checked(source: str | os.PathLike | IO[bytes]) -> tuple[bytes, dict[str, list[tuple[int, int, int, int]]]]:
    """The file's bytes once every check before openpyxl passed, and the merged ranges per sheet part.

    Other .xlsx uploads (the people table) call this, then open the bytes read-only themselves.
    """
    data = _read_source(source)
    if not data:
        raise _refuse("文件是空的")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse("文件不是 .xlsx 格式（旧版 .xls、改了扩展名的其他文件或已损坏的文件），请在 Excel 中另存为 .xlsx 后再导入")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse("文件已损坏，不是完整的 .xlsx 表格") from None
    check_archive(zf)
    return data, check_parts(zf)


def read_sheets(source: str | os.PathLike | IO[bytes]) -> Iterator[Sheet]:
    """The workbook's sheets one by one (values, not formulas), after every check above."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    data, merges = checked(source)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, AttributeError,
            SyntaxError, OSError, zlib.error, EOFError):
        raise _refuse("文件已损坏或不是 Excel 工作簿，请在 Excel 中打开并重新保存后再导入") from None
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # a chart sheet
            try:
                rows = _rows(ws)
            except SpreadsheetRefused:
                raise
            except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, SyntaxError,
                    OSError, zlib.error, EOFError, OverflowError):
                raise _refuse(f"文件已损坏（工作表“{ws.title}”的内容无法读取），请在 Excel 中打开并重新保存后再导入") from None
            _fill_merges(rows, merges.get(getattr(ws, "_worksheet_path", ""), []))
            yield Sheet(title=ws.title, rows=rows)
    finally:
        wb.close()
