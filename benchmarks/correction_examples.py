"""How many stored correction examples the current parser gets right without corrections.

    python benchmarks/correction_examples.py                       # the hand-made examples in tests/
    python benchmarks/correction_examples.py 导出.json 文档目录/     # an export of zhenggai export-corrections

Prints the count reached by the parser alone and by replaying the clerk's
operations; a later parser version should raise the first without lowering
the second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from zhenggai.ledger import correction_examples

HERE = Path(__file__).resolve().parent.parent / "tests" / "ledger" / "corrections"


def main(argv: list[str]) -> int:
    examples_file = Path(argv[0]) if argv else HERE / "examples.json"
    folder = Path(argv[1]) if len(argv) > 1 else examples_file.parent
    started = time.perf_counter()
    score = correction_examples.evaluate(correction_examples.load(examples_file), folder)
    print(score.summary())
    if score.examples:
        print(f"不经更正即正确：{score.raw / score.examples:.0%}；重放更正后正确：{score.replayed / score.examples:.0%}")
    for name in score.failures:
        print(f"  仍不一致：{name}")
    for name in score.missing:
        print(f"  缺文档：{name}")
    print(f"用时 {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
