"""The README's table of hits per rule is what benchmarks/quality_corpus.py prints over the corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..parsing.gold import CORPUS

ROOT = Path(__file__).resolve().parents[2]


def test_readme_table_matches_the_script_over_the_corpus():
    if not any(CORPUS.glob("*.txt")):
        pytest.skip(f"语料目录不存在，跳过质量体检语料表 (CORPUS MISSING: {CORPUS})")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "quality_corpus.py"), str(CORPUS)],
        capture_output=True, text=True, env=env, check=True,
    ).stdout.strip()
    assert "| `copy_paste` |" in out and "合计 total" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert out in readme, "README 中的质量体检语料表与脚本输出不一致：请运行 benchmarks/quality_corpus.py 并更新 README"
