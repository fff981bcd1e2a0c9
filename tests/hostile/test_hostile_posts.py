"""Every form of every page, as the demo role that sees it, posted with hostile values field by field.

Never a 500; what the user is told is Chinese; a refused post changes nothing (row counts of every
table, history tables included, and the files of the data directory). Each post runs in a
transaction rolled back afterwards, so every variant starts from the same demo city.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.db import transaction

from tests.hostile import harness as H
from tests.hostile import payloads as P
from tests.hostile.conftest import STR_VALUES

# Roles whose pages carry forms (the others only read); the first role to see a form posts it.
WRITERS = ["demo", "caiwu", "fenguan", "jijian", "xunchaban", "zuzhang", "jiwei"]
DOWNLOAD = (".xlsx", ".csv", ".pdf", ".svg", ".docx", ".txt", ".html", ".png", "/evidence/", "/photos/")
# Text fields the service cuts to their column's length (a token's name, the office's internal note).
CUT_TO_LENGTH = {("account/tokens/", "name"), ("units/<int:unit_id>/opinions/<int:opinion_id>/", "note")}
# Pages that render another form for HTMX (the inline edit row of the ledger): both are posted.
HTMX_FORMS = {"measures/<int:measure_id>/edit/"}
# Forms outside what these tests check: leaving the site and Django's own login page.
NOT_HERE = {"logout/", "login/"}
# Fields the page marks required that the server rightly takes as optional: without a problem chosen,
# a public rating is of the whole report.
OPTIONAL = {("gk/r/<slug:public_id>/rate/", "item")}


def _forms(client, world) -> dict[tuple, tuple[str, H.Form]]:
    found: dict[tuple, tuple[str, H.Form]] = {}
    for login in WRITERS:
        client.force_login(world.users[login])
        for route, _p in H.routes():
            if route in NOT_HERE or route.startswith("api/") or route.endswith(DOWNLOAD) or any(
                    s in route for s in DOWNLOAD):
                continue
            for path in H.fill(route, world.own, STR_VALUES):
                for hx in ((False, True) if route in HTMX_FORMS else (False,)):
                    r = client.get(path, **({"HTTP_HX_REQUEST": "true"} if hx else {}))
                    if r.status_code != 200 or "html" not in r.get("Content-Type", ""):
                        continue
                    forms, _links = H.parse_page(r.content.decode(), path)
                    for f in forms:
                        if f.method == "post" and H.route_of(f.action) not in NOT_HERE:
                            f.htmx = hx
                            found.setdefault((*f.signature(), hx), (login, f))
    return found


def _encode(data: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in data.items() if v is not None}


class Poster:
    """Posts one variant inside a rolled-back transaction and records what went wrong."""

    def __init__(self, client, world, tmp_root):
        self.client, self.world, self.root = client, world, tmp_root
        self.problems: list[str] = []
        self.accepted: list[str] = []
        self.count = 0

    def post(self, login: str | None, path: str, data, label: str, must_refuse: bool, raw: bytes | None = None,
             hx: bool = False, must_tell: bool = True) -> None:
        self.count += 1
        before, files = H.fingerprint(), H.files_under(self.root)
        extra = {"HTTP_HX_REQUEST": "true"} if hx else {}
        who = login or "匿名"
        self.client.cookies.pop("messages", None)  # messages of an earlier post are not this one's
        with transaction.atomic():
            try:
                if raw is not None:
                    r = self.client.generic("POST", path, raw, "application/x-www-form-urlencoded", **extra)
                else:
                    r = self.client.post(path, data, **extra)
            except Exception as e:  # the test client re-raises what would be a 500
                self.problems.append(f"{who} {path} [{label}]: 500 {type(e).__name__}: {str(e)[:160]}")
                transaction.set_rollback(True)
                return
            after, files_after = H.fingerprint(), H.files_under(self.root)
            transaction.set_rollback(True)
        if r.status_code >= 500:
            self.problems.append(f"{who} {path} [{label}]: {r.status_code}")
        texts = H.messages_of(r)
        for text in texts:
            for payload in _strings(data):
                text = text.replace(payload, " ")
            words = H.english_words(text)
            if words:
                self.problems.append(f"{who} {path} [{label}]: 英文提示 {words[:6]} «{text[:160]}»")
                break
        diff = H.changed(before, after)
        new_files = files_after - files
        if must_refuse and (diff or new_files):
            self.problems.append(f"{who} {path} [{label}]: 拒绝的输入改了数据 {sorted(diff)[:6]} {sorted(new_files)[:3]}")
        elif diff:
            self.accepted.append(f"{who} {path} [{label}]")
        # An empty post may just show the form again (Django's ``Form(request.POST or None)``).
        if must_refuse and must_tell and not diff and r.status_code in (200, 302) and not texts and not _is_login(r) \
                and label != "什么都不填":
            self.problems.append(f"{who} {path} [{label}]: 拒绝了却没有任何提示（{r.status_code}）")


def _is_login(r) -> bool:
    return r.status_code == 302 and "/login/" in r.get("Location", "")


def _strings(data) -> list[str]:
    out = []
    for v in (data or {}).values():
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and len(x) > 2:
                out.append(x)
    return out


def _variants(form: H.Form):
    """(label, data, must_refuse) for one form: the baseline, missing fields, and per-field hostile values."""
    base = form.baseline()
    keep = {k: v for k, v in base.items() if k in ("form", "op", "action")}
    yield "什么都不填", dict(keep), any(f.required for f in form.fields)
    names = [f.name for f in form.fields]
    done = set()
    for f in form.fields:
        if f.kind in ("submit", "button", "file") or f.name == "csrfmiddlewaretoken" or f.name in done:
            continue
        done.add(f.name)
        f.multiple = f.multiple or names.count(f.name) > 1
        if f.required and f.name not in keep and (H.route_of(form.action), f.name) not in OPTIONAL:
            data = {k: v for k, v in base.items() if k != f.name}
            yield f"缺少必填项{f.name}", data, True
            yield f"必填项{f.name}为空白", {**base, f.name: ["   "]}, True
        for label, value in P.refused_values(f):
            yield f"{f.name}:{label}", {**base, f.name: value}, True
        for label, value in P.odd_values(f):
            # 100,000 characters are refused with a message, except where a field is cut to its length on save.
            refuse = label == "超长文字" and (H.route_of(form.action), f.name) not in CUT_TO_LENGTH
            yield f"{f.name}:{label}", {**base, f.name: value}, refuse


def test_every_form_refuses_hostile_values_in_chinese_and_changes_nothing(world, client, settings):
    forms = _forms(client, world)
    assert len(forms) > 30, sorted(forms)  # the demo's pages offer this many forms; fewer means the walk broke
    assert any(getattr(f, "htmx", False) for _login, f in forms.values())  # the inline edit row was found too
    poster = Poster(client, world, settings.DATA_DIR)
    for _sig, (login, form) in sorted(forms.items(), key=lambda kv: kv[0]):
        client.force_login(world.users[login])
        hx = getattr(form, "htmx", False)
        for label, data, must_refuse in _variants(form):
            poster.post(login, form.action, data, label, must_refuse, hx=hx)
        # Bytes that are not UTF-8 (a lone surrogate, FF FE) in every text field at once.
        texts = [f.name for f in form.fields if f.kind in ("text", "textarea")]
        if texts:
            raw = urlencode({k: v[-1] for k, v in form.baseline().items() if k not in texts})
            raw += "".join(f"&{quote(n)}=%ED%A0%80%FF%FE%C0%AF" for n in texts)
            poster.post(login, form.action, None, "非UTF-8字节", False, raw=raw.encode())
    assert not poster.problems, f"{len(poster.problems)} 处问题（共 {poster.count} 次提交）：\n" + "\n".join(poster.problems)


def test_every_post_route_as_every_role_and_anonymous(world, client, settings):
    """Every pattern that takes POST, with real ids, as every demo role and anonymous: the empty post and
    the baseline of its form never give a 500; anonymous changes nothing except on the public side."""
    forms = {}
    client.force_login(world.users["demo"])
    for sig, (login, form) in _forms(client, world).items():
        if not getattr(form, "htmx", False):
            forms.setdefault(sig[0], form)
    client.logout()
    poster = Poster(client, world, settings.DATA_DIR)
    # Anonymous and one login per kind of role: the unit's office, a reporter, read-only supervision,
    # another unit, the inspection office, a read-only body above.
    logins = [None, "demo", "caiwu", "jijian", "linye", "xunchaban", "shengban"]
    for route, _p in H.routes():
        if route in NOT_HERE:
            continue
        paths = H.fill(route, world.own, STR_VALUES, first_only=True) + H.fill(route, world.foreign, STR_VALUES,
                                                                                first_only=True)
        for login in logins:
            client.logout()
            if login:
                client.force_login(world.users[login])
            for path in paths:
                public = route.startswith("gk/")
                poster.post(login, path, {}, "空提交", must_refuse=login is None and not public, must_tell=False)
                form = forms.get(route)
                if form is not None:
                    poster.post(login, path, form.baseline(), "页面表单原样", must_refuse=login is None and not public,
                                must_tell=False)
    assert not poster.problems, f"{len(poster.problems)} 处问题（共 {poster.count} 次提交）：\n" + "\n".join(poster.problems)


def test_requests_django_refuses_before_any_view_are_told_in_chinese(world, settings):
    """Too many fields, a body over DATA_UPLOAD_MAX_MEMORY_SIZE and a post without its CSRF token: each
    answers with a Chinese page (Django's defaults are English) and changes nothing."""
    from django.test import Client

    measure = world.own["measure_id"][0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["demo"])
    page = client.get(f"/measures/{measure}/edit/").content.decode()
    token = client.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page
    before = H.fingerprint()
    cases = [
        ("字段过多", {"csrfmiddlewaretoken": token, **{f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}}, 400),
        ("内容过大", {"csrfmiddlewaretoken": token, "text": "测" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2)}, 400),
        ("缺少CSRF令牌", {"text": "没有令牌的提交"}, 403),
    ]
    for label, data, status in cases:
        r = client.post(f"/measures/{measure}/edit/", data)
        assert r.status_code == status, label
        text = " ".join(H.messages_of(r))
        assert text and not H.english_words(text), (label, text[:200])
    assert H.fingerprint() == before
