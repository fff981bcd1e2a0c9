"""The report as a .docx laid out to GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a 22-line ×
28-character grid (exact line spacing 28.95 pt); title 方正小标宋简体 二号
centred; body 仿宋_GB2312 三号; 一级标题 黑体, 二级 楷体_GB2312, 三级 仿宋 bold;
page numbers "— 1 —" in 宋体 四号, odd pages right, even pages left.

The GB fonts are rarely installed outside government PCs, so every font is
named with its alternates (w:altName in the font table, and the common
Windows/macOS names), and Word or LibreOffice falls back to 仿宋/FangSong/
STFangsong instead of a sans-serif. Everything is set on styles, not runs:
a 200-problem report is ~1,500 paragraphs and must write in well under a second.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .compose import Document

LINE_PITCH_PT = 28.95  # 225 mm text height / 22 lines
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# Alternates written into the font table (w:altName) and listed in core properties, in order.
FALLBACKS = {
    TITLE_FONT: ["方正小标宋_GBK", "华文中宋", "宋体", "SimSun", "STSong", "Noto Serif CJK SC"],
    BODY_FONT: ["仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC"],
    H1_FONT: ["SimHei", "STHeiti", "Noto Sans CJK SC"],
    H2_FONT: ["楷体", "KaiTi", "STKaiti", "华文楷体", "Noto Serif CJK SC"],
    PAGE_FONT: ["SimSun", "STSong", "Noto Serif CJK SC"],
}

# role → (style name, east-Asian font, size pt, bold, alignment, outline level)
STYLES = {
    "title": ("公文标题", TITLE_FONT, 22, False, WD_ALIGN_PARAGRAPH.CENTER, None),
    "subtitle": ("公文副标题", H2_FONT, 16, False, WD_ALIGN_PARAGRAPH.CENTER, None),
    "h1": ("公文一级标题", H1_FONT, 16, False, None, 0),
    "h2": ("公文二级标题", H2_FONT, 16, False, None, 1),
    "h3": ("公文三级标题", BODY_FONT, 16, True, None, 2),
    "h4": ("公文四级标题", BODY_FONT, 16, False, None, 3),
    "body": ("公文正文", BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, None),
    "signature": ("公文署名", BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.RIGHT, None),
    "date": ("公文成文日期", BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.RIGHT, None),
}


def _fonts(rpr_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set ascii/hAnsi/eastAsia on a style or run, plus the hint Word needs for CJK."""
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if "Theme" in attr:  # theme fonts would override the named ones
            del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def _chars_indent(pf_owner, first_line_chars: int = 0, right_chars: int = 0) -> None:
    """Indents counted in characters (w:firstLineChars), so they follow the grid."""
    el = pf_owner.element if hasattr(pf_owner, "element") else pf_owner._element
    ppr = el.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(first_line_chars * 320))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(right_chars * 320))


def _outline(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.append(el)


def _setup_styles(doc) -> dict[str, Any]:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal, BODY_FONT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PITCH_PT)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = False  # the grid, not orphan control, decides where a page breaks
    # 28 characters of 16 pt do not fit 156 mm (they need 158 mm): Word squeezes them through the
    # grid, LibreOffice gives a too-wide character two grid cells. A quarter point less advance
    # per character makes both lay out 28 to the line.
    rpr = normal.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "-5")  # twentieths of a point
    rpr.append(spacing)
    ppr = normal.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra gap between 汉字 and digits
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        ppr.append(el)
    _doc_defaults(doc)
    chinese_language(doc)  # after the sizes: w:lang comes late in w:rPr's schema order
    made = {}
    for role, (name, font, size, bold, align, outline) in STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.quick_style = True
        st.font.size = Pt(size)
        st.font.bold = bold
        _fonts(st, font)
        if align is not None:
            st.paragraph_format.alignment = align
        if role in ("h1", "h2", "h3", "h4", "body"):
            _chars_indent(st, first_line_chars=2)
        if role == "title":
            # Two-line titles keep the exact pitch; space after leaves the blank line GB/T 9704 asks for.
            st.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 1.2)
            st.paragraph_format.space_after = Pt(LINE_PITCH_PT)
        if role == "signature":
            st.paragraph_format.space_before = Pt(LINE_PITCH_PT)  # 正文下空一行
        if role.startswith("h"):
            st.paragraph_format.keep_with_next = True
        if outline is not None:
            _outline(st, outline)
        made[role] = st
    return made


