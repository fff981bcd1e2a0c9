"""Whatever an office types into a task table, reading it raises only our own errors."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhenggai.ledger.importing_xlsx import find_columns, read_rows
from zhenggai.ledger.models import LedgerError

HEADER = ["序号", "方面", "问题", "具体问题", "整改措施", "责任领导", "牵头部门", "责任部门", "责任人", "完成时限", "整改状态", "措施类型"]

cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.sampled_from(["2025年6月底", "已完成", "长期坚持", "立行立改", "2025-02-30", "办公室、财务科", "一、某方面"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=0, max_size=len(HEADER) + 2), max_size=12))
def test_any_grid_reads_or_fails_cleanly(data):
    grid = [list(HEADER), *data]
    cols, first = find_columns(grid)
    try:
        rows = read_rows(grid, cols, first)
    except LedgerError as e:
        assert str(e)
        return
    for row in rows:
        assert row.problem or row.item or row.aspect
        assert row.fields.get("deadline") is None or isinstance(row.fields["deadline"], dt.date)
