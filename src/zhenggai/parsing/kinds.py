"""Which document of the work a text is, told from the text alone.

The rectification work produces three documents: the group's feedback (巡视/
巡察反馈意见: problems and suggestions, no measures), the unit's plan
(整改方案 with its 任务分解表: measures, who answers for them, deadlines) and
the published report (整改情况通报/报告: what was done, where each item
stands). The title says which, when there is one; otherwise the content does
(a task table's header, a part of problems beside a part of suggestions).
"""

from __future__ import annotations

import re

from .clean import table_cells
from .lexicon import FEEDBACK_PROBLEMS_PART, FEEDBACK_SUGGESTIONS_PART, FEEDBACK_TITLE, PLAN_TITLE
from .model import DocumentKind
from .numbering import parse_numbering
from .plan import header_columns
from .lexicon import (
    REPORTED_TITLE,
    REPORT_CONTENT_CUE,
)

# Patterns used inside functions, compiled once (the module-level re cache costs a look-up per call).




def document_kind(title: str | None, body: list[str]) -> DocumentKind:
    t = title or ""
    if t and PLAN_TITLE.search(t) and not REPORTED_TITLE.search(t):
        return "plan"
    if t and FEEDBACK_TITLE.search(t) and "整改" not in t:
        return "feedback"
    if t and REPORTED_TITLE.search(t):
        return "report"
    has_table = any(header_columns(cells) for cells in (table_cells(ln) for ln in body[:400]) if cells)
    if has_table:
        return "plan"
    parts = [n.rest for n in (parse_numbering(ln) for ln in body) if n is not None and n.style == "cn"]
    if any(FEEDBACK_PROBLEMS_PART.search(p) for p in parts) and any(FEEDBACK_SUGGESTIONS_PART.search(p) for p in parts):
        if not any(REPORT_CONTENT_CUE.search(ln) for ln in body):
            return "feedback"
    return "report"


KIND_LABELS = {"report": "整改情况通报（报告）", "feedback": "巡视巡察反馈意见", "plan": "整改方案（任务分解）"}
