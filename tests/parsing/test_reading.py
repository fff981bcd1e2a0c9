"""Files as offices hand them over: any common encoding, .docx, and broken files."""

from __future__ import annotations

import zipfile

import docx
import pytest

from zhenggai.parsing import ParseError, parse_file
from zhenggai.parsing.reading import MAX_BYTES, read_document

from . import samples

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("gb18030", b""),
    ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("utf-16-le", b""),
    ("utf-16-be", b""),
]


@pytest.mark.parametrize("encoding, bom", ENCODINGS, ids=[f"{e}{'+bom' if b else ''}" for e, b in ENCODINGS])
def test_encodings_are_detected(tmp_path, encoding, bom):
    path = tmp_path / "report.txt"
    path.write_bytes(bom + samples.STANDARD.replace("\n", "\r\n").encode(encoding))
    (r,) = parse_file(path)
    assert r.organization == "中共青禾县文旅局党组"
    assert r.contact.postcode == "410999"
    assert len(list(r.all_findings())) == 5


def test_docx_paragraphs_and_tables(tmp_path):
    d = docx.Document()
    for line in samples.STANDARD.strip().split("\n"):
        d.add_paragraph(line)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系人"
    table.cell(0, 1).text = "办公室"
    path = tmp_path / "report.docx"
    d.save(path)
    text = read_document(path)
    assert "联系人  办公室" in text
    (r,) = parse_file(path)
    assert r.source == "report.docx"
    assert r.title == "中共青禾县文旅局党组关于县委巡察整改进展情况的通报"
    assert [len(f.children) for f in r.findings] == [2, 1]


def _error(path) -> str:
    with pytest.raises(ParseError) as exc:
        parse_file(path)
    message = str(exc.value)
    assert str(path) in message and "\n" not in message
    return message


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert "文件为空" in _error(p)
    p.write_bytes(b"\xef\xbb\xbf  \r\n")
    assert "文件为空" in _error(p)


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(bytes(range(256)) * 50)
    assert "不是文本文件" in _error(p)


def test_docx_that_is_not_a_zip(tmp_path):
    p = tmp_path / "fake.docx"
    p.write_text("这不是 Word 文档", encoding="utf-8")
    assert "不是有效的 .docx" in _error(p)


def test_corrupt_zip(tmp_path):
    good = tmp_path / "good.docx"
    d = docx.Document()
    d.add_paragraph("内容")
    d.save(good)
    data = bytearray(good.read_bytes())
    data[len(data) // 2: len(data) // 2 + 200] = b"\x00" * 200
    bad = tmp_path / "broken.docx"
    bad.write_bytes(bytes(data))
    assert "损坏" in _error(bad) or "无法解析" in _error(bad)


def test_zip_without_document_xml(tmp_path):
    p = tmp_path / "other.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "word/document.xml" in _error(p)


def test_legacy_doc(tmp_path):
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ".docx" in _error(p)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written to disk
    assert p.stat().st_size > MAX_BYTES
    assert "文件过大" in _error(p)


def test_missing_file_and_directory(tmp_path):
    assert "不存在" in _error(tmp_path / "nope.txt")
    assert "目录" in _error(tmp_path)


def test_text_without_any_report(tmp_path):
    p = tmp_path / "shopping.txt"
    p.write_text("白菜两斤\n豆腐一块\n", encoding="utf-8")
    (r,) = parse_file(p)  # readable text: a report with no findings, and says so
    assert r.findings == []
    assert any("未识别出反馈问题" in w for w in r.warnings)
