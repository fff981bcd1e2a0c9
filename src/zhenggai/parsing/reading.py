"""Turning a file on disk into text, whatever Word or Notepad made of it.

Offices hand over reports as .docx, or as text saved in UTF-8, GBK/GB18030 or
UTF-16 (Windows Notepad's "Unicode"), often without saying which. We detect
the encoding from the bytes and refuse, with one clear line, anything that is
not a document: a user pointing the tool at the wrong file must learn why, not
see a traceback.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from .model import ParseError

#: Reports are tens of kilobytes; a compilation of a hundred is a few MB.
#: Anything far larger is not a report and would only tie the machine up.
MAX_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
DOCX_SUFFIXES = {".docx"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def read_document(path: str | os.PathLike[str]) -> str:
    """Return the text of a .txt/.md/.docx file, or raise ParseError naming why not."""
    p = Path(path)
    where = os.fspath(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ParseError("文件不存在 (file not found)", where) from None
    except OSError as e:
        raise ParseError(f"无法读取文件 (cannot read file: {e.strerror})", where) from None
    if p.is_dir():
        raise ParseError("这是一个目录，不是文件 (is a directory)", where)
    if st.st_size > MAX_BYTES:
        raise ParseError(
            f"文件过大：{st.st_size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB "
            f"(file too large)",
            where,
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ParseError(f"无法读取文件 (cannot read file: {e.strerror})", where) from None
    suffix = p.suffix.lower()
    if suffix in DOCX_SUFFIXES or data.startswith(_ZIP_MAGIC):
        return _docx_text(data, where)
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            "这是旧版 Word (.doc) 或其他 Office 二进制文件，请另存为 .docx 或 .txt 后再读取 "
            "(legacy binary Office file; save it as .docx)",
            where,
        )
    return decode_text(data, where)


def decode_text(data: bytes, where: str | None = None) -> str:
    """Decode bytes of unknown encoding; raise ParseError for empty or binary data."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError("文件为空 (empty file)", where)
    text = _decode(data)
    if text is None or not _looks_like_text(text):
        raise ParseError(
            "不是文本文件，或编码无法识别（支持 UTF-8、GB18030/GBK、UTF-16） "
            "(binary file or unknown encoding)",
            where,
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("文件为空 (empty file)", where)
    return text


def _decode(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return _try(data[3:], "utf-8")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return _try(data, "utf-16")
    if b"\x00" not in data:
        text = _try(data, "utf-8")
        if text is not None:
            return text
    # No BOM and not UTF-8: the candidate whose text reads most like Chinese wins.
    best, best_score = None, 0.0
    for enc in ("gb18030", "utf-16-le", "utf-16-be"):
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        if enc == "gb18030" and b"\x00" in data:
            continue
        text = _try(data, enc)
        if text is None:
            continue
        score = _plausibility(text)
        if score > best_score:
            best, best_score = text, score
    return best if best_score > 0.8 else None


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff -~\n\r\t\u3000-\u303f\uff00-\uffef“”‘’…—·]")


def _plausibility(text: str) -> float:
    """Share of characters a Chinese document is made of."""
    sample = text[:8000]
    return len(_PLAUSIBLE.findall(sample)) / len(sample) if sample else 0.0


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_like_text(text: str) -> bool:
    """Control characters, private-use and replacement characters mark binary data."""
    sample = text[:20000]
    if not sample:
        return False
    if _BAD_CHARS.search(sample) is None:
        return True  # the usual case, without building the list
    return len(_BAD_CHARS.findall(sample)) / len(sample) < 0.02


def _docx_text(data: bytes, where: str | None) -> str:
    import io

    if not data.startswith(_ZIP_MAGIC):
        raise ParseError("不是有效的 .docx 文件（不是 zip 格式） (not a .docx: not a zip file)", where)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        bad = zf.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise ParseError("损坏的 .docx 文件（zip 结构损坏） (corrupt .docx: broken zip)", where) from None
    except Exception:  # zlib errors surface as various types  # noqa: BLE001
        raise ParseError("损坏的 .docx 文件（zip 数据损坏） (corrupt .docx: broken zip data)", where) from None
    if bad is not None:
        raise ParseError(f"损坏的 .docx 文件（{bad} 数据校验失败） (corrupt .docx)", where)
    if "word/document.xml" not in zf.namelist():
        raise ParseError("不是 Word 文档：缺少 word/document.xml (zip file is not a .docx)", where)
    # Refuse zip bombs before python-docx inflates them.
    if sum(i.file_size for i in zf.infolist()) > 10 * MAX_BYTES:
        raise ParseError("文件解压后过大 (file too large when unpacked)", where)
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on bad XML  # noqa: BLE001
        raise ParseError(f"无法解析 .docx 文件 (cannot read .docx: {type(e).__name__})", where) from None
    text = "\n".join(_docx_blocks(document))
    if not text.strip():
        raise ParseError("文件为空：文档中没有文字 (empty document)", where)
    return text


def _docx_blocks(document) -> list[str]:
    """Paragraphs and table rows in document order (tables read row by row)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .docx_numbering import Numbering

    numbering = Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(numbering.label(block) + block.text)
        elif isinstance(block, Table):
            lines.extend(table_rows(block))
    return lines


def table_rows(table) -> list[str]:
    """A Word table as rows of tab-separated cells, one line per row, so that a plan's
    任务分解表 keeps its columns (问题, 整改措施, 责任领导, 责任单位, 完成时限).

    A cell merged across columns is one cell; a cell merged down the rows repeats its
    text in each row, as a reader reads it. Line breaks inside a cell become spaces."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if seen and seen[-1] is cell._tc:
                continue  # the same cell spanning several grid columns
            seen.append(cell._tc)
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return rows
