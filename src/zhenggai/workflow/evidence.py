"""Evidence files (佐证材料): what is accepted, how it is checked and where it is kept.

sniff() looks at the bytes, never trusting the extension alone: the extension
must agree with what the content is. Files are stored content-addressed under
DATA_DIR/evidence/<first two hex>/<sha256> — outside STATIC_ROOT, so the web
server never serves them; only views.evidence.download does, after an access check.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# kind → (extensions, content type). doc/xls are OLE2 compound files; docx/xlsx/pptx are zips.
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "png": ((".png",), "image/png"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ((".pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "ole": ((".doc", ".xls", ".ppt"), "application/octet-stream"),
    "txt": ((".txt",), "text/plain; charset=utf-8"),
}
ACCEPTED = "、".join(sorted({e for exts, _ in KINDS.values() for e in exts}))
# Shown inline in the browser; everything else is a download.
INLINE = {"pdf", "jpeg", "png"}
MAX_FILES = 10


class EvidenceRefused(Exception):
    """The file is not accepted; the message says why, in Chinese."""


def _zip_kind(head: bytes, data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None  # a plain zip can carry anything: not accepted as evidence
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)
    return False


def sniff(data: bytes) -> str | None:
    """The kind of file these bytes are, or None when it is none we accept."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data[:4], data)
    if data and _is_text(data):
        return "txt"
    return None


def clean_name(name: str) -> str:
    """The file's own name without any directory part, trimmed to fit the column."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(c for c in base if c.isprintable())
    if not base:
        return "未命名"
    stem, ext = os.path.splitext(base)
    return stem[: 200 - len(ext)] + ext[:20]


@dataclass(frozen=True)
class Checked:
    name: str
    kind: str
    size: int
    sha256: str
    data: bytes


def check(name: str, chunks: Iterable[bytes], max_bytes: int) -> Checked:
    """Read a file (in chunks, stopping past the limit), sniff it and hash it."""
    buf = bytearray()
    for chunk in chunks:
        buf += chunk
        if len(buf) > max_bytes:
            raise EvidenceRefused(f"文件“{clean_name(name)}”超过 {max_bytes // (1024 * 1024)} MB 的上限")
    data = bytes(buf)
    name = clean_name(name)
    if not data:
        raise EvidenceRefused(f"文件“{name}”是空文件")
    kind = sniff(data)
    if kind is None and data.startswith(b"PK\x03\x04") and not zipfile.is_zipfile(io.BytesIO(data)):
        raise EvidenceRefused(f"文件“{name}”已损坏或不完整（压缩包无法打开），请重新保存后上传")
    if kind is None:
        raise EvidenceRefused(f"文件“{name}”的类型不受支持（可上传：{ACCEPTED}）")
    ext = os.path.splitext(name)[1].lower()
    if ext not in KINDS[kind][0]:
        raise EvidenceRefused(f"文件“{name}”的内容与扩展名不符（内容是 {kind}），请检查后重新上传")
    if kind in ("docx", "xlsx", "pptx"):
        _check_office_zip(name, data)
    elif kind in ("png", "jpeg"):
        _check_image(name, data)
    return Checked(name=name, kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)


MAX_UNPACKED = 200 * 1024 * 1024  # what Word/Excel/the browser would inflate: far above any real document
MAX_RATIO = 100  # real Office parts compress 5–30 times; a bomb thousands of times
MAX_PIXELS = 100_000_000  # 10,000 × 10,000: decoding more takes gigabytes in the reader's browser


def _check_office_zip(name: str, data: bytes) -> None:
    """A zip bomb or an XML entity bomb (billion laughs) is refused from the zip directory and the first
    bytes of each part; nothing is inflated whole. Office files never carry a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
            if sum(m.file_size for m in members) > MAX_UNPACKED or any(
                    m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members):
                raise EvidenceRefused(f"文件“{name}”解压后过大（疑似压缩炸弹），请检查后重新上传")
            for m in members:
                if m.filename.endswith((".xml", ".rels")):
                    with z.open(m) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise EvidenceRefused(f"文件“{name}”含有文档类型声明（Office 文件不应有），请用 Word 或 Excel 另存后重新上传")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise EvidenceRefused(f"文件“{name}”已损坏或不完整（压缩包无法读取），请重新保存后上传") from None


def _check_image(name: str, data: bytes) -> None:
    """The image's size from its header (no decoding): a decompression bomb is refused."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
    except Image.DecompressionBombError:
        width, height = MAX_PIXELS, 2
    except Exception:  # noqa: BLE001  a header Pillow cannot read: kept as the bytes it is, as before
        return
    if width * height > MAX_PIXELS:
        raise EvidenceRefused(f"图片“{name}”尺寸过大（超过 1 亿像素），请缩小后重新上传")


def path_for(root: Path, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("bad sha256")
    return root / "evidence" / sha256[:2] / sha256


def store(root: Path, checked: Checked) -> Path:
    """Write the bytes once (same content, same file), atomically via a temporary file."""
    target = path_for(root, checked.sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(checked.data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def content_type(kind: str) -> str:
    return KINDS.get(kind, ((), "application/octet-stream"))[1]
