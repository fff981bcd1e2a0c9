"""Stored corrections as a yardstick for the parser: does a new parse still reach what the clerk made of it?

Pure Python (no Django), so the replay test and benchmarks/correction_examples.py
can run on an export (``zhenggai export-corrections``) or on the hand-made
examples under tests/. An example names its document by file name
(``document``) or by hash (``document_sha256``, matched against the files of a
directory), since the export keeps only the hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import outline_edits


@dataclass
class Score:
    examples: int = 0
    raw: int = 0  # the parser alone gives the clerk's outline
    replayed: int = 0  # the clerk's operations on the new parse give it
    missing: list[str] = field(default_factory=list)  # examples whose document was not found
    failures: list[str] = field(default_factory=list)  # neither raw nor replayed

    def summary(self) -> str:
        return (f"{self.examples} 个更正样例：解析程序不经更正即正确 {self.raw} 个，"
                f"重放更正后正确 {self.replayed} 个，仍不一致 {len(self.failures)} 个，缺文档 {len(self.missing)} 个")


def load(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return list(data["examples"] if isinstance(data, dict) else data)


def _by_hash(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.suffix.lower() in (".docx", ".txt", ".md"):
            found[hashlib.sha256(p.read_bytes()).hexdigest()] = p
    return found


def parsed_findings(path: Path) -> outline_edits.Tree:
    from zhenggai.parsing import parse_file

    reports = parse_file(path)
    return [f.to_dict() for f in reports[0].findings] if reports else []


def evaluate(examples: list[dict[str, Any]], folder: str | os.PathLike[str]) -> Score:
    folder = Path(folder)
    hashes: dict[str, Path] | None = None
    score = Score()
    for i, example in enumerate(examples, 1):
        name = example.get("document") or example.get("file_name") or f"第 {i} 个"
        path = folder / example["document"] if example.get("document") else None
        if path is None or not path.exists():
            hashes = _by_hash(folder) if hashes is None else hashes
            path = hashes.get(example.get("document_sha256") or "")
        if path is None:
            score.missing.append(name)
            continue
        score.examples += 1
        verdict = outline_edits.judge(example, parsed_findings(path))
        score.raw += verdict["raw"]
        score.replayed += verdict["replayed"]
        if not (verdict["raw"] or verdict["replayed"]):
            score.failures.append(name)
    return score
