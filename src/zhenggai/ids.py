"""Ids as a browser sends them: only ASCII digits within the range of the database's id columns.

A form or URL may carry anything: "abc", "３" (full-width), "²" (which str.isdigit accepts but int
refuses) or 99999999999999999999 (SQLite raises OverflowError, PostgreSQL "out of range"). Every
such value is "no such object", never a server error.
"""

from __future__ import annotations

from django import forms

MAX_ID = 2**63 - 1  # BigAutoField


def as_id(value: object) -> int | None:
    """The id ``value`` names, or None when it cannot name a stored row."""
    text = str(value).strip() if value is not None else ""
    if not text or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids out of range up front (its own check lets them reach the database)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value if isinstance(value, (list, tuple)) else [value]:
                if str(pk).strip() and as_id(pk) is None:
                    raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                                params={"pk": str(pk)[:20]})
        return super()._check_values(value)
