"""Hostile values, chosen per field type (one or two each, not a cross product: the suite stays fast)."""

from __future__ import annotations

import io
import re
import zipfile

from tests.hostile.harness import Field

LONG = "测" * 100_000  # 100,000 characters, 300 KB of UTF-8
CONTROLS = "整改\x00措施\x0b完成\ufffe情况\x01"
DATES = ["2024-13-45", "二〇二四年十三月", "0000-00-00", "99999-01-01"]
NUMBERS = ["-1", "99999999999999999999", "1e400", "NaN", "３"]
HUGE_ID = "9223372036854775808"
DATE_NAMES = re.compile(r"date|deadline|due|as_of|start|end|_on$|^on$|until|period")

# Values a browser never sends for the field and the server must refuse (nothing changes).
# Each is (label, value); value None means "leave the field out".


def refused_values(f: Field) -> list[tuple[str, object]]:
    if f.kind == "hidden":
        if f.name == "version":  # "new" on a stored record, or a number on one not yet stored: both stale
            return [("过期的版本号", "1" if f.value == "new" else "new"), ("无效版本号", "abc")]
        if f.name == "form" or f.name == "csrfmiddlewaretoken":
            return []
        if f.value.isdigit():
            return [("不存在的编号", "999999"), ("超大编号", HUGE_ID), ("负数编号", "-1"), ("非数字编号", "abc")]
        return []
    if f.kind == "number":
        return [("数值" + v, v) for v in ("-1", "99999999999999999999", "NaN")]
    if f.kind == "date" or (f.kind == "text" and DATE_NAMES.search(f.name)):
        return [("日期" + v, v) for v in DATES[:2]]
    if f.kind == "select" and f.options:
        numeric = [o for o in f.options if o.isdigit()]
        if numeric:
            others = [str(i) for i in range(1, 40) if str(i) not in f.options][:1]
            return [("选项外编号", v) for v in others] + [("超大编号", HUGE_ID)]
        return [("选项外的值", "不存在的选项")]
    if f.kind == "radio" or (f.kind == "checkbox" and f.multiple):  # f.multiple: several boxes share the name
        return [("选项外的值", "不存在的选项")] + ([("超大编号", HUGE_ID)] if f.value.isdigit() else [])
    return []


def odd_values(f: Field) -> list[tuple[str, object]]:
    """Values that may be accepted once cleaned (control characters) or refused (too long); never a 500."""
    if f.kind in ("text", "textarea", "search", "email", "tel") and not DATE_NAMES.search(f.name):
        return [("超长文字", LONG), ("控制字符", CONTROLS), ("一组值", ["第一个", "第二个"])]
    if f.kind == "select" and f.options and not f.multiple:
        return [("一组值", [o for o in f.options if o][:2] * 2)]
    return []


# --- hostile files -----------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", level) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      b'<Default Extension="xml" ContentType="application/xml"/></Types>')
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
          b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


def _replace_part(package: bytes, part: str, data: bytes) -> bytes:
    """A real Office file with one part replaced (so every other part a reader looks for is there)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item.filename, data if item.filename == part else src.read(item.filename))
    return out.getvalue()


def zip_bomb(inner: str) -> bytes:
    """A small zip whose one part inflates to 200 MB of one repeated byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        with z.open(inner, "w", force_zip64=True) as part:
            block = b"<" * (1 << 20)
            for _ in range(200):
                part.write(block)
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、关于测试的问题")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["问题", "整改措施"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def huge_png() -> bytes:
    """A valid PNG header claiming 60,000 × 60,000 pixels (a decompression bomb), tiny on disk."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def hostile_files() -> list[tuple[str, str, bytes]]:
    """(label, file name, content) of files every upload must refuse with one Chinese message."""
    docx = docx_bytes()
    xlsx = xlsx_bytes()
    laughs_docx = _replace_part(docx, "word/document.xml", LAUGHS)
    return [
        ("空文件", "空的.docx", b""),
        ("不是压缩包的docx", "报告.docx", "这不是一个Word文件".encode()),
        ("截断的docx", "截断.docx", docx[: len(docx) // 2]),
        ("截断的xlsx", "截断.xlsx", xlsx[: len(xlsx) // 2]),
        ("docx压缩炸弹", "炸弹.docx", zip_bomb("word/document.xml")),
        ("xlsx压缩炸弹", "炸弹.xlsx", zip_bomb("xl/worksheets/sheet1.xml")),
        ("实体膨胀docx", "实体.docx", laughs_docx),
        ("实体膨胀xlsx", "实体.xlsx", _replace_part(xlsx, "xl/worksheets/sheet1.xml", LAUGHS)),
        ("伪装成PNG的网页", "照片.png", b"<html><script>alert(1)</script></html>"),
        ("像素炸弹PNG", "巨图.png", huge_png()),
        ("路径穿越文件名", "../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
        ("含NUL的文件名", "报告\x00.pdf.exe", b"MZ\x90\x00"),
        ("三百字的文件名", "长" * 300 + ".exe", b"MZ\x90\x00"),
        ("可执行文件", "说明.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
    ]
