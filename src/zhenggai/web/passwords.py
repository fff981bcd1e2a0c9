"""Password rules: Django's validators, with every message in Chinese."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 changed this message's msgid (``%d`` for ``%(min_length)d``) and its zh_Hans
    catalogue still has only the old one, so the stock validator answers in English. The old
    msgid is still translated: use it."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
