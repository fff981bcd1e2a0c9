"""Parsing speed: over the corpus in MB/s on one core, and on 1 MB and 10 MB inputs.

    .venv/bin/python benchmarks/parse_speed.py [--rounds N] [CORPUS_DIR]

Times are CPU time of this process (one core; the machine may be shared).
Targets (issue 11): at least 15 MB/s on one core over the corpus (reading and
decoding the files included); linear growth — 10× the input in at most 12× the
time; no 1 MB input over 2 s, including long runs of one character class
(ASCII, digits, CJK, punctuation, numbering markers), where a backtracking
pattern would be quadratic. Without the corpus, the 1 MB/10 MB inputs are
built from the test documents in tests/parsing/own_documents.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from zhenggai.parsing import ParseError, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus"
MB = 1024 * 1024


def _time(text: str) -> float:
    t0 = time.process_time()
    try:
        parse_text(text)
    except ParseError:
        pass
    return time.process_time() - t0


def _repeat(seed: str, size: int) -> str:
    """The seed repeated to ``size`` bytes of UTF-8, cut at a line end."""
    unit = len(seed.encode("utf-8"))
    text = seed * (size // unit + 1)
    cut = text.rfind("\n", 0, max(1, int(len(text) * size / (unit * (size // unit + 1)))))
    return text[: cut + 1] if cut > 0 else text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    files = sorted(Path(args.corpus).glob("*.txt"))
    ok = True
    if files:
        size = sum(f.stat().st_size for f in files)
        for f in files:  # warm up imports and regex compilation
            parse_file(f)
        rates = []
        for _ in range(args.rounds):
            t0 = time.process_time()
            n = 0
            for f in files:
                n += len(parse_file(f))
            rates.append(size / (time.process_time() - t0) / 1e6)
        rate = statistics.median(rates)
        print(f"corpus: {len(files)} files, {size / 1e6:.2f} MB, {n} reports")
        print(f"parse speed: median {rate:.2f} MB/s (min {min(rates):.2f}, max {max(rates):.2f}) over {args.rounds} rounds")
        print(f"target >= 15 MB/s on one core: {'met' if rate >= 15 else 'NOT met'}")
        ok &= rate >= 15
        seed = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
    else:
        print(f"no corpus at {args.corpus}: sizes built from the test documents", file=sys.stderr)
        sys.path.insert(0, str(ROOT / "tests"))
        from parsing.own_documents import DOCS  # noqa: PLC0415

        seed = "\n".join(d["text"] for d in DOCS.values())
    one, ten = _repeat(seed, MB), _repeat(seed, 10 * MB)
    t1 = min(_time(one) for _ in range(3))
    t10 = _time(ten)
    print(f"1 MB of reports: {t1:.2f} s ({len(one.encode()) / MB / t1:.1f} MB/s); "
          f"10 MB: {t10:.2f} s ({len(ten.encode()) / MB / t10:.1f} MB/s); ratio {t10 / t1:.1f}× (target ≤ 12×)")
    ok &= t10 / t1 <= 12 and t1 <= 2
    runs = {
        "ASCII letters": "a", "digits": "7", "dots": ".", "letters and dots": "a.", "CJK": "整", "spaces": " ",
        "full-width punctuation": "，", "quotes": "“", "numbering 一、": "一、", "numbering （一）": "（一）",
        "numbering 1.": "1.", "一是": "一是", "short lines": "a\n", "heading lines": "一、问题\n",
    }
    worst = 0.0
    for name, unit in runs.items():
        text = "整改情况：" + unit * (MB // len(unit.encode()))
        t = _time(text)
        worst = max(worst, t)
        print(f"1 MB run of {name}: {t:.2f} s")
    print(f"slowest 1 MB input: {worst:.2f} s (target ≤ 2 s): {'met' if worst <= 2 else 'NOT met'}")
    ok &= worst <= 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
