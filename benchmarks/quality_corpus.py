"""Quality checks over the corpus: hits per rule, and the hand review of a sample.

    .venv/bin/python benchmarks/quality_corpus.py [CORPUS_DIR]            # the README table
    .venv/bin/python benchmarks/quality_corpus.py --sample 50 [--seed 1]  # flags to review, with their text
    .venv/bin/python benchmarks/quality_corpus.py --review                # share accepted in quality_review.json

The sample is printed with the corpus text so that a person can judge each
flag; only the verdicts (file, node number, measure number, rule, yes/no and a
note in our own words) are kept, in quality_review.json beside this script.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from zhenggai.parsing import ParseError, parse_file
from zhenggai.quality import RULES, Checked, check_report

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REVIEW = Path(__file__).with_name("quality_review.json")


def check_corpus(corpus: Path) -> list[tuple[str, int, Checked]]:
    """(file name, report number in the file, result) for every report of the corpus."""
    out = []
    for path in sorted(corpus.glob("*.txt")):
        try:
            reports = parse_file(path)
        except ParseError:
            continue
        for k, report in enumerate(reports):
            out.append((path.name, k, check_report(report, path.name)))
    return out


def flag_key(name: str, k: int, flag) -> str:
    return f"{name}#{k}:{'-' if flag.item is None else flag.item}:{'-' if flag.measure is None else flag.measure}:{flag.rule}"


def table(results: list[tuple[str, int, Checked]]) -> str:
    hits: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    for _, _, checked in results:
        codes = [f.rule for f in checked.flags]
        hits.update(codes)
        reports.update(set(codes))
    measures = sum(len(it.measures) for _, _, c in results for it in c.subject.items)
    lines = [
        f"| 规则 rule | 名称 | 命中 hits | 涉及报告 reports |",
        "|---|---|---:|---:|",
    ]
    for code, rule in RULES.items():
        lines.append(f"| `{code}` | {rule.name} | {hits[code]} | {reports[code]} |")
    lines.append(f"| 合计 total | {len(results)} 篇报告、{measures} 条措施 | {sum(hits.values())} | "
                 f"{sum(1 for _, _, c in results if c.flags)} |")
    scores = sorted(c.score.value for _, _, c in results)
    lines.append("")
    lines.append(f"报告得分 scores: 最低 {scores[0]}，中位数 {scores[len(scores) // 2]}，最高 {scores[-1]}。")
    return "\n".join(lines)


def sample(results, n: int, seed: int) -> None:
    flags = [(name, k, c, f) for name, k, c in results for f in c.flags]
    rng = random.Random(seed)
    chosen = rng.sample(flags, min(n, len(flags)))
    for name, k, checked, f in sorted(chosen, key=lambda t: flag_key(t[0], t[1], t[3])):
        print("=" * 100)
        print(flag_key(name, k, f))
        print("MESSAGE:", f.message)
        if f.item is not None:
            item = checked.subject.items[f.item]
            print("CONTEXT:", " / ".join(item.context))
            print("TITLE:", item.finding, "| status:", item.status)
            for j, m in enumerate(item.measures):
                print(f"  {'>>' if j == f.measure else '  '} [{j}] {m}")


def review(results) -> int:
    verdicts = json.loads(REVIEW.read_text(encoding="utf-8"))
    current = {flag_key(name, k, f) for name, k, c in results for f in c.flags}
    per_rule: dict[str, Counter] = {}
    stale = 0
    for key, v in verdicts.items():
        if key not in current:
            stale += 1
            continue
        per_rule.setdefault(key.rsplit(":", 1)[1], Counter())[v["accepted"]] += 1
    print("| 规则 rule | 抽查 reviewed | 认可 accepted |")
    print("|---|---:|---:|")
    total = Counter()
    for code in RULES:
        c = per_rule.get(code, Counter())
        total.update(c)
        print(f"| `{code}` | {c[True] + c[False]} | {c[True]} |")
    n = total[True] + total[False]
    print(f"| 合计 total | {n} | {total[True]}（{100 * total[True] / max(1, n):.0f}%） |")
    if stale:
        print(f"\n（{stale} 条审阅记录对应的标记已不再出现）", file=sys.stderr)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--sample", type=int, metavar="N")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--review", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not any(corpus.glob("*.txt")):
        print(f"SKIPPED: no corpus at {corpus}", file=sys.stderr)
        return 0
    results = check_corpus(corpus)
    if args.sample:
        sample(results, args.sample, args.seed)
    elif args.review:
        return review(results)
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
