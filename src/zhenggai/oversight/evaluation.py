"""整改成效评估: a 100-point scheme per unit and round, every deduction explained.

The scheme is data (RoundSettings.scheme overrides DEFAULT_SCHEME key by key): indicators
with weights scaled by a rate, deductions per quality flag, per overdue measure, per
sampling mismatch and per missed milestone (each capped), veto items that set the grade to
差 whatever the points, and the cut-offs of 好/较好/一般/差.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_SCHEME: dict[str, Any] = {
    "indicators": [  # name, weight, the figure (a 0–100 rate) that scales it
        {"name": "问题整改完成率", "weight": 40, "figure": "rate_by_problem"},
        {"name": "措施完成率", "weight": 30, "figure": "rate_by_measure"},
        {"name": "整改质量", "weight": 30, "figure": "quality"},
    ],
    "per_overdue": 1, "overdue_cap": 10,
    "per_mismatch": 5, "mismatch_cap": 20,
    "per_milestone": 5, "milestone_cap": 15,
    "per_escalation": 2, "escalation_cap": 10,
    "veto": {"mismatch_at_least": 3, "last_step_reached": True},
    "grades": [["好", 90], ["较好", 80], ["一般", 60], ["差", 0]],
}


SETTABLE = ("per_overdue", "overdue_cap", "per_mismatch", "mismatch_cap", "per_milestone", "milestone_cap",
            "per_escalation", "escalation_cap")


def validate_scheme(custom: dict[str, Any]) -> dict[str, Any]:
    """A scheme override checked whole: weights that add up to 100, numbers ≥ 0, cut-offs falling."""
    from zhenggai.ledger.models import LedgerError

    out: dict[str, Any] = {}
    for key in SETTABLE:
        if key in custom:
            v = custom[key]
            if not isinstance(v, (int, float)) or not 0 <= v <= 100:  # written so that NaN fails too
                raise LedgerError("扣分标准应为 0 至 100 之间的数")
            out[key] = v
    if "indicators" in custom:
        inds = custom["indicators"]
        known = {i["figure"] for i in DEFAULT_SCHEME["indicators"]}
        if not inds or any(i.get("figure") not in known or not isinstance(i.get("weight"), (int, float)) for i in inds):
            raise LedgerError("评估指标不完整：每项要有名称、权重和对应数据")
        if sum(i["weight"] for i in inds) != 100:
            raise LedgerError("评估指标的权重合计应为 100 分")
        out["indicators"] = inds
    if "grades" in custom:
        cuts = [c for _, c in custom["grades"]]
        if len(cuts) != 4 or cuts != sorted(cuts, reverse=True) or len(set(cuts)) != 4 or cuts[-1] != 0:
            raise LedgerError("等次分数线应从高到低排列（如 90、80、60），最低一档为 0")
        if cuts[0] > 100:
            raise LedgerError("等次分数线不能高于 100 分")
        out["grades"] = custom["grades"]
    if "veto" in custom:
        out["veto"] = custom["veto"]
    return out


def scheme_of(custom: dict[str, Any] | None) -> dict[str, Any]:
    return {**DEFAULT_SCHEME, **(custom or {})}


@dataclass
class Evaluation:
    score: float
    grade: str
    lines: list[tuple[str, float]] = field(default_factory=list)  # (说明, 分值: + earned, − deducted)
    veto: list[str] = field(default_factory=list)


def _capped(n: int, per: float, cap: float) -> float:
    return min(n * per, cap)


def evaluate(facts: dict[str, Any], scheme: dict[str, Any]) -> Evaluation:
    """``facts``: rate_by_problem, rate_by_measure, quality (0–100), overdue, mismatches,
    missed_milestones, escalations, last_step (bool). Pure: the dashboard and the
    exports compute the same grade from the same facts."""
    s = scheme_of(scheme)
    lines: list[tuple[str, float]] = []
    total = 0.0
    for ind in s["indicators"]:
        rate = float(facts.get(ind["figure"], 0) or 0)
        got = round(ind["weight"] * rate / 100, 2)
        total += got
        lines.append((f"{ind['name']} {rate:g}%，满分{ind['weight']}分，得{got:g}分", got))
    for key, per, cap, text in (
        ("overdue", "per_overdue", "overdue_cap", "逾期未完成措施 {n} 条，每条扣{p:g}分（最多{c:g}分）"),
        ("mismatches", "per_mismatch", "mismatch_cap", "回头看抽查与销号情况不符 {n} 项，每项扣{p:g}分（最多{c:g}分）"),
        ("missed_milestones", "per_milestone", "milestone_cap", "整改时间节点逾期 {n} 个，每个扣{p:g}分（最多{c:g}分）"),
        ("escalations", "per_escalation", "escalation_cap", "督办逾期未答复升级 {n} 次，每次扣{p:g}分（最多{c:g}分）"),
    ):
        n = int(facts.get(key, 0) or 0)
        if n:
            d = _capped(n, s[per], s[cap])
            total -= d
            lines.append((text.format(n=n, p=s[per], c=s[cap]) + f"，扣{d:g}分", -d))
    veto = []
    v = s.get("veto") or {}
    if v.get("mismatch_at_least") and int(facts.get("mismatches", 0) or 0) >= v["mismatch_at_least"]:
        veto.append(f"回头看抽查不符达到 {v['mismatch_at_least']} 项（一票否决）")
    if v.get("last_step_reached") and facts.get("last_step"):
        veto.append("督办已升级到最后一步（一票否决）")
    score = max(0.0, round(total, 2))
    grade = next((g for g, cut in s["grades"] if score >= cut), s["grades"][-1][0])
    if veto:
        grade = s["grades"][-1][0]
    return Evaluation(score, grade, lines, veto)
