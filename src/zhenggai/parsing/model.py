"""Typed form of a parsed report.

The dataclasses mirror ``zhenggai.report/1`` (report.schema.json beside this
module) field for field, so ``Report.to_dict()`` is the JSON the schema
describes and nothing else: consumers (the ledger import, the corpus tests,
other offices' tools) rely on that exact shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_ID = "zhenggai.report/1"

Status = Literal["completed", "ongoing", "long_term"]
Kind = Literal["巡视", "巡察"]


DocumentKind = Literal["report", "feedback", "plan"]


@dataclass
class Task:
    """One measure of a plan (整改方案/任务分解表) with who answers for it and by when.

    Values are as written; ``due`` is the deadline as an ISO date (partial when only
    the year or month is known, null for 长期坚持/立行立改 or none)."""

    measure: str
    leader: str | None = None
    unit: str | None = None
    deadline: str | None = None
    due: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "leader": self.leader, "unit": self.unit,
                "deadline": self.deadline, "due": self.due}


@dataclass
class Finding:
    """A heading of the feedback tree: aspect, problem or specific item."""

    title: str
    status: Status | None = None
    measures: list[str] = field(default_factory=list)
    children: list[Finding] = field(default_factory=list)
    #: feedback documents: the text that describes the problem (they give no measures)
    description: str | None = None
    #: plans: each measure with its responsible leader, unit and deadline
    tasks: list[Task] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "title": self.title,
            "status": self.status,
            "measures": list(self.measures),
            "children": [c.to_dict() for c in self.children],
        }
        if self.description is not None:
            d["description"] = self.description
        if self.tasks:
            d["tasks"] = [t.to_dict() for t in self.tasks]
        return d

    def walk(self):
        """Yield this finding and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            title=d["title"],
            status=d.get("status"),
            measures=list(d.get("measures") or []),
            children=[cls.from_dict(c) for c in d.get("children") or []],
            description=d.get("description"),
            tasks=[Task(**t) for t in d.get("tasks") or []],
        )


@dataclass
class Inspection:
    kind: Kind | None = None
    inspector: str | None = None
    round: str | None = None
    types: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    feedback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "inspector": self.inspector,
            "round": self.round,
            "types": list(self.types),
            "start": self.start,
            "end": self.end,
            "feedback": self.feedback,
        }


@dataclass
class Statistics:
    aspects: int | None = None
    problems: int | None = None
    completed: int | None = None
    rules: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspects": self.aspects,
            "problems": self.problems,
            "completed": self.completed,
            "rules": self.rules,
        }


@dataclass
class Contact:
    phone: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    address: str | None = None
    postcode: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "phone": list(self.phone),
            "email": list(self.email),
            "address": self.address,
            "postcode": self.postcode,
        }


@dataclass
class Report:
    title: str | None = None
    organization: str | None = None
    inspection: Inspection = field(default_factory=Inspection)
    findings: list[Finding] = field(default_factory=list)
    statistics: Statistics = field(default_factory=Statistics)
    contact: Contact = field(default_factory=Contact)
    source: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: which document of the work this is: the published report, the feedback, the plan
    document_kind: DocumentKind = "report"
    #: 0–1: how sure the parser is of the tree (1 = nothing doubtful was decided)
    confidence: float = 1.0
    #: feedback documents: the 意见建议 the inspection group gave
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "document_kind": self.document_kind,
            "source": self.source,
            "title": self.title,
            "organization": self.organization,
            "inspection": self.inspection.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "statistics": self.statistics.to_dict(),
            "contact": self.contact.to_dict(),
            "warnings": list(self.warnings),
            "confidence": round(self.confidence, 2),
            "suggestions": list(self.suggestions),
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def all_findings(self):
        """Every finding of the tree, depth first."""
        for f in self.findings:
            yield from f.walk()

    def count_measures(self) -> int:
        return sum(len(f.measures) for f in self.all_findings())


class ParseError(Exception):
    """The only error the parser raises: a bad document, said in Chinese and English.

    ``path`` names the file when there is one, so a batch run can report the
    file and carry on with the others.
    """

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message
