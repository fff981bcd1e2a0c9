"""Spreadsheets are opened safely: a zip bomb is refused in seconds with little memory; every broken
file gets one Chinese message (the reason, no English tail) and changes nothing.

Before xlsx_guard, openpyxl inflated the whole 3 GB sheet (11 GB of memory, then a 500), a truncated
part gave a traceback or a message ending in an English exception name.
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenggai.ledger import importing_xlsx, xlsx_guard
from zhenggai.ledger.models import LedgerError, Measure

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _small_workbook(rows=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows or [["问题", "整改措施", "责任人"], ["台账不清", "建立电子台账", "孙一"]]:
        ws.append(row)
    ws.merge_cells("A2:A3")
    ws.append([None, "每月核对", "孙一"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, raw deflate data, crc, uncompressed size): sizes as declared."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        offset = out.tell()
        n = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(n), 0) + n + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                  len(n), 0, 0, 0, 0, 0, offset) + n)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), start, 0))
    return out.getvalue()


def zip_bomb(gigabytes: float = 3, declared: int | None = None) -> bytes:
    """A real .xlsx whose sheet inflates to ``gigabytes`` of XML (made fast: the deflate stream of one
    1 MB chunk after a full flush is repeated; the CRC is computed honestly)."""
    base = _members(_small_workbook())
    head = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'.encode()
    chunk = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>' * 16384
    tail = b"</sheetData></worksheet>"
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    segment = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    last = co.compress(tail) + co.flush()
    count = int(gigabytes * 1024)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(chunk) + len(tail)
    assert size < 2**32  # no zip64 needed
    members = []
    for name, body in base.items():
        if name == "xl/worksheets/sheet1.xml":
            members.append((name, first + segment * count + last, crc, declared or size))
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((name, c.compress(body) + c.flush(), zlib.crc32(body), len(body)))
    return _raw_zip(members)


def _no_english_tail(message: str) -> None:
    words = set(re.findall(r"[A-Za-z]{3,}", message)) - {"Excel", "xlsx", "xls"}
    assert not words, message


# --- the zip bomb ---------------------------------------------------------------------

PROBE = """
import json, resource, sys, time
sys.setrecursionlimit(10000)
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))  # old code would take 11 GB: fail fast instead
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
django.setup()
from zhenggai.ledger import importing_xlsx
from zhenggai.ledger.models import LedgerError
start = time.monotonic()
try:
    importing_xlsx.load_rows(sys.argv[1])
    outcome = "read"
except LedgerError as e:
    outcome = str(e)
except BaseException as e:
    outcome = "crash " + type(e).__name__
# VmHWM is this process's own peak: ru_maxrss would carry over the parent's (the test runner's) peak at fork.
with open("/proc/self/status") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - start, "peak_mb": hwm / 1024,
                  "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _probe(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_8_mb_zip_bomb_is_refused_in_seconds_with_little_memory(tmp_path):
    data = zip_bomb(3)
    assert len(data) < 20 * 1024 * 1024  # under the upload limit: the form lets it through
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > 3 * 10**9
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    found = _probe(path)
    assert "无法打开 Excel 表格" in found["outcome"] and "过大" in found["outcome"], found
    # Memory is the property (inflating it took 11 GB); the time bound is generous, not a benchmark
    # (benchmarks/xlsx_bomb.py prints the figures).
    assert found["peak_mb"] < 300 and found["seconds"] < 30, found
    _no_english_tail(found["outcome"])


def test_a_bomb_that_lies_about_its_size_is_cut_off_and_refused(tmp_path):
    path = tmp_path / "liar.xlsx"
    path.write_bytes(zip_bomb(0.25, declared=20 * 1024 * 1024))  # declares 20 MB, inflates to 256 MB
    found = _probe(path)
    assert "损坏" in found["outcome"] or "压缩比" in found["outcome"], found
    assert found["peak_mb"] < 300, found


def test_compression_ratio_is_checked_even_under_the_size_limit():
    members = _members(_small_workbook())
    members["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{NS}"><sheetData>'.encode() + b"<row/>" * 2_000_000 + b"</sheetData></worksheet>"
    )
    with pytest.raises(xlsx_guard.SpreadsheetRefused, match="压缩比"):
        list(xlsx_guard.read_sheets(io.BytesIO(_rezip(members))))


# --- broken files: one Chinese message, the reason -------------------------------------


