"""The ledger's domain, named as the work names it."""

from .base import Archivable, LedgerError
from .feedback import Finding, Lead, Suggestion
from .imports import ImportJob, ImportState
from .measures import Measure
from .rounds import Department, InspectionKind, InspectionRound, Membership, Role, Unit

__all__ = [
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
