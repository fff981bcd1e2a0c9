"""Public-side fixtures: the shared ledger with an issued 通报, and helpers to publish it."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest


@pytest.fixture
def issued(ledger, people):
    """The ledger's unit with an issued progress report (not yet approved for publication)."""
    from zhenggai.reports import services

    draft = services.draft_for(ledger.unit, "progress", people.office)
    services.save_draft(draft, people.office, phone="0000-7654321", basic="局党组召开专题会议部署整改。")
    return services.issue(draft, people.office)


@pytest.fixture
def published(issued, people):
    from zhenggai.public import publishing

    return publishing.approve(issued, people.office)


def png_bytes(size=(4, 4)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def png():
    return png_bytes()


@pytest.fixture
def anon(client):
    """A visitor with no login (the test client, fresh)."""
    return client


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def xss():
    return SimpleNamespace(payload=XSS)
