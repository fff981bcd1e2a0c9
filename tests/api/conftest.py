"""API fixtures: a token per role of the shared people."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def keys(people):
    from zhenggai.api import tokens

    return SimpleNamespace(**{name: tokens.create(getattr(people, name), "测试")[1]
                              for name in ("office", "supervisor", "leader", "reporter", "inspection", "outsider", "nobody")})


@pytest.fixture
def call(client):
    def _call(key, method, path, **kw):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        fn = getattr(client, method)
        if "json" in kw:
            return fn("/api/v1" + path, kw.pop("json"), content_type="application/json", **headers)
        return fn("/api/v1" + path, kw.get("params", {}), **headers)

    return _call
