"""Removing what the copying left behind.

Published reports reach us through document-sharing sites that splice
adverts into the text (【更多公文素材，微信：…】, split by stray spaces),
paywall markers (##paidbegin##) and subscription blurbs before the title.
None of it belongs to the report, and it must never leak into a field.
"""

from __future__ import annotations

import re

# An advert in 【】 that mentions material, WeChat, QQ, membership or resale;
# the copy sites insert spaces anywhere inside it, so each keyword allows them.
_AD_WORDS = r"(?:更\s*多|公\s*文|素\s*材|微\s*信|公\s*众\s*号|Q\s*Q|会\s*员|倒\s*卖|资\s*料|关\s*注|订\s*阅|下\s*载|d\s*a\s*d\s*a)"
AD_BRACKET = re.compile(r"【[^【】\n]{0,60}?" + _AD_WORDS + r"[^【】\n]{0,60}?(?:】|$)")
# An advert cut off by the end of the line without its closing bracket.
AD_TAIL = re.compile(r"【\s*更\s*多[^】\n]*$")
PAID = re.compile(r"#{1,3}\s*paid\s*(?:begin|end)\s*#{1,3}", re.IGNORECASE)
# Lines that are adverts on their own (subscription blurbs, group numbers).
AD_LINE = re.compile(
    r"(仅供学习|禁止外传|订阅|会员|QQ群|微信群|公众号|扫码|关注我们|免费领取|资料分享|实时分享|"
    r"倒卖|版权所有|侵权必究|下载更多|不断迭代)"
)

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u3000\ufeff\u200b]+")


def strip_ads(line: str) -> str:
    """Remove inline adverts and paywall markers from one line."""
    line = PAID.sub("", line)
    line = AD_BRACKET.sub("", line)
    line = AD_TAIL.sub("", line)
    return line


def normalize_line(line: str) -> str:
    """Strip adverts and collapse the whitespace that copying adds."""
    line = strip_ads(line)
    line = _SPACES.sub(" ", line).strip()
    return line


def is_ad_line(line: str) -> bool:
    """A short line that is nothing but an advert or a subscription blurb."""
    return len(line) <= 60 and bool(AD_LINE.search(line)) and "巡" not in line


def clean_lines(text: str) -> list[str]:
    """The document's non-empty lines, adverts removed, whitespace normalised."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = normalize_line(raw)
        if line:
            out.append(line)
    return out
