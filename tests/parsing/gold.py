"""Comparing parser output with hand-checked gold (tests and the score script).

Two kinds of gold: the full hand-parsed examples in ../shared/schema/examples
and the outlines in corpus_expected/ (title prefixes and counts only, so no
corpus prose is stored in this repository).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SHARED = (HERE / ".." / ".." / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
EXAMPLES = SHARED / "schema" / "examples"
EXPECTED = HERE / "corpus_expected"


def outline(findings: list[dict[str, Any]], prefix: int = 8) -> list[dict[str, Any]]:
    """The gold outline form of a findings tree."""
    return [
        {"t": f["title"][:prefix], "status": f.get("status"), "m": len(f.get("measures") or []),
         "c": outline(f.get("children") or [], prefix)}
        for f in findings
    ]


def flatten(tree: list[dict[str, Any]], depth: int = 0) -> list[tuple[int, str, Any, int]]:
    out = []
    for n in tree:
        out.append((depth, n["t"], n["status"], n["m"]))
        out.extend(flatten(n["c"], depth + 1))
    return out


def load_gold() -> dict[str, list[dict[str, Any]]]:
    """source file name → expected reports (outline form)."""
    gold: dict[str, list[dict[str, Any]]] = {}
    if EXAMPLES.is_dir():
        for p in sorted(EXAMPLES.glob("*.json")):
            data = json.loads(p.read_text(encoding="utf-8"))
            reports = data if isinstance(data, list) else [data]
            gold[p.stem + ".txt"] = [
                {
                    "title_prefix": r["title"][:8] if r["title"] else None,
                    "organization": r["organization"],
                    "inspection": r["inspection"],
                    "statistics": r["statistics"],
                    "contact": {
                        "phone": r["contact"]["phone"], "email": r["contact"]["email"],
                        "postcode": r["contact"]["postcode"], "has_address": r["contact"]["address"] is not None,
                    },
                    "outline": outline(r["findings"]),
                    "full": r,
                }
                for r in reports
            ]
    for p in sorted(EXPECTED.glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        gold.setdefault(data["source"], data["reports"])
    return gold


def compare(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """Field-by-field agreement between one expected and one parsed report."""
    res: dict[str, Any] = {}
    res["title"] = expected["title_prefix"] == (got["title"][:8] if got["title"] else None)
    if "organization" in expected:
        res["organization"] = expected["organization"] == got["organization"]
    else:
        res["organization"] = expected["organization_prefix"] == (got["organization"] or "")[:12]
    for k, v in expected["inspection"].items():
        res[f"inspection.{k}"] = got["inspection"].get(k) == v
    for k, v in expected["statistics"].items():
        res[f"statistics.{k}"] = got["statistics"].get(k) == v
    c = expected["contact"]
    res["contact.phone"] = c["phone"] == got["contact"]["phone"]
    res["contact.email"] = c["email"] == got["contact"]["email"]
    res["contact.postcode"] = c["postcode"] == got["contact"]["postcode"]
    res["contact.address"] = c["has_address"] == (got["contact"]["address"] is not None)
    exp_flat = flatten(expected["outline"])
    got_flat = flatten(outline(got["findings"]))
    res["tree.exact"] = [(d, t) for d, t, _, _ in exp_flat] == [(d, t) for d, t, _, _ in got_flat]
    # Node-level agreement by position in the aligned sequence of (depth, title).
    matched = _align(exp_flat, got_flat)
    res["tree.nodes"] = (len(matched), len(exp_flat), len(got_flat))
    res["tree.measures"] = sum(1 for a, b in matched if a[3] == b[3])
    res["tree.status"] = sum(1 for a, b in matched if a[2] == b[2])
    return res


def _align(a: list, b: list) -> list[tuple]:
    """Longest common subsequence of nodes by (depth, title prefix)."""
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if a[i][:2] == b[j][:2]:
                dp[i][j] = dp[i + 1][j + 1] + 1
            else:
                dp[i][j] = max(dp[i + 1][j], dp[i][j + 1])
    out = []
    i = j = 0
    while i < n and j < m:
        if a[i][:2] == b[j][:2]:
            out.append((a[i], b[j]))
            i += 1
            j += 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return out
