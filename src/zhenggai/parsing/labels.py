"""The labels that open the text under a heading (整改情况：, 整改措施：…).

One list, shared by the outline (a label line is never a heading and starts
the body) and by the measures (a label is stripped, a plan field is skipped).
"""

from __future__ import annotations

import re

_MEASURE_WORDS = (
    r"整改(?:落实|完成|推进)?(?:情况|措施|进展|进度|举措|成效|结果|效果|进展情况|落实情况)|主要(?:整改)?(?:措施|做法)|"
    r"落实情况|进展情况|完成情况|工作措施|具体措施|推进情况|取得成效|采取措施|工作举措|整改做法"
)
# Plan fields (责任领导：… 完成时限：…) are facts about the task, not measures.
_PLAN_WORDS = r"责任(?:领导|单位|部门|人)|牵头(?:领导|单位|部门)|配合(?:单位|部门)|整改(?:时限|目标)|完成时限"

MEASURE_LABEL = re.compile(rf"^(?:{_MEASURE_WORDS})\s*[：:]\s*")
PLAN_FIELD = re.compile(rf"^(?:{_PLAN_WORDS})\s*[：:]")
BODY_LABEL = re.compile(rf"^(?:{_MEASURE_WORDS}|{_PLAN_WORDS})\s*[：:]\s*")
RESULT_LABEL = re.compile(r"^(?:整改|取得)?(?:成效|效果|结果)\s*[：:]")
# The problem as the feedback stated it, quoted before the measures: description, never a measure.
DESCRIPTION_LABEL = re.compile(
    r"^(?:问题表现|具体表现|主要表现|存在问题|问题描述|问题情况|反馈问题表现)\s*[：:]\s*"
    r"|^(?:[省市县区州]委)?巡[视察](?:组)?(?:反馈)?(?:指出|发现)\s*[：:，,]\s*"
)
