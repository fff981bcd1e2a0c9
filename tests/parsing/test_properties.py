"""Random and mangled input never raises anything but the parser's own error."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenggai.parsing import ParseError, parse_text
from zhenggai.parsing.reading import decode_text

from . import samples

# Characters that steer the parser: numbering, quotes, labels and punctuation.
GENRE = "一二三四五六七八九十（）()①②③、.．：:；;，。“”‘’是关于针对问题方面整改情况措施任务反馈巡视察组根据部署年月日XＸ*欢迎监督电话邮箱【】#\n "
ALPHABET = st.sampled_from(list(GENRE) + list(string.digits) + list("的了在和对党委市区县局"))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    try:
        reports = parse_text(text)
    except ParseError:
        return
    for r in reports:
        d = r.to_dict()
        assert d["schema"] == "zhenggai.report/1"
        for f in r.all_findings():
            assert f.title  # never an empty title
            assert all(m for m in f.measures)


@SETTINGS
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_genre_noise(text):
    _check(text)


@SETTINGS
@given(st.text(max_size=300))
def test_any_unicode(text):
    _check(text)


@SETTINGS
@given(
    st.sampled_from([samples.STANDARD, samples.NOISY, samples.STYLES, samples.INLINE, samples.NO_TITLE_MASKED]),
    st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 40), st.text(alphabet=ALPHABET, max_size=8)), max_size=6),
)
def test_mangled_reports(doc, edits):
    text = doc
    for pos, cut, insert in edits:
        pos = pos % (len(text) + 1)
        text = text[:pos] + insert + text[pos + cut:]
    _check(text)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_parse_error(data):
    try:
        text = decode_text(data, "x.txt")
    except ParseError:
        return
    _check(text)
