"""The .docx follows GB/T 9704-2012: page, grid, fonts with fallbacks, page numbers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhenggai.reports.compose import (
    FindingData,
    MeasureData,
    Narrative,
    ReportData,
    compose_public,
)
from zhenggai.reports.render_docx import render_docx


def _data(problems: int = 3, measures: int = 3) -> ReportData:
    import datetime as dt

    aspects = []
    for a in range(2):
        aspect = FindingData(f"第{a + 1}组测试事项方面", "aspect")
        for p in range(problems):
            prob = FindingData(f"测试问题{a}-{p}台账记录不完整", "problem")
            prob.measures = [MeasureData(f"建立第{m + 1}项工作台账并按月更新", "completed" if m % 2 else "in_progress")
                             for m in range(measures)]
            aspect.children.append(prob)
        aspects.append(aspect)
    return ReportData(unit="中共测试县统计局党组", group="测试市委第一巡察组", deployer="测试市委",
                      start=dt.date(2025, 3, 1), end=dt.date(2025, 4, 30), feedback=dt.date(2025, 5, 20),
                      as_of=dt.date(2025, 8, 1), findings=aspects,
                      narrative=Narrative(phone="0000-7654321", address="测试县新华路1号", postcode="100000", email="tj@example.cn"))


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render_docx(compose_public(_data()))


def _mm(length) -> float:
    return length / Mm(1)


def test_page_setup(docx_bytes):
    d = docx.Document(io.BytesIO(docx_bytes))
    s = d.sections[0]
    assert round(_mm(s.page_width)) == 210 and round(_mm(s.page_height)) == 297
    assert abs(_mm(s.top_margin) - 37) <= 1
    assert abs(_mm(s.bottom_margin) - 35) <= 1
    assert abs(_mm(s.left_margin) - 28) <= 1
    assert abs(_mm(s.right_margin) - 26) <= 1
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm


def _east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_styles_fonts_and_sizes(docx_bytes):
    d = docx.Document(io.BytesIO(docx_bytes))
    normal = d.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(normal.paragraph_format.line_spacing.pt - 28.95) < 0.01
    assert _east_asia(normal) == "仿宋_GB2312"
    title = d.paragraphs[0]
    assert title.style.name == "公文标题"
    assert _east_asia(title.style) == "方正小标宋简体" and title.style.font.size == Pt(22)
    assert title.text.startswith("中共测试县统计局党组关于巡察整改进展情况")
    by_style = {p.style.name: p for p in d.paragraphs}
    assert _east_asia(by_style["公文一级标题"].style) == "黑体"
    assert _east_asia(by_style["公文二级标题"].style) == "楷体_GB2312"
    assert by_style["公文三级标题"].style.font.bold
    assert _east_asia(by_style["公文正文"].style) == "仿宋_GB2312"
    h1 = [p.text for p in d.paragraphs if p.style.name == "公文一级标题"]
    assert h1 == ["一、整改工作基本情况", "二、巡察反馈意见整改落实情况", "三、下一步工作打算"]


def test_font_fallbacks_named_in_font_table(docx_bytes):
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/fontTable.xml").decode("utf-8")
    for name in ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "方正小标宋简体", "楷体_GB2312", "KaiTi", "黑体", "SimHei"):
        assert f'w:name="{name}"' in xml or name in xml
    assert 'w:altName w:val="仿宋,FangSong,STFangsong' in xml


def test_page_numbers_odd_right_even_left(docx_bytes):
    d = docx.Document(io.BytesIO(docx_bytes))
    s = d.sections[0]
    assert d.settings.odd_and_even_pages_header_footer
    for footer, align in ((s.footer, "right"), (s.even_page_footer, "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert str(p.alignment).lower().endswith(align) or align in str(p.alignment).lower()


def test_text_is_the_composed_text(docx_bytes):
    d = docx.Document(io.BytesIO(docx_bytes))
    doc = compose_public(_data())
    assert [p.text for p in d.paragraphs] == [doc.title, *(p.text for p in doc.paras)]


def test_docx_reads_back_with_the_parser(tmp_path, docx_bytes):
    from zhenggai.parsing import parse_file

    path = tmp_path / "通报.docx"
    path.write_bytes(docx_bytes)
    report = parse_file(path)[0]
    assert report.statistics.aspects == 2 and report.statistics.problems == 6
    assert [len(a.children) for a in report.findings] == [3, 3]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) 未安装，跳过 PDF 页数检查：apt-get install libreoffice-writer-nogui")
def test_pdf_page_count(tmp_path):
    """Six problems of three measures fit 3 pages at 22 lines; 40 problems need more."""
    small = tmp_path / "small.docx"
    small.write_bytes(render_docx(compose_public(_data(3, 3))))
    big = tmp_path / "big.docx"
    big.write_bytes(render_docx(compose_public(_data(20, 4))))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(small), str(big)], check=True, capture_output=True, timeout=120)
    pages = {}
    for name in ("small", "big"):
        data = (tmp_path / f"{name}.pdf").read_bytes()
        pages[name] = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    # 1 title block + ~48 paragraphs of at most 2 lines at 22 lines a page.
    assert 2 <= pages["small"] <= 4, pages
    assert pages["big"] > pages["small"] * 3, pages


def test_text_is_marked_simplified_chinese(docx_bytes):
    """Without it a converter missing 仿宋_GB2312 falls back by python-docx's default language, Japanese."""
    styles = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/styles.xml").decode()
    defaults = styles.split("<w:docDefaults>", 1)[1].split("</w:docDefaults>", 1)[0]
    assert re.search(r'<w:lang w:val="zh-CN" w:eastAsia="zh-CN"', defaults), defaults
    assert "ja-JP" not in styles


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) 未安装，跳过 PDF 字形检查：apt-get install libreoffice-writer-nogui")
def test_pdf_from_the_docx_draws_simplified_chinese_glyphs(tmp_path):
    from tests import cjk_glyphs

    if not cjk_glyphs.available():
        pytest.skip("fonts-noto-cjk 未安装")
    text = "骨干直接负责门户网站整改"  # characters whose Japanese and Chinese shapes differ
    data = _data(1, 1)
    data.findings[0].children[0].measures[0].text = text
    path = tmp_path / "r.docx"
    path.write_bytes(render_docx(compose_public(data)))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    sc, jp = cjk_glyphs.shapes((tmp_path / "r.pdf").read_bytes(), text)
    assert jp == 0 and sc >= 4, (sc, jp)