@pytest.mark.parametrize(("member", "label"), [
    ("xl/worksheets/sheet1.xml", "工作表"),
    ("xl/workbook.xml", "工作簿"),
    ("xl/styles.xml", "样式"),
    ("xl/sharedStrings.xml", "共享文字"),
    ("[Content_Types].xml", "文件结构"),
])
def test_truncated_parts_get_one_chinese_message_naming_the_part(member, label):
    members = _members(_small_workbook())
    members.setdefault("xl/sharedStrings.xml", f'<sst xmlns="{NS}" count="1"><si><t>问题</t></si></sst>'.encode())
    members[member] = members[member][: len(members[member]) // 2]
    with pytest.raises(LedgerError) as e:
        importing_xlsx.load_rows(io.BytesIO(_rezip(members)))
    assert f"（{label}部分不完整或格式错误）" in str(e.value)
    _no_english_tail(str(e.value))


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "不是 .xlsx 格式"),  # an old .xls
    ("问题,整改措施\n台账不清,建立台账\n".encode(), "不是 .xlsx 格式"),  # a CSV renamed
    (b"", "文件是空的"),
    (_rezip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}), "不是 Excel 工作簿"),  # a .docx renamed
    (_rezip({"xl/workbook.xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><workbook/>"}), "损坏"),  # a DTD (entity bombs)
    (_small_workbook()[:-200], "不是 .xlsx 格式"),  # the zip itself cut short
])
def test_files_that_are_not_workbooks_get_the_reason(data, reason):
    with pytest.raises(LedgerError, match=re.escape(reason)) as e:
        importing_xlsx.load_rows(io.BytesIO(data))
    _no_english_tail(str(e.value))


def test_limits_are_checked_while_reading(monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_ROWS", 30)
    rows = [["问题", "整改措施"]] + [[f"问题{i}", f"措施{i}"] for i in range(40)]
    with pytest.raises(LedgerError, match="行数过多"):
        importing_xlsx.load_rows(io.BytesIO(_small_workbook(rows)))
    monkeypatch.setattr(xlsx_guard, "MAX_ROWS", 20000)
    wide = [["问题", "整改措施"], ["问题", "措施"] + [None] * 300 + ["远处"]]
    with pytest.raises(LedgerError, match="列数过多"):
        importing_xlsx.load_rows(io.BytesIO(_small_workbook(wide)))
    monkeypatch.setattr(xlsx_guard, "MAX_SHEET_CHARS", 100)
    with pytest.raises(LedgerError, match="文字总量过大"):
        importing_xlsx.load_rows(io.BytesIO(_small_workbook(rows)))
    monkeypatch.setattr(xlsx_guard, "MAX_CELL_CHARS", 50)
    with pytest.raises(LedgerError, match="第 2 行第 2 列的内容过长"):
        importing_xlsx.load_rows(io.BytesIO(_small_workbook([["问题", "整改措施"], ["问题", "长" * 51]])))


def test_a_good_workbook_still_reads_with_merged_cells():
    sheets = list(xlsx_guard.read_sheets(io.BytesIO(_small_workbook())))
    assert sheets[0].rows == [["问题", "整改措施", "责任人"], ["台账不清", "建立电子台账", "孙一"], ["台账不清", "每月核对", "孙一"]]
    rows = importing_xlsx.load_rows(io.BytesIO(_small_workbook()))
    assert [(r.problem, r.measure) for r in rows] == [("台账不清", "建立电子台账"), ("台账不清", "每月核对")]


# --- through the web: refused, nothing changed ------------------------------------------


def test_broken_uploads_change_nothing(login, ledger, people):
    c = login(people.office)
    url = reverse("ledger:import", args=[ledger.unit.id])
    before = (Measure.objects.count(), Measure.objects.filter(archived_at__isnull=True).count(), Measure.history.count())
    members = _members(_small_workbook())
    members["xl/styles.xml"] = members["xl/styles.xml"][:100]
    for data in (zip_bomb(1), _rezip(members), b"not a workbook"):
        # The reading runs as a task (at once under the test settings); follow to the import's page.
        r = c.post(url, {"file": SimpleUploadedFile("台账.xlsx", data)}, follow=True)
        body = r.content.decode()
        assert r.status_code == 400 and "无法打开 Excel 表格" in body
        assert "Traceback" not in body and "Error" not in body
    after = (Measure.objects.count(), Measure.objects.filter(archived_at__isnull=True).count(), Measure.history.count())
    assert after == before


def test_the_people_table_upload_is_guarded_the_same_way():
    from zhenggai.setup import people_import

    members = _members(_small_workbook([["姓名", "角色"], ["王芳", "整改办"]]))
    good = people_import.read_rows(io.BytesIO(_rezip(members)))
    assert (good[0].name, good[0].role) == ("王芳", "整改办")
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:-120]
    for data, reason in ((_rezip(members), "工作表部分不完整"), (zip_bomb(1), "过大")):
        with pytest.raises(people_import.PeopleImportError) as e:
            people_import.read_rows(io.BytesIO(data))
        assert len(e.value.errors) == 1 and reason in e.value.errors[0]
        _no_english_tail(e.value.errors[0])
