"""Supervision fixtures: the shared ledger and people, plus e-mail addresses and a leader's area."""

from __future__ import annotations

import pytest


@pytest.fixture
def staff(people, ledger):
    """people with addresses; the leader is 吴正 (责任领导 of m3–m5), the reporter sits in 财务科."""
    for name in ("office", "supervisor", "leader", "reporter", "inspection", "outsider"):
        user = getattr(people, name)
        user.email = f"{name}@example.org"
        if name == "leader":
            user.last_name, user.first_name = "吴", "正"
        user.save()
    return people
