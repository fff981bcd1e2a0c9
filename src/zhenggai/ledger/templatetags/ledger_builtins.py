"""Template builtins on every page: ``{{ user|person }}`` (names, never logins) and ``{% date_input %}`` (the date box)."""

from __future__ import annotations

from django import template

from zhenggai.ledger.people import person_name

register = template.Library()


@register.filter
def person(user, default: str = "系统") -> str:
    return person_name(user or None, default)


@register.simple_tag
def date_input(name: str, value: str = "", required: bool = True) -> str:
    """``{% date_input "new_deadline" %}``: the same date box as ChineseDateField, in hand-written forms."""
    from zhenggai.ledger.datefield import DateTextInput

    return DateTextInput().render(name, value or None, attrs={"required": True} if required else None)
