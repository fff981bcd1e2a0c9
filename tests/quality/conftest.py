"""The corpus table test needs ../shared/corpus; say so loudly when it is missing."""

from __future__ import annotations

from ..parsing.gold import CORPUS


def pytest_terminal_summary(terminalreporter):
    if not CORPUS.is_dir():
        terminalreporter.write_sep("!", "QUALITY CORPUS TABLE SKIPPED: ../shared/corpus not found", red=True, bold=True)
