"""The transition table on its own (no database): every state × verb is either allowed or refused clearly."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from zhenggai.workflow import periods, states
from zhenggai.workflow.states import State, Verb

ALLOWED = {
    (State.OPEN, Verb.REPORT): (State.OPEN,),
    (State.LONG_TERM, Verb.REPORT): (State.LONG_TERM,),
    (State.OPEN, Verb.REQUEST_EXTENSION): (State.OPEN,),
    (State.OPEN, Verb.REQUEST_CLOSE): (State.PENDING_OFFICE,),
    (State.PENDING_OFFICE, Verb.APPROVE): (State.PENDING_LEADER, State.PENDING_ACCEPTANCE, State.CLOSED),
    (State.PENDING_LEADER, Verb.APPROVE): (State.PENDING_ACCEPTANCE, State.CLOSED),
    (State.PENDING_ACCEPTANCE, Verb.APPROVE): (State.CLOSED,),
    (State.PENDING_OFFICE, Verb.RETURN): (State.OPEN,),
    (State.PENDING_LEADER, Verb.RETURN): (State.OPEN,),
    (State.PENDING_ACCEPTANCE, Verb.RETURN): (State.OPEN,),
    (State.OPEN, Verb.MARK_LONG_TERM): (State.LONG_TERM,),
    (State.PENDING_OFFICE, Verb.MARK_LONG_TERM): (State.LONG_TERM,),
    (State.CLOSED, Verb.REOPEN): (State.OPEN,),
    (State.LONG_TERM, Verb.REOPEN): (State.OPEN,),
    (State.CLOSED, Verb.RECORD_LOOKBACK): (State.CLOSED, State.OPEN),
    (State.LONG_TERM, Verb.RECORD_LOOKBACK): (State.LONG_TERM, State.OPEN),
}


@pytest.mark.parametrize(("state", "verb"), list(itertools.product(State, Verb)))
def test_every_state_and_verb(state, verb):
    if (state, verb) in ALLOWED:
        assert states.transition(state, verb).targets == ALLOWED[(state, verb)]
    else:
        with pytest.raises(states.TransitionRefused) as exc:
            states.transition(state, verb)
        assert f"当前状态为“{state.label}”，不能{states.VERB_LABELS[verb]}" in str(exc.value)


def test_table_has_no_duplicates_and_is_the_documented_one():
    assert len(states.TABLE) == len(states.TRANSITIONS) == len(ALLOWED)


@pytest.mark.parametrize(
    ("current", "leader", "acceptance", "expected"),
    [
        (State.PENDING_OFFICE, False, False, State.CLOSED),
        (State.PENDING_OFFICE, True, False, State.PENDING_LEADER),
        (State.PENDING_OFFICE, False, True, State.PENDING_ACCEPTANCE),
        (State.PENDING_OFFICE, True, True, State.PENDING_LEADER),
        (State.PENDING_LEADER, True, False, State.CLOSED),
        (State.PENDING_LEADER, True, True, State.PENDING_ACCEPTANCE),
        (State.PENDING_ACCEPTANCE, True, True, State.CLOSED),
    ],
)
def test_next_stage(current, leader, acceptance, expected):
    assert states.next_stage(current, leader, acceptance) == expected


def test_derive_from_ledger_status():
    assert states.derive("completed", None) == State.CLOSED
    assert states.derive("long_term", None) == State.LONG_TERM
    assert states.derive("in_progress", "pending_leader") == State.PENDING_LEADER
    assert states.derive("not_started", None) == State.OPEN


def test_supervisor_never_changes_state():
    assert all(states.SUPERVISOR not in t.roles for t in states.TRANSITIONS)


def test_table_rows_are_chinese():
    rows = states.table_rows()
    assert ("整改中", "申请销号", "待整改办审核", "整改办、责任部门填报人") in rows


@pytest.mark.parametrize(
    ("cadence", "day", "start", "end"),
    [
        ("weekly", dt.date(2025, 7, 2), dt.date(2025, 6, 30), dt.date(2025, 7, 6)),
        ("half_monthly", dt.date(2025, 2, 15), dt.date(2025, 2, 1), dt.date(2025, 2, 15)),
        ("half_monthly", dt.date(2024, 2, 16), dt.date(2024, 2, 16), dt.date(2024, 2, 29)),
        ("monthly", dt.date(2025, 12, 31), dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
    ],
)
def test_periods(cadence, day, start, end):
    assert periods.period_of(cadence, day) == (start, end)


def test_unknown_cadence():
    with pytest.raises(ValueError):
        periods.period_of("daily", dt.date(2025, 1, 1))
