"""The ledger as a printable document: an HTML table (also the print view) and, where LibreOffice is
installed, a PDF converted from it (``soffice --headless --convert-to pdf``).

Without Chinese fonts on the server (Debian: fonts-noto-cjk) LibreOffice draws every character as a box;
the README and ``make system-deps`` say so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.template.loader import render_to_string

TIMEOUT = 120


class PrintError(Exception):
    """The PDF could not be made; the message is Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    """The PDF link shows only where the converter exists."""
    return soffice() is not None


def html(context: dict) -> str:
    return render_to_string("ledger/print.html", context)


CSS = Path(__file__).parent / "static" / "ledger" / "print.css"


def _self_contained(document: str) -> str:
    """LibreOffice reads a file, not our server: the stylesheet goes inside (pages served to browsers keep
    the link, as the content security policy wants)."""
    return re.sub(r'<link rel="stylesheet" href="[^"]*print\.css">', lambda _: f"<style>{CSS.read_text(encoding='utf-8')}</style>",
                  document, count=1)


def pdf(document: str) -> bytes:
    """The HTML document converted to PDF by LibreOffice, in a throw-away profile and directory."""
    document = _self_contained(document)
    binary = soffice()
    if binary is None:
        raise PrintError("服务器未安装 LibreOffice，无法生成 PDF（可用浏览器打印本页）")
    with tempfile.TemporaryDirectory(prefix="zhenggai-print-") as tmp:
        src = Path(tmp) / "ledger.html"
        src.write_text(document, encoding="utf-8")
        try:
            subprocess.run(
                [binary, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                 "pdf:writer_web_pdf_Export", "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
            raise PrintError(f"生成 PDF 失败：{type(e).__name__}") from None
        out = Path(tmp) / "ledger.pdf"
        if not out.exists():
            raise PrintError("生成 PDF 失败：LibreOffice 没有输出文件")
        return out.read_bytes()
