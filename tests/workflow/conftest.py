"""Workflow fixtures on top of the shared `ledger` and `people` (tests/conftest.py).

In the ledger: m1 (lead 办公室, leader 钱立, open), m3 (lead 工程科 + 财务科, leader 吴正, overdue),
m4 (财务科, 吴正, completed), m5 (财务科, 吴正, open, deadline in 60 days).
The reporter belongs to 财务科, so m3/m4/m5 are theirs and m1 is not; the leader is
named 吴正, so m3/m4/m5 are in their area.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

# Smallest real files of each kind, built here so nothing binary sits in the repository.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def flow(ledger, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    people.leader.first_name = "吴正"
    people.leader.save(update_fields=["first_name"])
    m1, m2, m3, m4, m5 = ledger.measures
    return SimpleNamespace(ledger=ledger, people=people, m1=m1, m2=m2, m3=m3, m4=m4, m5=m5, data=settings.DATA_DIR)


@pytest.fixture
def pdf():
    from zhenggai.workflow import evidence

    def make(name: str = "整改报告.pdf", data: bytes = PDF):
        return evidence.check(name, [data], 20 * 1024 * 1024)

    return make


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
