"""Reading published rectification reports (整改情况通报/报告).

Pure Python: nothing here imports Django, so the parser can be used from the
command line, from the web system and by other tools alike.

    >>> from zhenggai.parsing import parse_text
    >>> reports = parse_text(open("report.txt", encoding="utf-8").read())
    >>> reports[0].to_dict()["schema"]
    'zhenggai.report/1'
"""

from __future__ import annotations

import os

from .model import Contact, Finding, Inspection, ParseError, Report, Statistics, Task

__all__ = [
    "Contact",
    "Finding",
    "Inspection",
    "ParseError",
    "Report",
    "Statistics",
    "Task",
    "parse_file",
    "parse_text",
]


def parse_text(text: str, source: str | None = None) -> list[Report]:
    """Parse a document's text into one report per report it holds.

    Raises ParseError when the text holds no report at all.
    """
    from .document import parse_document

    return parse_document(text, source)


def parse_file(path: str | os.PathLike[str]) -> list[Report]:
    """Read a .txt/.md/.docx file (any common Chinese encoding) and parse it."""
    from .reading import read_document

    text = read_document(path)
    try:
        return parse_text(text, source=os.path.basename(os.fspath(path)))
    except ParseError as e:
        raise ParseError(e.message, path=os.fspath(path)) from None
