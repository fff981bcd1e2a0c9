"""The one date field of every form: people type dates as they write them, and see the date it means.

Used by the ledger, workflow (extensions, 长期坚持 review, look-backs), outcomes and report forms.
A plain text box (a browser date picker refuses 2026年12月底); as the user types, HTMX asks
``ledger:date_hint`` and shows the date understood next to the box, so it is confirmed before saving.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse

from .values import ValueProblem, parse_date

PLACEHOLDER = "如 2026-12-31、2026年12月底、6月30日前、年底"
WEEKDAYS = "一二三四五六日"


def spoken(day: dt.date) -> str:
    """2026年12月31日（星期四）: how the date understood is shown back."""
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


class DateTextInput(forms.TextInput):
    """A text box with a live 即 … hint next to it."""

    template_name = "ledger/widgets/date_text.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"placeholder": PLACEHOLDER, "autocomplete": "off", "class": "date-text", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["hint_url"] = reverse("ledger:date_hint")
        return context


class ChineseDateField(forms.CharField):
    """Accepts 2026-12-31 and what people type: 2026年12月底, 6月30日前, 年底, 三季度末, 上半年…"""

    widget = DateTextInput

    def __init__(self, *args, **kwargs) -> None:
        kwargs.pop("widget", None)  # always the text box: a date picker cannot take 年底
        super().__init__(*args, widget=DateTextInput(), **kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        value = super().to_python(value)
        try:
            return parse_date(value)
        except ValueProblem as e:
            raise forms.ValidationError(str(e)) from None


def hint(text: str, today: dt.date | None = None) -> tuple[bool, str]:
    """(understood, what to show) for the live hint."""
    if not (text or "").strip():
        return True, ""
    try:
        day = parse_date(text, today)
    except ValueProblem as e:
        return False, str(e)
    return True, f"即 {spoken(day)}"
