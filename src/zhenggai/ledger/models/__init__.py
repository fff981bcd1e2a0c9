"""The ledger's domain, named as the work names it."""

from .base import Archivable, LedgerError
from .feedback import Finding, Lead, Suggestion
from .imports import CorrectionExample, ImportJob, ImportState
from .jobs import GeneratedJob, JobState
from .measures import Measure
from .rounds import UNIT_ROLES, Department, InspectionKind, InspectionRound, Membership, Role, Unit
from .organisation import Body, BodyKind, InspectionGroup, Tier, new_public_id
from .grants import Grant, GrantRole

__all__ = [
    "UNIT_ROLES",
    "Body",
    "CorrectionExample",
    "BodyKind",
    "Grant",
    "GrantRole",
    "InspectionGroup",
    "Tier",
    "new_public_id",
    "Archivable",
    "Department",
    "Finding",
    "GeneratedJob",
    "JobState",
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
