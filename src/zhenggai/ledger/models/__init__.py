"""The ledger's domain, named as the work names it."""

from .base import Archivable, LedgerError
from .feedback import Finding, Lead, Suggestion
from .imports import ImportJob, ImportState
from .measures import Measure
from .rounds import UNIT_ROLES, Department, InspectionKind, InspectionRound, Membership, Role, Unit
from .organisation import Body, BodyKind, InspectionGroup, Tier, new_public_id
from .grants import Grant, GrantRole

__all__ = [
    "UNIT_ROLES",
    "Body",
    "BodyKind",
    "Grant",
    "GrantRole",
    "InspectionGroup",
    "Tier",
    "new_public_id",
    "Archivable",
    "Department",
    "Finding",
    "ImportJob",
    "ImportState",
    "InspectionKind",
    "InspectionRound",
    "Lead",
    "LedgerError",
    "Measure",
    "Membership",
    "Role",
    "Suggestion",
    "Unit",
]
