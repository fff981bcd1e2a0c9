"""Plain text: one paragraph a line, the form the parser and e-mail take."""

from __future__ import annotations

from .compose import Document


def render_text(doc: Document) -> str:
    lines = [doc.title, ""]
    for p in doc.paras:
        if p.role == "h1":
            lines.append("")
        lines.append(p.text)
    return "\n".join(lines).rstrip() + "\n"
