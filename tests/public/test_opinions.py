"""码上监督: opinions with photos and receipt codes, ratings, limits, the office's triage, XSS."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from .conftest import XSS, png_bytes
from tests.pages import version_on
from zhenggai.ledger import versions


def _send(client, unit, **data):
    files = data.pop("photos", None)
    payload = {"text": "村口水渠多年未清淤", "name": "", "phone": "", "website": "", **data}
    if files is not None:
        payload["photos"] = files
    return client.post(f"/gk/{unit.public_id}/yijian/", payload)


def _code(response) -> str:
    return re.search(r'id="receipt-code">([A-Z0-9-]+)<', response.content.decode()).group(1)


def test_anonymous_opinion_with_photo_and_receipt(published, ledger, client, mailoutbox):
    from zhenggai.public.models import Opinion

    item = published.items[0]
    r = _send(client, ledger.unit, photos=[SimpleUploadedFile("现场.png", png_bytes(), "image/png")], item=str(item["n"]),
              r=published.public_id)
    assert r.status_code == 200
    code = _code(r)
    op = Opinion.objects.get()
    assert op.name == "" and op.finding_id == item["finding"] and op.publication == published
    assert op.photos.count() == 1 and op.photos.get().kind == "png"
    assert code not in str(op.__dict__)  # only its hash is kept
    assert op.receipt_hash == Opinion.hash_receipt(code)
    s = client.post("/gk/chaxun/", {"code": code.lower()})
    assert s.status_code == 200 and "已收到" in s.content.decode()
    assert client.post("/gk/chaxun/", {"code": "AAAA-BBBB-CCCC"}).status_code == 404


def test_refused_photos_store_nothing(ledger, client):
    from zhenggai.public.models import Opinion

    pdf = SimpleUploadedFile("x.png", b"%PDF-1.4 not an image", "image/png")
    assert _send(client, ledger.unit, photos=[pdf]).status_code == 422
    fake = SimpleUploadedFile("x.jpg", png_bytes(), "image/jpeg")  # content and extension disagree
    assert _send(client, ledger.unit, photos=[fake]).status_code == 422
    with override_settings(PUBLIC_PHOTO_MAX_MB=1):
        big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (1024 * 1024 + 1), "image/png")
        r = _send(client, ledger.unit, photos=[big])
        assert r.status_code == 422 and "MB" in r.content.decode()
    assert _send(client, ledger.unit, text="  ").status_code == 422
    assert _send(client, ledger.unit, phone="<b>").status_code == 422
    assert Opinion.objects.count() == 0


def test_honeypot_stores_nothing(ledger, client):
    from zhenggai.public.models import Opinion

    r = _send(client, ledger.unit, website="http://spam.example")
    assert r.status_code == 400 and Opinion.objects.count() == 0


@override_settings(PUBLIC_RATE_LIMIT=2, PUBLIC_RATE_MINUTES=10)
def test_rate_limit_per_address(ledger, client):
    from zhenggai.public.models import Opinion

    assert _send(client, ledger.unit).status_code == 200
    assert _send(client, ledger.unit).status_code == 200
    r = _send(client, ledger.unit)
    assert r.status_code == 422 and "频繁" in r.content.decode()
    assert Opinion.objects.count() == 2
    # Another address still may.
    r = client.post(f"/gk/{ledger.unit.public_id}/yijian/", {"text": "另一个地址"}, REMOTE_ADDR="10.9.9.9")
    assert r.status_code == 200 and Opinion.objects.count() == 3


def test_stored_even_when_mail_is_down(ledger, people, client):
    from zhenggai.public.models import Opinion

    people.office.email = "office@example.org"
    people.office.save()
    with override_settings(EMAIL_BACKEND="tests.public.broken_mail.Backend"):
        r = _send(client, ledger.unit)
    assert r.status_code == 200
    op = Opinion.objects.get()
    assert op.notified is False


def test_mail_sent_when_up(ledger, people, client, mailoutbox):
    from zhenggai.public.models import Opinion

    people.office.email = "office@example.org"
    people.office.save()
    _send(client, ledger.unit)
    assert Opinion.objects.get().notified is True
    assert mailoutbox[0].to == ["office@example.org"]
    assert "村口水渠" not in mailoutbox[0].body  # the content stays in the system


def test_office_triage_link_answer_and_sender_sees_it(published, ledger, people, login, client):
    from zhenggai.public.models import Opinion

    code = _code(_send(client, ledger.unit))
    op = Opinion.objects.get()
    office = login(people.office)
    url = f"/units/{ledger.unit.id}/opinions/{op.id}/"
    assert office.post(url, {"action": "take_up", "note": "转工程科核实", "version": version_on(office, url)}).status_code == 302
    assert office.post(url, {"action": "link", "finding": ledger.problems[1].id, "version": version_on(office, url)}).status_code == 302
    assert office.post(url, {"action": "link", "finding": ledger.other_problem.id, "version": version_on(office, url)}).status_code == 302  # refused: other unit
    op.refresh_from_db()
    assert op.status == "in_progress" and op.finding == ledger.problems[1]
    from django.test import Client

    visitor = Client()
    page = visitor.post("/gk/chaxun/", {"code": code}).content.decode()
    assert "办理中" in page and "转工程科核实" not in page  # the internal note stays inside
    office.post(url, {"action": "answer", "answer": "已于本月完成清淤，欢迎继续监督。", "version": version_on(office, url)})
    page = visitor.post("/gk/chaxun/", {"code": code}).content.decode()
    assert "已答复" in page and "已于本月完成清淤" in page
    op.refresh_from_db()
    assert op.answered_by == people.office


def test_spam_reads_as_received_to_the_sender(ledger, people, login, client):
    from zhenggai.public.models import Opinion

    code = _code(_send(client, ledger.unit))
    op = Opinion.objects.get()
    office, url = login(people.office), f"/units/{ledger.unit.id}/opinions/{op.id}/"
    office.post(url, {"action": "spam", "version": version_on(office, url)})
    op.refresh_from_db()
    assert op.status == "spam"
    from django.test import Client

    assert "已收到" in Client().post("/gk/chaxun/", {"code": code}).content.decode()


def test_office_pages_by_role(ledger, people, login, client, png):
    from zhenggai.public.models import Opinion

    _send(client, ledger.unit, photos=[SimpleUploadedFile("a.png", png, "image/png")])
    op = Opinion.objects.get()
    photo = op.photos.get()
    base = f"/units/{ledger.unit.id}/opinions/"
    photo_url = f"{base}{op.id}/photos/{photo.id}"
    r = login(people.office).get(photo_url)
    assert r.status_code == 200 and r.content == png and r["Content-Security-Policy"] == "sandbox"
    for who, list_code, write_code in (("supervisor", 200, 403), ("reporter", 403, 403), ("outsider", 404, 404),
                                       ("nobody", 404, 404)):
        c = login(getattr(people, who))
        assert c.get(base).status_code == list_code, who
        assert c.post(f"{base}{op.id}/", {"action": "spam", "version": versions.token_for(op)}).status_code == write_code, who
    op.refresh_from_db()
    assert op.status == "received"
    # Another unit's opinion by a guessed id is not found through this unit.
    assert login(people.office).get(f"/units/{ledger.other_unit.id}/opinions/{op.id}/").status_code == 404


def test_ratings_per_report_and_per_problem(published, ledger, client):
    from zhenggai.public.models import Rating

    url = f"/gk/r/{published.public_id}/rate/"
    assert client.post(url, {"value": "satisfied"}).status_code == 302
    item = published.items[1]
    assert client.post(url, {"value": "unsatisfied", "item": item["n"]}).status_code == 302
    assert client.post(url, {"value": "great"}).status_code == 422
    assert client.post(url, {"value": "basic", "item": 9999}).status_code == 422
    rows = list(Rating.objects.order_by("id").values_list("value", "finding_id"))
    assert rows == [("satisfied", None), ("unsatisfied", item["finding"])]


def test_round_view_counts_and_units_with_none(published, ledger, people, login, client):
    _send(client, ledger.unit)
    _send(client, ledger.unit)
    client.post(f"/gk/r/{published.public_id}/rate/", {"value": "basic"})
    c = login(people.inspection)  # 巡视巡察办 over the round
    page = c.get(f"/rounds/{ledger.round.id}/opinions/").content.decode()
    assert "1</strong> 个单位尚未收到" in page
    row = re.search(r"中共测试县水务局党组</td>\s*<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)", page)
    assert row.groups() == ("2", "0", "2", "0", "1")
    assert 'class="no-opinions"' in page and "中共测试县交通局党组 <strong>（无意见）" in page
    assert login(people.office).get(f"/rounds/{ledger.round.id}/opinions/").status_code == 404
    assert login(people.outsider).get(f"/rounds/{ledger.round.id}/opinions/").status_code == 404


def test_xss_rendered_escaped_everywhere(published, ledger, people, login, client):
    from zhenggai.public.models import Opinion

    code = _code(_send(client, ledger.unit, text=XSS, name=XSS[:50]))
    op = Opinion.objects.get()
    office = login(people.office)
    url = f"/units/{ledger.unit.id}/opinions/{op.id}/"
    office.post(url, {"action": "answer", "answer": XSS, "version": version_on(office, url)})
    from django.test import Client

    pages = [Client().post("/gk/chaxun/", {"code": code}),
             office.get(f"/units/{ledger.unit.id}/opinions/"),
             office.get(f"/units/{ledger.unit.id}/opinions/{op.id}/"),
             office.get(f"/units/{ledger.unit.id}/public/")]
    for r in pages:
        text = r.content.decode()
        assert r.status_code == 200
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;" in pages[0].content.decode()
    assert "&lt;script&gt;" in pages[2].content.decode()


@override_settings(PUBLIC_RATE_LIMIT=2, PUBLIC_RATE_MINUTES=10)
def test_receipt_lookups_are_limited_too(db, client):
    """Receipt codes cannot be guessed by brute force: lookups share the per-address limit."""
    for _ in range(2):
        assert client.post("/gk/chaxun/", {"code": "AAAA-BBBB-CCCC"}).status_code == 404
    r = client.post("/gk/chaxun/", {"code": "AAAA-BBBB-CCCC"})
    assert r.status_code == 429 and "频繁" in r.content.decode()
