"""Every page reachable from the navigation, as every demo role: what a user reads is Chinese,
names people by name, and shows no internal code, id or login."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest

# Names of things people meet as they are: file formats, products, the standard's name.
ALLOWED = {"PDF", "CSV", "Excel", "Word", "WPS", "HTML", "docx", "xlsx", "txt", "md", "doc", "xls", "SVG", "MB", "KB",
           "GB", "T", "LibreOffice", "zhenggai", "HTMX", "PNG", "JPG", "JPEG", "OFD", "ZIP", "zip", "jpg", "png", "pdf",
           "csv", "jpeg", "ofd", "Office", "SHA", "QQ", "Ctrl"}
# Not words: checksums (校验码), e-mail addresses people typed, web addresses printed for the
# public (the 码上监督 page shows the address its QR code carries), the command's own name.
NOT_WORDS = re.compile(r"\b[0-9a-f]{8,64}\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|\bzhenggai(?: [a-z]+)?\b")
CODES = re.compile(r"\b(?:workflow|ledger|supervision|outcomes|reports)\.[a-z_]+(?:\.[a-z_]+)*|[#＃]\d+|用户#|措施#")
SKIP = re.compile(r"/logout/|/admin/|\.(?:xlsx|csv|pdf|svg|docx|txt)$|/export|/evidence/|/download|/dates/hint/")
DEMO_LOGINS = ["demo", "caiwu", "fenguan", "jijian", "xunchaban", "linye", "zuzhang", "jiwei", "zuzhibu", "shengban",
               "shuji"]
MAX_PAGES = 60  # per login; enough to reach every page kind from the navigation


class Visible(HTMLParser):
    """The text a user sees: text nodes outside script/style, and the title/placeholder/aria-label attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for name in ("title", "placeholder", "aria-label"):
            if a.get(name):
                self.parts.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def problems_in(text: str, logins: list[str]) -> list[str]:
    found = []
    for code in CODES.findall(text):
        found.append(f"内部代码 {code!r}")
    for word in re.findall(r"[A-Za-z][A-Za-z_]*", NOT_WORDS.sub(" ", CODES.sub(" ", text))):
        if word not in ALLOWED:
            found.append(f"英文词 {word!r}")
    plain = NOT_WORDS.sub(" ", text)  # an e-mail address may contain the login; it is a contact, not a login shown
    for login in logins:
        if re.search(rf"(?<![A-Za-z]){re.escape(login)}(?![A-Za-z])", plain):
            found.append(f"登录名 {login!r}")
    return found


def crawl(client, logins: list[str], start: str = "/") -> dict[str, list[str]]:
    seen: set[str] = set()
    queue = deque([start])
    bad: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = urlparse(url).path
        if path in seen:
            continue
        seen.add(path)
        r = client.get(url)
        if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
            continue
        parser = Visible()
        parser.feed(r.content.decode())
        text = " ".join(" ".join(parser.parts).split())
        found = problems_in(text, logins)
        if found:
            bad[url] = sorted(set(found))[:8]
        for href in parser.links:
            href = urldefrag(href)[0]
            if not href or href.startswith(("http:", "https:", "mailto:", "javascript:", "data:")):
                continue
            if href.startswith("?"):
                href = path + href
            if not href.startswith("/") or SKIP.search(urlparse(href).path):
                continue
            if urlparse(href).path not in seen:
                queue.append(href)
    assert len(seen) > 5, seen
    return bad




def test_every_page_reads_as_chinese_without_codes_or_logins(db, client, settings, tmp_path):
    """One demo, every login `serve --demo` prints (and the principal leader), each crawled from the home page."""
    from django.contrib.auth import get_user_model

    from zhenggai.ledger import demo
    from zhenggai.setup.demo import LOGINS

    settings.DATA_DIR = tmp_path / "data"
    demo.load_demo()
    assert {login for login, *_ in LOGINS} <= set(DEMO_LOGINS)  # a new demo login is checked too
    logins = [*DEMO_LOGINS, *(u for u in get_user_model().objects.values_list("username", flat=True)
                              if u not in DEMO_LOGINS and u.startswith("ban"))]
    report = []
    for login_name in DEMO_LOGINS:
        client.force_login(get_user_model().objects.get(username=login_name))
        for url, found in crawl(client, logins).items():
            report.append(f"{login_name} {url}: {'；'.join(found)}")
    assert not report, "\n".join(report)


def test_the_checker_catches_what_it_should():
    assert problems_in("状态 pending_office", []) == ["英文词 'pending_office'"]
    assert problems_in("代码 workflow.close.request", []) == ["内部代码 'workflow.close.request'"]
    assert [p[:4] for p in problems_in("措施#22 用户#1", [])] == ["内部代码", "内部代码"]
    assert problems_in("操作人 caiwu", ["caiwu"]) == ["英文词 'caiwu'", "登录名 'caiwu'"]
    assert not problems_in("导出 Excel 和 PDF；冯建国；校验码 3fa9c2d41b0e；联系 zg@example.cn", ["caiwu"])
