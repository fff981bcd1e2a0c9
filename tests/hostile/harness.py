"""What the hostile-input tests share: the forms a page offers, a fingerprint of the database, the text a user reads.

The tests find their targets the way an attacker does: every URL pattern Django resolves, filled with
real ids of the demo city, and every form the pages render (so a new view or form is covered without
editing the tests). Payloads are chosen per field type, not as a cross product, to stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from django.apps import apps
from django.db import connection
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

# Rows a refused request may leave by design: the session of a logged-in client, login attempts
# counted by django-axes, background task rows of the test backend.
NOT_FINGERPRINTED = re.compile(r"^(sessions\.|axes\.|admin\.logentry|public\.ratehit)")


def routes() -> list[tuple[str, URLPattern]]:
    """Every URL pattern of the site (the admin excluded: Django's own, behind is_staff)."""
    out: list[tuple[str, URLPattern]] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern))
            else:
                out.append((prefix + str(p.pattern), p))

    walk(get_resolver(), "")
    return [(r, p) for r, p in out if not r.startswith("admin/")]


def route_of(path: str) -> str:
    """The pattern a path resolves to (``units/<int:unit_id>/``), or the path when nothing does."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlparse(path).path).route
    except Resolver404:
        return path


def fingerprint() -> dict[str, int]:
    """Row counts of every table, history tables included (an edit writes a history row), in one query."""
    models = [m for m in apps.get_models() if not NOT_FINGERPRINTED.match(m._meta.label_lower)
              and m._meta.managed and not m._meta.proxy]
    tables = sorted({m._meta.db_table for m in models})
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return dict(zip(tables, counts))


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


# --- forms as the browser sees them -------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, select, file, hidden, checkbox, radio, password, email…
    value: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False


@dataclass
class Form:
    page: str
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def baseline(self) -> dict[str, list[str]]:
        """What the browser would send without the user touching anything (first option of a select)."""
        data: dict[str, list[str]] = {}
        radios: set[str] = set()
        for f in self.fields:
            if f.kind in ("submit", "button", "reset", "image", "file"):
                continue
            if f.kind == "checkbox":
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
            elif f.kind == "radio":
                if f.checked or (f.name not in radios and f.required):
                    data[f.name] = [f.value]
                radios.add(f.name)
            elif f.kind == "select":
                if f.value:
                    data[f.name] = [f.value]
                elif f.options and not f.multiple:
                    data[f.name] = [f.options[0]]
            else:
                data.setdefault(f.name, []).append(f.value)
        return data

    def signature(self) -> tuple:
        return (route_of(self.action), tuple(sorted({f.name for f in self.fields if f.kind not in ("submit", "button")})))


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or self.page
            method = "post" if (a.get("method", "get").lower() == "post" or "hx-post" in a) else "get"
            self._form = Form(self.page, urljoin(self.page, action), method, a.get("enctype", ""))
            self.forms.append(self._form)
            return
        if self._form is None:
            if tag in ("button", "a") and a.get("hx-post"):  # a lone HTMX button posts without a form
                self.forms.append(Form(self.page, urljoin(self.page, a["hx-post"]), "post", ""))
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            self._form.fields.append(Field(a.get("name", ""), kind, a.get("value", "on" if kind == "checkbox" else ""),
                                           "required" in a, multiple="multiple" in a, checked="checked" in a))
        elif tag == "textarea":
            self._textarea = Field(a.get("name", ""), "textarea", "", "required" in a)
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a.get("name", ""), "select", "", "required" in a, multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = a.get("value", "")
            self._select.options.append(self._option)
            if "selected" in a:
                self._select.value = self._option
        elif tag == "button" and a.get("name"):
            self._form.fields.append(Field(a["name"], "submit", a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            if self._form is not None:
                self._form.fields = [f for f in self._form.fields if f.name]
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def parse_page(html: str, page: str) -> tuple[list[Form], list[str]]:
    p = _Forms(page)
    p.feed(html)
    return p.forms, p.links


# --- what a user reads -------------------------------------------------------------------------

# Words that may appear in a message: file formats and names of products (as tests/clerk/test_crawl.py).
ALLOWED_WORDS = {"PDF", "CSV", "Excel", "Word", "WPS", "HTML", "docx", "xlsx", "txt", "md", "doc", "xls", "SVG", "MB",
                 "KB", "GB", "PNG", "JPG", "JPEG", "OFD", "ZIP", "zip", "jpg", "png", "pdf", "csv", "jpeg", "ofd", "UTF",
                 "GBK", "GB18030", "T", "XML", "Office", "Microsoft", "LibreOffice", "WPS", "gif", "GIF", "webp", "svg",
                 "html", "htm", "heic", "zhenggai", "Ctrl", "Authorization", "Bearer", "ppt", "pptx", "exe", "PPT", "HEIC", "tif", "tiff", "bmp", "rtf", "rar", "odt", "ods", "xlsm", "docm"}
_ERRORS = re.compile(r'class="[^"]*(?:errorlist|error|alert|invalid|refused|warning)[^"]*"[^>]*>(.*?)</(?:ul|div|p|span|li|strong)>',
                     re.S)
_TAGS = re.compile(r"<[^>]+>")


def english_words(text: str) -> list[str]:
    """ASCII words of a message that are not file formats: a Django default message left untranslated."""
    text = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|\b[0-9a-f]{8,64}\b", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_WORDS]


def messages_of(response) -> list[str]:
    """What the response tells the user: django.contrib.messages, error lists, JSON details, an error page's text."""
    from django.contrib.messages import get_messages

    out = []
    request = getattr(response, "wsgi_request", None)
    if request is not None:
        out += [str(m) for m in get_messages(request)]
    ctype = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if "json" in ctype:  # the API's answers: what it tells is "detail" (the schema document tells nothing)
        import json

        try:
            data = json.loads(body)
        except ValueError:
            data = {"detail": body.decode("utf-8", "replace")}
        if isinstance(data, dict) and isinstance(data.get("detail"), str):
            out.append(data["detail"])
    elif "html" in ctype or not ctype:
        html = body.decode("utf-8", "replace")
        out += [" ".join(_TAGS.sub(" ", m).split()) for m in _ERRORS.findall(html)]
        if response.status_code >= 400:
            html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
            out.append(" ".join(_TAGS.sub(" ", html).split()))
    elif response.status_code >= 400:
        out.append(body.decode("utf-8", "replace"))
    return [m for m in out if m.strip()]


