"""Parsing speed over the whole corpus, in MB of input per second on one core.

    .venv/bin/python benchmarks/parse_speed.py [--rounds N] [CORPUS_DIR]

Target (issue 2): at least 5 MB/s. Reading and decoding the files is included.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from zhenggai.parsing import parse_file

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    files = sorted(Path(args.corpus).glob("*.txt"))
    if not files:
        print(f"SKIPPED: no corpus at {args.corpus}", file=sys.stderr)
        return 0
    size = sum(f.stat().st_size for f in files)
    for f in files:  # warm up imports and regex compilation
        parse_file(f)
    rates = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        n = 0
        for f in files:
            n += len(parse_file(f))
        dt = time.perf_counter() - t0
        rates.append(size / dt / 1e6)
    print(f"corpus: {len(files)} files, {size / 1e6:.2f} MB, {n} reports")
    print(f"parse speed: median {statistics.median(rates):.2f} MB/s (min {min(rates):.2f}, max {max(rates):.2f}) over {args.rounds} rounds")
    print(f"target: >= 5 MB/s — {'met' if statistics.median(rates) >= 5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
