"""The labels that open the text under a heading (整改情况：, 整改措施：…).

One list, shared by the outline (a label line is never a heading and starts
the body) and by the measures (a label is stripped, a plan field is skipped).
The words themselves live in lexicon.py with the rest of the genre's cues.
"""

from __future__ import annotations

from .lexicon import BODY_LABEL, DESCRIPTION_LABEL, MEASURE_LABEL, PLAN_FIELD, RESULT_LABEL

__all__ = ["BODY_LABEL", "DESCRIPTION_LABEL", "MEASURE_LABEL", "PLAN_FIELD", "RESULT_LABEL"]