# --- concrete paths from the patterns -----------------------------------------------------------

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def params_of(route: str) -> list[str]:
    return [name for _conv, name in _PARAM.findall(route)]


def str_values(route: str, name: str, table: dict) -> list[str]:
    values = table[name]
    if isinstance(values, dict):
        values = values.get(route, values.get(None))
    return list(values)


def fill(route: str, ids: dict[str, list], table: dict, first_only: bool = False) -> list[str]:
    """Concrete paths for a pattern: every combination of the given ids and the string values it takes.

    Returns [] when an id the pattern needs has no object (the demo has none of that kind there)."""
    names = params_of(route)
    combos: list[dict[str, object]] = [{}]
    for name in names:
        if name in table:
            values = str_values(route, name, table)
        elif name == "pk":
            continue  # paired with "what" below
        else:
            values = ids.get(name, [])
        if name == "public_id" and "gk/r/" in route:
            values = values[1:]  # a report's public id, not the unit's
        elif name == "public_id":
            values = values[:1]
        if first_only:
            values = values[:1]
        combos = [{**c, name: v} for c in combos for v in values]
    if "pk" in names:
        pairs = ids.get("pk", [])
        combos = [{**c, "what": w, "pk": pk} for c in combos for w, pk in pairs if c.get("what", w) == w]
    out = []
    for c in combos:
        path = "/" + _PARAM.sub(lambda m: str(c[m.group(2)]), route)
        out.append(path)
    return list(dict.fromkeys(out))
