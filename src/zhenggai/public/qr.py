"""QR codes (码上监督) for a unit's public page and opinion form, and the one-page 公示 notice.

The URLs printed are absolute: ZHENGGAI_BASE_URL when set (what the public can reach),
else the address the office's request came in on.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse

from zhenggai.ledger.models import Unit

TARGETS = {"page": ("public:unit", "整改情况公开"), "opinion": ("public:opinion", "意见建议")}


def target_url(unit: Unit, target: str, request=None) -> str:
    path = reverse(TARGETS[target][0], args=[unit.public_id])
    base = (getattr(settings, "ZHENGGAI_BASE_URL", "") or "").rstrip("/")
    if base:
        return base + path
    return request.build_absolute_uri(path) if request is not None else path


def qr_bytes(url: str, fmt: str) -> bytes:
    code = segno.make(url, error="m")
    buf = io.BytesIO()
    if fmt == "svg":
        code.save(buf, kind="svg", scale=8, border=2, xmldecl=True, svgclass=None, lineclass=None)
    else:
        code.save(buf, kind="png", scale=10, border=2)
    return buf.getvalue()


def notice_docx(unit: Unit, contacts: dict[str, str], request=None) -> bytes:
    """公示: one A4 page with what to scan, the QR code of the opinion form and the contacts."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from zhenggai.reports.render_docx import chinese_language

    d = docx.Document()
    chinese_language(d)  # Chinese glyph shapes wherever the named fonts are missing
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)

    def para(text: str, size: int = 16, bold: bool = False, center: bool = False, font: str = "仿宋_GB2312"):
        p = d.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size, run.bold, run.font.name = Pt(size), bold, font
        run._element.rPr.rFonts.set(docx.oxml.ns.qn("w:eastAsia"), font)
        return p

    para("公　示", 22, center=True, font="方正小标宋简体")
    para(f"{unit.name}{unit.inspection.kind}整改落实情况接受群众监督", 16, center=True)
    para(f"为深入推进{unit.inspection.name}反馈意见整改落实，现公开整改情况，欢迎广大干部群众扫描下方二维码，"
         "查看整改情况，反映问题、提出意见建议、评价整改成效。可实名也可匿名；提交后请保存回执码，凭回执码查询办理情况和答复。")
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(qr_bytes(target_url(unit, "opinion", request), "png")), width=Cm(6))
    para("扫码反映问题、提出意见建议", 14, center=True)
    lines = [(label, contacts.get(key, "")) for key, label in
             (("phone", "联系电话"), ("address", "通信地址"), ("postcode", "邮政编码"), ("email", "电子邮箱"))]
    for label, value in lines:
        if value:
            para(f"{label}：{value}")
    para(f"整改情况网页：{target_url(unit, 'page', request)}", 12)
    para(unit.name, 16).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
