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
    assert "联系人\t办公室" in text
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


def _numbered_docx(path):
    """A report whose headings are numbered by Word's list feature, not typed."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{lvl_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))

    def para(text, level=None):
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>')
            )

    para("中共青禾县档案馆党组关于巡察整改情况的通报")
    para("根据县委统一部署，2024年3月1日至4月12日，县委第五巡察组对县档案馆党组进行了巡察。2024年5月6日，县委第五巡察组向县档案馆党组反馈了巡察意见。")
    para("整改工作基本情况", 0)
    para("馆党组研究部署整改。")
    para("巡察反馈问题整改落实情况", 0)
    para("关于档案安全管理方面", 1)
    para("关于“库房温湿度记录不全”问题", 2)
    para("整改情况：一是配备自动记录仪。二是每日专人巡查。")
    para("关于“数字化进度滞后”问题", 2)
    para("整改情况：一是制定数字化工作计划。")
    para("下一步工作打算", 0)
    para("持续巩固整改成果。")
    d.save(path)


def test_docx_automatic_numbering_is_read(tmp_path):
    path = tmp_path / "auto.docx"
    _numbered_docx(path)
    text = read_document(path)
    assert "一、整改工作基本情况" in text and "二、巡察反馈问题整改落实情况" in text
    assert "（一）关于档案安全管理方面" in text and "2.关于“数字化进度滞后”问题" in text
    (r,) = parse_file(path)
    assert [f.title for f in r.findings] == ["关于档案安全管理方面"]
    assert [c.title for c in r.findings[0].children] == ["关于“库房温湿度记录不全”问题", "关于“数字化进度滞后”问题"]
    assert r.findings[0].children[0].measures == ["一是配备自动记录仪。", "二是每日专人巡查。"]
