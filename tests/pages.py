"""What a browser would post: the version token a form carries when its page is opened."""

from __future__ import annotations

import html
import re

_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
_VERSION = re.compile(r'<input\b[^>]*\bname="version"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')


def version_on(client, page_url: str, action: str | None = None) -> str:
    """The version in the form posting to ``action`` (the first form with one if None) on ``page_url``."""
    body = client.get(page_url).content.decode()
    for form in _FORM.findall(body):
        if action is not None and f'action="{action}"' not in form.split(">", 1)[0]:
            continue
        field = _VERSION.search(form)
        if field:
            value = _VALUE.search(field.group(0))
            return html.unescape(value.group(1)) if value else ""
    raise AssertionError(f"no form with a version on {page_url} (action {action})")
