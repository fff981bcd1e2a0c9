"""整改成效评估: a 100-point scheme per unit and round, every deduction explained.

The scheme is data (RoundSettings.scheme overrides DEFAULT_SCHEME key by key): indicators
with weights scaled by a rate, deductions per quality flag, per overdue measure, per
sampling mismatch and per missed milestone (each capped), veto items that set the grade to
差 whatever the points, and the cut-offs of 好/较好/一般/差.

群众满意度 (public satisfaction, 码上监督's 满意 / 基本满意 / 不满意) is an indicator of its own
because offices score it so (满意度测评 is one of a city's five indicators) and a public 差
can veto a unit (江津 群众评判). A handful of ratings says little, so below ``min_ratings``
the indicator is left out and the other indicators are scaled to 100 points (a unit the
public has not rated is scored exactly as without the indicator); above it the 满意率
scales its weight, a 不满意 share above ``deduct_above_percent`` costs ``deduction`` points,
and one above ``veto_above_percent`` (when set) makes the grade 差.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SCHEME: dict[str, Any] = {
    "indicators": [  # name, weight, the figure (a 0–100 rate) that scales it
        # 40 : 30 : 30 of the 90 points left by 群众满意度, so that a unit not (yet) rated scores as before.
        {"name": "问题整改完成率", "weight": 36, "figure": "rate_by_problem"},
        {"name": "措施完成率", "weight": 27, "figure": "rate_by_measure"},
        {"name": "整改质量", "weight": 27, "figure": "quality"},
    ],
    "satisfaction": {
        "name": "群众满意度", "weight": 10,  # scaled by 满意率 (满意 + 基本满意 over all ratings)
        "min_ratings": 10,  # fewer ratings: not counted, the other indicators scaled to 100
        "deduct_above_percent": 20, "deduction": 5,  # 不满意 above this share costs these points
        "veto_above_percent": 50,  # 不满意 above this share: 差 (None: no veto)
    },
    "per_overdue": 1, "overdue_cap": 10,
    "per_mismatch": 5, "mismatch_cap": 20,
    "per_milestone": 5, "milestone_cap": 15,
    "per_escalation": 2, "escalation_cap": 10,
    "veto": {"mismatch_at_least": 3, "last_step_reached": True},
    "grades": [["好", 90], ["较好", 80], ["一般", 60], ["差", 0]],
}


SETTABLE = ("per_overdue", "overdue_cap", "per_mismatch", "mismatch_cap", "per_milestone", "milestone_cap",
            "per_escalation", "escalation_cap")


SATISFACTION_KEYS = ("weight", "min_ratings", "deduct_above_percent", "deduction", "veto_above_percent")


def _satisfaction(custom: dict[str, Any]) -> dict[str, Any]:
    from zhenggai.ledger.models import LedgerError

    got = custom.get("satisfaction")
    if not isinstance(got, dict):
        raise LedgerError("群众满意度设置不完整")
    out = {**DEFAULT_SCHEME["satisfaction"]}
    for key in SATISFACTION_KEYS:
        if key not in got:
            continue
        v = got[key]
        if v is None and key == "veto_above_percent":
            out[key] = None
            continue
        if (not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v < 0
                or v > (10000 if key == "min_ratings" else 100)):
            raise LedgerError("群众满意度的分值、条数和比例应为不小于 0 的数（比例不超过 100%）")
        out[key] = v
    if out["veto_above_percent"] is not None and out["veto_above_percent"] < out["deduct_above_percent"]:
        raise LedgerError("群众满意度：一票否决的不满意比例应不低于扣分的比例")
    return out


def validate_scheme(custom: dict[str, Any]) -> dict[str, Any]:
    """A scheme override checked whole: weights that add up to 100, numbers ≥ 0, cut-offs falling."""
    from zhenggai.ledger.models import LedgerError

    out: dict[str, Any] = {}
    if "satisfaction" in custom:
        out["satisfaction"] = _satisfaction(custom)
    for key in SETTABLE:
        if key in custom:
            v = custom[key]
            if not isinstance(v, (int, float)) or not 0 <= v <= 100:  # written so that NaN fails too
                raise LedgerError("扣分标准应为 0 至 100 之间的数")
            out[key] = v
    if "indicators" in custom:
        inds = custom["indicators"]
        known = {i["figure"] for i in DEFAULT_SCHEME["indicators"]}
        if not inds or any(i.get("figure") not in known or not isinstance(i.get("weight"), (int, float))
                           or not math.isfinite(i["weight"]) or i["weight"] < 0 for i in inds):
            raise LedgerError("评估指标不完整：每项要有名称、权重和对应数据")
        out["indicators"] = inds
        if "satisfaction" not in out:  # the indicators given alone: 群众满意度 takes what they leave of 100
            rest = 100 - sum(i["weight"] for i in inds)
            out["satisfaction"] = {**DEFAULT_SCHEME["satisfaction"], "weight": max(0, rest)}
    if "indicators" in out or "satisfaction" in out:
        inds = out.get("indicators", DEFAULT_SCHEME["indicators"])
        sat = out.get("satisfaction", DEFAULT_SCHEME["satisfaction"])
        if sum(i["weight"] for i in inds) + sat["weight"] != 100:
            raise LedgerError(f"评估指标的权重合计应为 100 分（含{sat['name']} {sat['weight']:g} 分）")
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
    s = {**DEFAULT_SCHEME, **(custom or {})}
    s["satisfaction"] = {**DEFAULT_SCHEME["satisfaction"], **(s.get("satisfaction") or {})}
    if custom and "indicators" in custom and "satisfaction" not in custom:
        # A scheme saved before 群众满意度 existed: its indicators make 100 on their own.
        s["satisfaction"]["weight"] = max(0, 100 - sum(i["weight"] for i in custom["indicators"]))
    return s


@dataclass
class Evaluation:
    score: float
    grade: str
    lines: list[tuple[str, float]] = field(default_factory=list)  # (说明, 分值: + earned, − deducted)
    veto: list[str] = field(default_factory=list)


def _capped(n: int, per: float, cap: float) -> float:
    return min(n * per, cap)


def _share(part: int, whole: int) -> float:
    from zhenggai.ledger.figures import completion_rate

    return float(completion_rate(part, whole))


def evaluate(facts: dict[str, Any], scheme: dict[str, Any]) -> Evaluation:
    """``facts``: rate_by_problem, rate_by_measure, quality (0–100), overdue, mismatches,
    missed_milestones, escalations, last_step (bool), ratings and ratings_satisfied /
    _basic / _unsatisfied (码上监督). Pure: the dashboard and the exports compute the same
    grade from the same facts."""
    s = scheme_of(scheme)
    lines: list[tuple[str, float]] = []
    total = 0.0
    possible = 0.0
    for ind in s["indicators"]:
        rate = float(facts.get(ind["figure"], 0) or 0)
        got = round(ind["weight"] * rate / 100, 2)
        total += got
        possible += ind["weight"]
        lines.append((f"{ind['name']} {rate:g}%，满分{ind['weight']}分，得{got:g}分", got))
    sat = s["satisfaction"]
    rated = int(facts.get("ratings", 0) or 0)
    unsatisfied = int(facts.get("ratings_unsatisfied", 0) or 0)
    counted = bool(sat["weight"]) and rated >= max(1, sat["min_ratings"])
    if counted:
        rate = _share(int(facts.get("ratings_satisfied", 0) or 0) + int(facts.get("ratings_basic", 0) or 0), rated)
        got = round(sat["weight"] * rate / 100, 2)
        total += got
        possible += sat["weight"]
        lines.append((f"{sat['name']}：群众评价 {rated} 条，满意和基本满意占 {rate:g}%，满分{sat['weight']:g}分，得{got:g}分", got))
    elif sat["weight"]:
        if possible:
            scaled = round(total * (possible + sat["weight"]) / possible, 2)
            lines.append((f"{sat['name']}：群众评价 {rated} 条，不足 {sat['min_ratings']:g} 条，本项不计分，"
                          f"其余指标得分{total:g}分按满分{possible:g}分折算为百分制，加{scaled - total:g}分", round(scaled - total, 2)))
            total = scaled
    ushare = _share(unsatisfied, rated)
    if counted and sat["deduction"] and ushare > sat["deduct_above_percent"]:
        total -= sat["deduction"]
        lines.append((f"群众评价“不满意” {unsatisfied} 条，占 {ushare:g}%，超过 {sat['deduct_above_percent']:g}%，"
                      f"扣{sat['deduction']:g}分", -float(sat["deduction"])))
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
    if counted and sat["veto_above_percent"] is not None and ushare > sat["veto_above_percent"]:
        veto.append(f"群众评价“不满意”占 {ushare:g}%，超过 {sat['veto_above_percent']:g}%（一票否决）")
    score = max(0.0, round(total, 2))
    grade = next((g for g, cut in s["grades"] if score >= cut), s["grades"][-1][0])
    if veto:
        grade = s["grades"][-1][0]
    return Evaluation(score, grade, lines, veto)