def chinese_language(doc) -> None:
    """Mark the document's text as Simplified Chinese (w:lang eastAsia zh-CN in the defaults).

    Where 仿宋_GB2312 and the other named faces are missing (a server converting to PDF, a
    colleague's Linux desktop) Word and LibreOffice pick a fallback by the text's language; without
    it (python-docx's template says eastAsia en-US) LibreOffice took Japanese glyph shapes for
    some characters (骨, 直, 门) from Noto CJK.
    """
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _doc_defaults(doc) -> None:
    """The grid's character pitch is reckoned from the document default size: make it 三号."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "32")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), BODY_FONT)


def _page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(24)  # the page number sits about 7 mm below the text area
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    # A line grid of 22 lines; the 28 characters a line come from the body's character advance
    # (16 pt less a quarter point, see _setup_styles). A "linesAndChars" grid would say the same
    # to Word, but LibreOffice then gives every 16 pt character two 15.79 pt cells (14 a line).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))  # twips


def _page_number(paragraph, align) -> None:
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        _chars_indent(paragraph, right_chars=1)
    else:
        ppr = paragraph._p.get_or_add_pPr()
        ind = OxmlElement("w:ind")
        ind.set(qn("w:leftChars"), "100")
        ind.set(qn("w:left"), "280")
        ppr.append(ind)

    def run(text: str | None = None):
        r = paragraph.add_run(text or "")
        r.font.size = Pt(14)
        _fonts(r, PAGE_FONT, PAGE_FONT)
        return r

    run("— ")
    # PAGE field as fldChar begin/instr/separate/end, which Word and LibreOffice both update.
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        r = run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
    run(" —")


def _font_table(doc) -> None:
    """Name each GB font with its alternates in word/fontTable.xml (w:altName)."""
    part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alts in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), ",".join(alts))
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name in (BODY_FONT, H1_FONT, H2_FONT) else "roman")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "fixed" if name != TITLE_FONT else "variable")
        for alt_name in alts:  # and each alternate as a font of its own, so the table knows them
            f2 = etree.SubElement(root, qn("w:font"))
            f2.set(qn("w:name"), alt_name)
            cs = etree.SubElement(f2, qn("w:charset"))
            cs.set(qn("w:val"), "86")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _new(title: str):
    doc = new_document()
    _page(doc.sections[0])
    styles = _setup_styles(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    props = doc.core_properties
    props.title = title
    # Core properties cap text at 255 characters: name each font with its first two alternates.
    props.comments = "字体: " + "; ".join(f"{k}→{'/'.join(v[:2])}" for k, v in FALLBACKS.items())
    _font_table(doc)
    return doc, styles


def _width(text: str) -> float:
    """Width in characters of 三号: digits and Latin letters are half as wide as 汉字."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def _signature_indent(signature: str, date: str | None) -> int:
    """Right indent in characters (GB/T 9704 7.3.5.2, no seal): the 署名 sits two characters
    from the right; the 成文日期 below starts two characters right of the 署名's first
    character, unless it is the longer one, when both sit two characters from the right."""
    if date is None:
        return 2
    return max(2, round(_width(signature) - _width(date)))


def _stamp_properties(doc, author: str) -> None:
    """File → Properties names the unit and today, not python-docx and its template's 2013."""
    import datetime as dt

    props = doc.core_properties
    now = dt.datetime.now().replace(microsecond=0)
    props.author = props.last_modified_by = author[:255]
    props.created = props.modified = now
    props.revision = 1
    props.keywords = "巡视巡察整改"


def render_docx(doc_model: Document, tables: Iterable[Any] = ()) -> bytes:
    """The report as .docx bytes; ``tables`` (ledger.lists.Table) are appended as 附件."""
    doc, styles = _new(doc_model.title)
    _stamp_properties(doc, next((p.text for p in doc_model.paras if p.role == "signature"), "") or "整改工作办公室")
    body = doc.element.body
    # Paragraphs are built as raw XML with a style reference only: python-docx's add_paragraph
    # resolves the style by name on every call, which dominates the time on large reports.
    sect = body[-1]
    ids = {role: st.style_id for role, st in styles.items()}
    signature = next((p.text for p in doc_model.paras if p.role == "signature"), "")
    for role, text in [("title", doc_model.title)] + [(p.role, p.text) for p in doc_model.paras]:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), ids.get(role, ids["body"]))
        ppr.append(ps)
        if role in ("signature", "date"):
            ind = OxmlElement("w:ind")
            right = _signature_indent(signature, text if role == "date" else None)
            ind.set(qn("w:rightChars"), str(right * 100))
            ind.set(qn("w:right"), str(right * 320))
            ppr.append(ind)
        p.append(ppr)
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        p.append(r)
        sect.addprevious(p)
    for i, tbl in enumerate(tables, 1):
        _table(doc, styles, tbl, i)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, styles, tbl, n: int) -> None:
    doc.add_page_break()
    doc.add_paragraph(f"附件{n}", style=styles["h1"]).paragraph_format.first_line_indent = 0
    doc.add_paragraph(tbl.title, style=styles["title"])
    _table_rows(doc, tbl)


def tables_docx(tables: Iterable[Any], title: str) -> bytes:
    """The three lists alone, as a .docx of tables (landscape fits their columns)."""
    doc, styles = _new(title)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(28), Mm(26), Mm(37), Mm(35)
    first = True
    for tbl in tables:
        if not first:
            doc.add_page_break()
        first = False
        doc.add_paragraph(tbl.title, style=styles["title"])
        _table_rows(doc, tbl)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table_rows(doc, tbl) -> None:
    table = doc.add_table(rows=1, cols=len(tbl.columns))
    table.style = doc.styles["Table Grid"]
    for cell, col in zip(table.rows[0].cells, tbl.columns):
        cell.text = col.header
    for row in tbl.rows:
        cells = table.add_row().cells
        for cell, value, col in zip(cells, row, tbl.columns):
            if value is None:
                cell.text = ""
            elif col.date and hasattr(value, "isoformat"):
                cell.text = f"{value.year}年{value.month}月{value.day}日"
            else:
                cell.text = str(value)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                p.paragraph_format.first_line_indent = 0
                for r in p.runs:
                    r.font.size = Pt(10.5)
