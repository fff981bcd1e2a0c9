"""Corpus availability, said loudly when it is missing."""

from __future__ import annotations

import pytest

from .gold import CORPUS

_missing: list[str] = []


@pytest.fixture(scope="session")
def corpus_files():
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        _missing.append(str(CORPUS))
        pytest.skip(f"语料目录不存在，跳过语料测试 (CORPUS MISSING: {CORPUS})")
    return files


def pytest_terminal_summary(terminalreporter):
    if _missing or not CORPUS.is_dir():
        terminalreporter.write_sep("!", "CORPUS TESTS SKIPPED: ../shared/corpus not found", red=True, bold=True)
