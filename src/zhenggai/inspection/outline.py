"""The feedback as a 巡视巡察组 writes it: an outline of aspects, problems and their descriptions.

Pure Python (no Django): the draft's text form, read back into a tree and written out again,
so the group edits plain text and the system keeps structure.

    一、落实主体责任方面            ← an aspect (一、 二、 …)
    1.议事规则执行不严。            ← a problem (1. 1、 （1） …)
    班子会议记录不全……              ← the problem's description (unnumbered lines)
    意见建议：                      ← the rest, one per line, are suggestions
    问题线索：                      ← the rest, one per line, are transferred leads
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ASPECT = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$")
_PROBLEM = re.compile(r"^\s*(?:[（(]\s*(\d{1,3})\s*[)）]|(\d{1,3})\s*[、.．](?!\d))\s*(.+)$")
_SECTION = re.compile(r"^\s*(意见建议|整改建议|问题线索|移交问题线索)\s*[:：]?\s*$")
MAX_LINES = 5000


@dataclass
class Problem:
    title: str
    description: list[str] = field(default_factory=list)


@dataclass
class Aspect:
    title: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Feedback:
    aspects: list[Aspect] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return sum(len(a.problems) for a in self.aspects)

    def to_json(self) -> dict:
        return {
            "aspects": [{"title": a.title, "problems": [{"title": p.title, "description": "\n".join(p.description)}
                                                        for p in a.problems]} for a in self.aspects],
            "suggestions": self.suggestions, "leads": self.leads,
        }

    @classmethod
    def from_json(cls, data: dict) -> Feedback:
        return cls(
            [Aspect(a["title"], [Problem(p["title"], [d for d in p.get("description", "").split("\n") if d])
                                 for p in a.get("problems", [])]) for a in data.get("aspects", [])],
            list(data.get("suggestions", [])), list(data.get("leads", [])),
        )


class OutlineError(ValueError):
    """The outline cannot be read; the message says where, in Chinese."""


def read(text: str) -> Feedback:
    lines = [ln.strip() for ln in (text or "").splitlines()]
    if len(lines) > MAX_LINES:
        raise OutlineError(f"反馈意见最多 {MAX_LINES} 行")
    fb = Feedback()
    section = "findings"
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        m = _SECTION.match(line)
        if m:
            section = "leads" if "线索" in m.group(1) else "suggestions"
            continue
        if section != "findings":
            getattr(fb, section).append(re.sub(r"^\s*(?:\d{1,3}\s*[、.．]|[（(]\d{1,3}[)）])\s*", "", line))
            continue
        m = _ASPECT.match(line)
        if m:
            if len(fb.aspects) >= 99:
                raise OutlineError("反馈意见最多 99 个方面")
            fb.aspects.append(Aspect(m.group(2).strip()))
            continue
        m = _PROBLEM.match(line)
        if m:
            if not fb.aspects:
                fb.aspects.append(Aspect("反馈问题"))
            fb.aspects[-1].problems.append(Problem(m.group(3).strip()))
            continue
        if fb.aspects and fb.aspects[-1].problems:
            fb.aspects[-1].problems[-1].description.append(line)
        else:
            raise OutlineError(f"第 {number} 行：“{line[:20]}”之前还没有方面或问题（方面以“一、”开头，问题以“1.”开头）")
    return fb


def write(fb: Feedback) -> str:
    """The outline text of a tree, so that read(write(x)) == x."""
    digits = "一二三四五六七八九十"

    def cn(n: int) -> str:
        if n <= 10:
            return digits[n - 1]
        if n < 20:
            return "十" + (digits[n - 11] if n > 10 else "")
        tens, ones = divmod(n, 10)
        return digits[tens - 1] + "十" + (digits[ones - 1] if ones else "")

    out: list[str] = []
    for i, a in enumerate(fb.aspects, start=1):
        out.append(f"{cn(i)}、{a.title}")
        for j, p in enumerate(a.problems, start=1):
            out.append(f"{j}.{p.title}")
            out.extend(p.description)
    if fb.suggestions:
        out.append("意见建议：")
        out.extend(f"{i}.{s}" for i, s in enumerate(fb.suggestions, start=1))
    if fb.leads:
        out.append("问题线索：")
        out.extend(f"{i}.{s}" for i, s in enumerate(fb.leads, start=1))
    return "\n".join(out)
