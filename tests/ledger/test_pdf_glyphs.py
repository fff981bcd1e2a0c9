"""The ledger's PDF draws Simplified Chinese glyph shapes (Noto CJK's SC face), not Japanese ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import cjk_glyphs
from zhenggai.ledger import printable, services


@pytest.mark.skipif(not printable.pdf_available(), reason="LibreOffice 未安装，跳过 PDF 字形检查")
def test_ledger_pdf_uses_the_simplified_chinese_face(login, ledger, people):
    if not cjk_glyphs.available():
        pytest.skip("fonts-noto-cjk 未安装")
    text = "骨干直接负责门户网站整改"  # characters whose Japanese and Chinese shapes differ
    services.update_measure(ledger.measures[0], people.office, text=text)
    r = login(people.office).get(reverse("ledger:export_pdf", args=[ledger.unit.id]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    sc, jp = cjk_glyphs.shapes(r.content, text)
    assert jp == 0 and sc >= 4, (sc, jp)
