"""The closing workflow's state machine: the one table of allowed transitions.

Django-free on purpose (STYLE.md): services, views, templates and tests all ask
this module what may happen next, so the rules live in one place.

A measure's workflow state is *derived*, never stored twice:
  - Measure.status COMPLETED → CLOSED, LONG_TERM → LONG_TERM;
  - otherwise a pending close request decides the PENDING_* stage;
  - otherwise OPEN (未开始 / 正在整改, overdue or not).
So Measure.status keeps meaning "where it stands" for the ledger and reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    OPEN = "open"
    PENDING_OFFICE = "pending_office"
    PENDING_LEADER = "pending_leader"
    PENDING_ACCEPTANCE = "pending_acceptance"
    CLOSED = "closed"
    LONG_TERM = "long_term"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.OPEN: "整改中",
    State.PENDING_OFFICE: "待整改办审核",
    State.PENDING_LEADER: "待分管领导审批",
    State.PENDING_ACCEPTANCE: "待验收",
    State.CLOSED: "已销号",
    State.LONG_TERM: "长期坚持",
}

PENDING = (State.PENDING_OFFICE, State.PENDING_LEADER, State.PENDING_ACCEPTANCE)


class Verb(StrEnum):
    REPORT = "report"
    REQUEST_CLOSE = "request_close"
    APPROVE = "approve"
    RETURN = "return"
    MARK_LONG_TERM = "mark_long_term"
    REOPEN = "reopen"
    REQUEST_EXTENSION = "request_extension"
    RECORD_LOOKBACK = "record_lookback"


VERB_LABELS = {
    Verb.REPORT: "报送进展",
    Verb.REQUEST_CLOSE: "申请销号",
    Verb.APPROVE: "审核通过",
    Verb.RETURN: "退回整改",
    Verb.MARK_LONG_TERM: "转为长期坚持",
    Verb.REOPEN: "重新打开",
    Verb.REQUEST_EXTENSION: "申请延期",
    Verb.RECORD_LOOKBACK: "记录回头看",
}

# Role values as stored in ledger.Membership.role (kept as plain strings: no Django here).
OFFICE, REPORTER, LEADER, SUPERVISOR, INSPECTION = "office", "reporter", "leader", "supervisor", "inspection_office"


@dataclass(frozen=True)
class Transition:
    source: State
    verb: Verb
    # Candidate targets in order; the first one the unit's settings require wins
    # (approval moves to the next *configured* stage, see next_stage()).
    targets: tuple[State, ...]
    # Who may do it. "reporter" means a reporter of the measure's department,
    # "leader" a leader whose area includes the measure (access.Access.in_area).
    roles: frozenset[str]


def _t(source: State, verb: Verb, targets: tuple[State, ...], *roles: str) -> Transition:
    return Transition(source, verb, targets, frozenset(roles))


TRANSITIONS: tuple[Transition, ...] = (
    _t(State.OPEN, Verb.REPORT, (State.OPEN,), REPORTER, OFFICE),
    _t(State.LONG_TERM, Verb.REPORT, (State.LONG_TERM,), REPORTER, OFFICE),
    _t(State.OPEN, Verb.REQUEST_EXTENSION, (State.OPEN,), REPORTER, OFFICE),
    _t(State.OPEN, Verb.REQUEST_CLOSE, (State.PENDING_OFFICE,), REPORTER, OFFICE),
    _t(State.PENDING_OFFICE, Verb.APPROVE, (State.PENDING_LEADER, State.PENDING_ACCEPTANCE, State.CLOSED), OFFICE),
    _t(State.PENDING_LEADER, Verb.APPROVE, (State.PENDING_ACCEPTANCE, State.CLOSED), LEADER),
    _t(State.PENDING_ACCEPTANCE, Verb.APPROVE, (State.CLOSED,), INSPECTION),
    _t(State.PENDING_OFFICE, Verb.RETURN, (State.OPEN,), OFFICE),
    _t(State.PENDING_LEADER, Verb.RETURN, (State.OPEN,), LEADER),
    _t(State.PENDING_ACCEPTANCE, Verb.RETURN, (State.OPEN,), INSPECTION),
    _t(State.OPEN, Verb.MARK_LONG_TERM, (State.LONG_TERM,), OFFICE),
    _t(State.PENDING_OFFICE, Verb.MARK_LONG_TERM, (State.LONG_TERM,), OFFICE),
    _t(State.CLOSED, Verb.REOPEN, (State.OPEN,), OFFICE),
    _t(State.LONG_TERM, Verb.REOPEN, (State.OPEN,), OFFICE),
    # A look-back that finds a rebound (反弹回潮) reopens the item; one that finds none keeps it.
    _t(State.CLOSED, Verb.RECORD_LOOKBACK, (State.CLOSED, State.OPEN), OFFICE, INSPECTION),
    _t(State.LONG_TERM, Verb.RECORD_LOOKBACK, (State.LONG_TERM, State.OPEN), OFFICE, INSPECTION),
)

TABLE: dict[tuple[State, Verb], Transition] = {(t.source, t.verb): t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """The verb is not allowed in this state; the message says why, in Chinese."""


def transition(state: State, verb: Verb) -> Transition:
    """The allowed transition, or TransitionRefused with a clear message."""
    found = TABLE.get((state, verb))
    if found is None:
        allowed = "、".join(VERB_LABELS[t.verb] for t in TRANSITIONS if t.source == state) or "无"
        raise TransitionRefused(f"当前状态为“{state.label}”，不能{VERB_LABELS[verb]}（此状态下可以：{allowed}）")
    return found


def allowed_verbs(state: State) -> list[Verb]:
    return [t.verb for t in TRANSITIONS if t.source == state]


def next_stage(current: State, leader_required: bool, acceptance_required: bool) -> State:
    """Where an approval at `current` leads, given which stages the unit requires."""
    required = {State.PENDING_LEADER: leader_required, State.PENDING_ACCEPTANCE: acceptance_required, State.CLOSED: True}
    for target in transition(current, Verb.APPROVE).targets:
        if required[target]:
            return target
    return State.CLOSED  # pragma: no cover - CLOSED is always required


def derive(status: str, pending_stage: str | None) -> State:
    """The workflow state from the ledger status and the stage of a pending close request."""
    if status == "completed":
        return State.CLOSED
    if status == "long_term":
        return State.LONG_TERM
    if pending_stage:
        return State(pending_stage)
    return State.OPEN


def table_rows() -> list[tuple[str, str, str, str]]:
    """(from, verb, to, who) in Chinese, for the help page and the README."""
    names = {OFFICE: "整改办", REPORTER: "责任部门填报人", LEADER: "分管领导（本领域）", INSPECTION: "巡察办验收组", SUPERVISOR: "纪检监督"}
    return [
        (t.source.label, VERB_LABELS[t.verb], " / ".join(s.label for s in t.targets), "、".join(names[r] for r in sorted(t.roles)))
        for t in TRANSITIONS
    ]
