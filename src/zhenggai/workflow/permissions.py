"""Who may do which workflow verb on which measure: the role half of the state table.

Roles come from states.Transition.roles; the object-level part (a reporter's own
department, a leader's area) from ledger.access.Access. Read access (404 for
outsiders) is ledger.access.measure_for's job, before any of this is asked.
"""

from __future__ import annotations

from zhenggai.ledger.access import Access
from zhenggai.ledger.models import Measure

from . import states
from .models import ExtensionApprover


def holds(access: Access, roles: frozenset[str], measure: Measure) -> bool:
    """Whether the user acts in one of these roles *for this measure*."""
    for role in roles:
        if role == states.OFFICE and access.has(states.OFFICE):
            return True
        if role == states.REPORTER and access.has(states.REPORTER) and access.in_department(measure):
            return True
        if role == states.LEADER and access.has(states.LEADER) and access.in_area(measure):
            return True
        if role == states.INSPECTION and access.has(states.INSPECTION):
            return True
    return False


def may(access: Access, state: states.State, verb: states.Verb, measure: Measure) -> bool:
    t = states.TABLE.get((state, verb))
    return t is not None and holds(access, t.roles, measure)


def extension_roles(approver: str) -> frozenset[str]:
    if approver == ExtensionApprover.LEADER:
        return frozenset({states.LEADER})
    if approver == ExtensionApprover.BOTH:
        return frozenset({states.OFFICE, states.LEADER})
    return frozenset({states.OFFICE})


def is_office(access: Access) -> bool:
    return access.has(states.OFFICE)
