"""QR codes for the unit's public page and opinion form, and the 公示 notice, for the office only."""

from __future__ import annotations

import io

import pytest
import segno
from django.test import override_settings


@override_settings(ZHENGGAI_BASE_URL="https://zg.example.gov.cn")
@pytest.mark.parametrize("target,path", [("page", "/gk/{}/"), ("opinion", "/gk/{}/yijian/")])
def test_qr_encodes_the_public_url(ledger, people, login, target, path):
    from zhenggai.public import qr

    url = "https://zg.example.gov.cn" + path.format(ledger.unit.public_id)
    c = login(people.office)
    png = c.get(f"/units/{ledger.unit.id}/public/qr-{target}.png")
    svg = c.get(f"/units/{ledger.unit.id}/public/qr-{target}.svg")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert svg.status_code == 200 and b"<svg" in svg.content
    # The same matrix as a QR code made independently of the view for that URL.
    expected = segno.make(url, error="m")
    assert png.content == qr.qr_bytes(url, "png")
    from PIL import Image

    img = Image.open(io.BytesIO(png.content)).convert("1")
    side = (expected.symbol_size(scale=10, border=2))[0]
    assert img.size == (side, side)
    # Each module's colour in the image is the matrix's (sampled at module centres).
    for r, row in enumerate(expected.matrix):
        for col, dark in enumerate(row):
            px = img.getpixel(((col + 2) * 10 + 5, (r + 2) * 10 + 5))
            assert (px == 0) == bool(dark)


def test_qr_and_notice_office_only(ledger, people, login):
    for who, code in (("supervisor", 403), ("reporter", 403), ("outsider", 404)):
        c = login(getattr(people, who))
        assert c.get(f"/units/{ledger.unit.id}/public/qr-page.png").status_code == code, who
        assert c.get(f"/units/{ledger.unit.id}/public/notice.docx").status_code == code, who
    c = login(people.office)
    assert c.get(f"/units/{ledger.unit.id}/public/qr-other.png").status_code == 404
    assert c.get(f"/units/{ledger.unit.id}/public/qr-page.gif").status_code == 404


def test_notice_has_qr_and_contacts(issued, ledger, people, login):
    import docx

    r = login(people.office).get(f"/units/{ledger.unit.id}/public/notice.docx")
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "公　示" in text and "0000-7654321" in text and ledger.unit.public_id in text
    assert len(d.inline_shapes) == 1
    assert len(d.sections) == 1
    import zipfile

    styles = zipfile.ZipFile(io.BytesIO(r.content)).read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in styles  # a missing 仿宋_GB2312 falls back to a Chinese face, not a Japanese one
