"""The report as an HTML fragment for the web page (the same partial the preview refreshes)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .compose import Document


def render_html(doc: Document) -> str:
    return render_to_string("reports/_document.html", {"doc": doc})
