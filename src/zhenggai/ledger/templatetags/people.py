"""``{{ user|person }}``: the person's name (see zhenggai.ledger.people); loaded as a template builtin."""

from __future__ import annotations

from django import template

from zhenggai.ledger.people import person_name

register = template.Library()


@register.filter
def person(user, default: str = "系统") -> str:
    return person_name(user or None, default)
