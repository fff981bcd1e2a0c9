"""Clerk-day fixtures: the shared ledger and people, with names on the accounts (as real users have)."""

from __future__ import annotations

import pytest

NAMES = {"office": ("郑", "晓梅"), "reporter": ("冯", "建国"), "leader": ("吴", "正"), "supervisor": ("褚", "明")}


@pytest.fixture
def named(people):
    """people whose accounts carry 姓/名 (the inspection and outsider accounts keep none)."""
    for login_name, (last, first) in NAMES.items():
        user = getattr(people, login_name)
        user.last_name, user.first_name = last, first
        user.email = f"{login_name}@example.org"
        user.save()
    return people


@pytest.fixture
def evidence_file(settings, tmp_path):
    """evidence_file() → a checked small PDF, stored under a throw-away data directory."""
    from zhenggai.workflow import evidence

    settings.DATA_DIR = tmp_path / "data"

    def make(name: str = "入账凭证.pdf"):
        return evidence.check(name, [b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"], 20 * 1024 * 1024)

    return make
