"""Scale of the analysis: 100,000 problem titles grouped and classified; 1,000 reports checked.

    .venv/bin/python benchmarks/analyze.py [--titles 100000] [--reports 1000] [CORPUS_DIR]

Targets (issue 10): each part < 60 s on 2 cores, memory < 4 GB. The data are
synthetic, recombined at run time from phrases of the corpus (a title's subject
with another title's shortcoming, measures of different reports under new
headings) and never stored. Prints time and peak RSS of this process.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from zhenggai.analysis import Taxonomy, group_titles
from zhenggai.analysis.normalise import core
from zhenggai.parsing import ParseError, parse_file

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SHORTCOMING = re.compile(r"(不够|不到位|不严|不实|不足|不规范|不及时|不彻底|不力|未|缺乏|有差距|存在|流于|落实不|执行不|薄弱)")
WRAPPERS = ["关于“{}”问题", "针对{}的问题", "{}", "关于{}问题的整改情况", "{}问题"]


def peak_rss_mb() -> float:
    """The largest of this process and its worker processes (each counted on its own)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def corpus_parts(corpus: Path):
    """Subjects, shortcomings, aspect titles and measures of the corpus, in memory only."""
    subjects, defects, aspects, measures = set(), set(), set(), []
    for path in sorted(corpus.glob("*.txt")):
        try:
            reports = parse_file(path)
        except ParseError:
            continue
        for report in reports:
            aspects.update(f.title for f in report.findings if f.children)
            for f in report.all_findings():
                measures.extend(f.measures)
                if f.children:
                    continue
                for clause in re.split(r"[，,、；;。]", core(f.title)):
                    m = SHORTCOMING.search(clause)
                    if m and m.start() >= 2:
                        subjects.add(clause[: m.start()])
                        defects.add(clause[m.start():])
    return sorted(subjects), sorted(defects), sorted(aspects), measures


def synthetic_titles(n: int, subjects, defects, rng: random.Random) -> list[str]:
    titles = []
    for _ in range(n):
        text = rng.choice(subjects) + rng.choice(defects)
        if rng.random() < 0.3:
            text += "，" + rng.choice(subjects) + rng.choice(defects)
        titles.append(rng.choice(WRAPPERS).format(text))
    return titles


def synthetic_report(k: int, titles, aspects, measures, rng: random.Random) -> str:
    lines = [f"中共合成第{k}局党组关于巡察整改情况的通报", "现将巡察整改情况予以公布。", "一、巡察反馈问题整改落实情况"]
    problems = 0
    for a in range(rng.randint(3, 5)):
        lines.append(f"（{'一二三四五'[a]}）{rng.choice(aspects)}")
        for _ in range(rng.randint(3, 8)):
            problems += 1
            lines.append(f"{problems}.{rng.choice(titles)}")
            chosen = rng.sample(measures, rng.randint(1, 4))
            lines.append("整改情况：" + "".join(f"{'一二三四'[i]}是{m.lstrip('一二三四五六七八九十是（）()0123456789.、①②③④')}"
                                              for i, m in enumerate(chosen)))
    lines.append("二、下一步工作打算")
    lines.append("持续巩固整改成果。")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--titles", type=int, default=100_000)
    ap.add_argument("--reports", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not any(corpus.glob("*.txt")):
        print(f"SKIPPED: no corpus at {corpus}", file=sys.stderr)
        return 0
    rng = random.Random(args.seed)
    subjects, defects, aspects, measures = corpus_parts(corpus)
    titles = synthetic_titles(args.titles, subjects, defects, rng)
    print(f"{len(subjects)} subjects × {len(defects)} shortcomings from the corpus → {len(titles):,} titles")

    start, cpu = time.perf_counter(), cpu_seconds()
    groups = group_titles(titles)
    grouped = time.perf_counter() - start
    taxonomy = Taxonomy.load()
    classes = taxonomy.classify_many(titles)
    total, total_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    by_keyword = sum(c.method == "keyword" for c in classes)
    print(f"group + classify {len(titles):,} titles: {total:.1f} s wall, {total_cpu:.1f} s CPU (grouping {grouped:.1f} s wall), "
          f"{len(groups):,} groups, {by_keyword:,} by keyword; peak RSS {peak_rss_mb():.0f} MB   (target < 60 s, < 4096 MB)")

    from zhenggai.cli import main as zhenggai

    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.reports):
            Path(tmp, f"r{k:04d}.txt").write_text(synthetic_report(k, titles, aspects, measures, rng), encoding="utf-8")
        start, cpu = time.perf_counter(), cpu_seconds()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = zhenggai(["check", "--json", tmp])
        took, took_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    flags = out.getvalue().count('"rule":')
    print(f"zhenggai check --json over {args.reports:,} reports: {took:.1f} s wall, {took_cpu:.1f} s CPU (exit {status}), "
          f"{flags:,} flags; peak RSS {peak_rss_mb():.0f} MB   (target < 60 s)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (wall time grows with other work on the machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
