"""The one reading of ids a browser sends (zhenggai.ids), and the evidence checks for bombs (no database)."""

from __future__ import annotations

import pytest

from tests.hostile import payloads as P
from zhenggai import ids
from zhenggai.workflow import evidence as ev


def test_as_id_takes_ascii_digits_in_range_only():
    assert ids.as_id("42") == 42 and ids.as_id(" 7 ") == 7 and ids.as_id(ids.MAX_ID) == ids.MAX_ID
    for bad in (None, "", "0", "-1", "abc", "３", "²", "1e3", "4.0", str(ids.MAX_ID + 1), "9" * 40, ["1"]):
        assert ids.as_id(bad) is None, bad


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("炸弹.docx", P.zip_bomb("word/document.xml"), "压缩炸弹"),
    ("实体.docx", P._replace_part(P.docx_bytes(), "word/document.xml", P.LAUGHS), "文档类型声明"),
    ("截断.xlsx", P.xlsx_bytes()[:2000], "已损坏"),
    ("巨图.png", P.huge_png(), "尺寸过大"),
])
def test_evidence_refuses_bombs_from_headers_only(name, data, reason):
    with pytest.raises(ev.EvidenceRefused, match=reason):
        ev.check(name, [data], 20 * 1024 * 1024)


def test_evidence_keeps_real_office_files_and_images():
    assert ev.check("报告.docx", [P.docx_bytes()], 20 * 1024 * 1024).kind == "docx"
    assert ev.check("表.xlsx", [P.xlsx_bytes()], 20 * 1024 * 1024).kind == "xlsx"
    assert ev.check("现场.png", [P.png_bytes((3000, 2000))], 20 * 1024 * 1024).kind == "png"
