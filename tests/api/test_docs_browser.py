"""The API documentation page renders under the installation's CSP (no inline script, no CDN)."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser_page, goto_settled  # noqa: F401  (the shared chromium fixture)

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_its_operations_with_no_csp_violation(transactional_db, live_server, browser_page):
    page = browser_page
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    # Violations are collected from the page itself (and reported to the console by chromium too).
    page.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
    """)
    goto_settled(page, live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)  # Swagger UI built the operations list
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/measures" in s for s in summaries) and any("progress" in s for s in summaries), summaries
    assert "zhenggai" in page.locator(".info .title").inner_text()
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("() => window.__csp")
    assert violations == [], violations
    assert not [line for line in console if "Content Security Policy" in line or "Refused to" in line], console
    foreign = [u for u in requests if not u.startswith(live_server.url) and not u.startswith("data:")]
    assert foreign == []  # everything from the installation itself, no CDN


def test_docs_page_carries_the_strict_csp(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "cdn" not in r.content.decode().lower()
