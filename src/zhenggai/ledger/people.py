"""How a person is named wherever a user reads it: 姓名, never the login unless no name was ever given.

One function so that pages, notifications, e-mails and the CLI agree (Chinese names read family name first).
"""

from __future__ import annotations


def person_name(user, default: str = "系统") -> str:
    """赵书记 for last_name 赵 + first_name 书记; the login only for an account with no name at all."""
    if user is None:
        return default
    first, last = (getattr(user, "first_name", "") or "").strip(), (getattr(user, "last_name", "") or "").strip()
    if first or last:
        # Chinese names join without a space; a Latin name keeps "First Last".
        if (first + last).isascii():
            return f"{first} {last}".strip()
        return last + first
    return user.get_username() if hasattr(user, "get_username") else str(user)
