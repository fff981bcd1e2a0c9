"""Long runs of every kind of character parse in linear time.

A pattern that backtracks (an unbounded [A-Za-z0-9.]+ tried at every position,
a lazy group whose lookahead rescans the rest of the line) turns a 128 KB run
into minutes. Each case here is 128 KB or more: linear code parses it in well
under a second, a quadratic one would take minutes, so the 10-second alarm
only fires on a real regression (the timings themselves are in
benchmarks/parse_speed.py).
"""

from __future__ import annotations

import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenggai.parsing import ParseError, parse_text

SIZE = 128 * 1024

HEAD = (
    "某县林业局党组关于县委巡察整改情况的通报\n"
    "根据县委统一部署，2022年4月6日至5月20日，县委第三巡察组对县林业局党组进行了巡察。\n"
    "二、反馈问题整改落实情况\n"
    "（一）关于护林员管理松散的问题\n"
    "整改情况：{body}\n"
    "欢迎社会各界监督。联系电话：0351-7654321；电子邮箱：{contact}\n"
)

UNITS = {
    "ASCII letters": "a",
    "ASCII upper": "X",
    "digits": "7",
    "full-width digits": "７",
    "dots": ".",
    "hyphens": "-",
    "at signs": "@",
    "letters and dots": "a.",
    "letters and at": "a@",
    "stars": "*",
    "hashes": "#",
    "markup brackets": "<",
    "entities": "&",
    "bold markers": "**",
    "links": "[a](b)",
    "CJK": "整",
    "spaces": " ",
    "tabs and spaces": "\t ",
    "ideographic spaces": "\u3000",
    "full-width comma": "，",
    "full-width stop": "。",
    "full-width colon": "：",
    "quotes": "“",
    "book titles": "《",
    "ad brackets": "【更多",
    "cn numbering": "一、",
    "paren numbering": "（一）",
    "arabic numbering": "1.",
    "shi markers": "一是",
    "circled": "①",
    "years": "2021年",
    "months": "3月",
    "masked dates": "X年X月",
    "counts": "1个",
    "aspects": "方面",
    "problems": "问题",
    "guanyu": "关于",
    "rules": "建立制度",
    "address": "地址",
    "mailbox": "邮箱",
    "group": "第一巡察组",
    "cn numbering lines": "一、问题\n",
    "shi lines": "一是加强\n",
    "short lines": "a\n",
    "label lines": "整改情况：\n",
    "label heads": "队伍建设方面：\n",
}


class _Slow(Exception):
    pass


def _alarm(signum, frame):
    raise _Slow()


def _parse_within(text: str, seconds: int = 10) -> None:
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        parse_text(text)
    except ParseError:
        pass
    except _Slow:
        pytest.fail(f"parsing {len(text)} characters took over {seconds} s: not linear")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _run(unit: str) -> str:
    return unit * (SIZE // len(unit) + 1)


@pytest.mark.parametrize("name", list(UNITS))
@pytest.mark.parametrize("where", ["body", "contact", "alone"])
def test_long_run_parses_in_linear_time(name: str, where: str) -> None:
    run = _run(UNITS[name])
    if where == "alone":
        text = run
    elif where == "body":
        text = HEAD.format(body=run, contact="lin163.com")
    else:
        text = HEAD.format(body="一是加强巡护。", contact=run)
    _parse_within(text)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(list(UNITS.values())), min_size=1, max_size=4))
def test_long_runs_of_mixed_classes(units: list[str]) -> None:
    """Runs of several classes in a row (each 32 KB), anywhere in a report."""
    run = "".join(u * (32 * 1024 // len(u) + 1) for u in units)
    _parse_within(HEAD.format(body=run, contact=run[:SIZE]))
