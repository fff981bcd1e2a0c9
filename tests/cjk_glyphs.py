"""Which regional glyph shapes a PDF made by LibreOffice embeds from Noto CJK: Simplified Chinese or Japanese.

Noto CJK ships as one collection (.ttc) whose faces (JP, KR, SC, TC, HK) share glyphs but map some
characters (骨, 直, 门 …) to different ones. LibreOffice names the embedded subset after the
collection's first face (…CJKjp…) whichever face it used, so the name proves nothing: this reads
the glyph ids (cidNNNNN) the PDF's fonts contain and compares them with each face's mapping.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

COLLECTIONS = {
    b"NotoSansCJK": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    b"NotoSerifCJK": Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
}


def available() -> bool:
    return all(p.exists() for p in COLLECTIONS.values())


def _embedded(pdf: bytes) -> dict[bytes, set[int]]:
    """Family prefix → the CIDs of the glyphs its embedded fonts hold."""
    out: dict[bytes, set[int]] = {k: set() for k in COLLECTIONS}
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            raw = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        head = raw[:300]
        for family in COLLECTIONS:
            if head.startswith(b"%!") and family in head:
                out[family] |= {int(n) for n in re.findall(rb"/cid(\d+) put", raw)}
    return out


def shapes(pdf: bytes, text: str) -> tuple[int, int]:
    """(characters drawn with the SC face's glyph, with the JP face's) among those where the two differ."""
    from fontTools.ttLib import TTCollection

    sc = jp = 0
    for family, cids in _embedded(pdf).items():
        if not cids:
            continue
        faces = {f["name"].getDebugName(6): f.getBestCmap() for f in TTCollection(str(COLLECTIONS[family]), lazy=True).fonts}
        sc_map = next(v for k, v in faces.items() if "CJKsc-" in k and "Mono" not in k)
        jp_map = next(v for k, v in faces.items() if "CJKjp-" in k and "Mono" not in k)
        for ch in set(text):
            a, b = sc_map.get(ord(ch)), jp_map.get(ord(ch))
            if a and b and a != b:
                sc += int(a[3:]) in cids
                jp += int(b[3:]) in cids
    return sc, jp
