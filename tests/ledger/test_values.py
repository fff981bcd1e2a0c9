import datetime as dt

import pytest

from zhenggai.ledger.models.measures import MeasureKind, MeasureStatus
from zhenggai.ledger.values import ValueProblem, parse_date, parse_kind, parse_status, split_names


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2025-06-30", dt.date(2025, 6, 30)),
        ("2025/6/3", dt.date(2025, 6, 3)),
        ("2025.06.30", dt.date(2025, 6, 30)),
        ("2025年6月30日", dt.date(2025, 6, 30)),
        ("２０２５年６月３０日", dt.date(2025, 6, 30)),
        ("2025年6月底", dt.date(2025, 6, 30)),
        ("2024年2月底", dt.date(2024, 2, 29)),
        ("2025年6月", dt.date(2025, 6, 30)),
        ("2025年底", dt.date(2025, 12, 31)),
        (dt.datetime(2025, 3, 1, 0, 0), dt.date(2025, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts_office_forms(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["下个月", "2025-02-30", "2025年13月", "30/06/2025", "尽快"])
def test_parse_date_rejects_with_chinese_message(raw):
    with pytest.raises(ValueProblem) as e:
        parse_date(raw)
    assert "日期" in str(e.value)


def test_status_and_kind_words():
    assert parse_status("已完成") == MeasureStatus.COMPLETED
    assert parse_status(" 正在 整改 ") == MeasureStatus.IN_PROGRESS
    assert parse_status("") == MeasureStatus.NOT_STARTED
    assert parse_kind("立行立改") == MeasureKind.IMMEDIATE
    assert parse_kind("长期坚持") == MeasureKind.LONG_TERM
    with pytest.raises(ValueProblem):
        parse_status("差不多了")
    with pytest.raises(ValueProblem):
        parse_kind("看情况")


def test_split_names():
    assert split_names("办公室、财务科；人事科,办公室") == ["办公室", "财务科", "人事科"]
    assert split_names(None) == []
