"""No lost update on the office's public side: an opinion's answer and a report's exemptions carry their version."""

from __future__ import annotations

from tests.pages import version_on

from .test_opinions import _send
from .test_publication import _para


def test_answer_without_or_with_a_stale_version_is_refused(ledger, people, login, client):
    from zhenggai.public.models import Opinion

    _send(client, ledger.unit)
    op = Opinion.objects.get()
    office = login(people.office)
    url = f"/units/{ledger.unit.id}/opinions/{op.id}/"
    loaded = version_on(office, url)
    for bad in ({}, {"version": "abc"}):
        r = office.post(url, {"action": "answer", "answer": "已处理完毕，欢迎继续监督。", **bad}, follow=True)
        assert "没有带上页面打开时的版本号" in r.content.decode(), bad
    op.refresh_from_db()
    assert op.answer == "" and op.status == "received"
    # Two colleagues open the opinion; the first answers, the second's answer would replace it.
    assert office.post(url, {"action": "answer", "answer": "第一位同事的答复内容。", "version": loaded}).status_code == 302
    r = office.post(url, {"action": "answer", "answer": "第二位同事的答复内容。", "version": loaded}, follow=True)
    assert "为免覆盖他人的修改" in r.content.decode() and "公开答复" in r.content.decode()
    op.refresh_from_db()
    assert op.answer == "第一位同事的答复内容。"


def test_approval_after_the_exemptions_changed_is_refused(issued, people, login):
    client = login(people.office)
    url = f"/reports/{issued.id}/publish/"
    loaded = version_on(client, url)
    n = _para(issued, "2.关于“水利工程验收")
    r = client.post(url, {"action": "exempt", "exempt": [str(n)], "reason": "涉及个人隐私"}, follow=True)
    assert "没有带上页面打开时的版本号" in r.content.decode()
    from zhenggai.public.models import Publication

    assert not Publication.objects.filter(issued=issued).exists()
    assert client.post(url, {"action": "exempt", "exempt": [str(n)], "reason": "涉及个人隐私", "version": loaded}).status_code == 302
    # The leader approving from a page opened before the exemption would publish what they never saw.
    r = client.post(url, {"action": "approve", "version": loaded}, follow=True)
    assert "为免覆盖他人的修改" in r.content.decode()
    issued.refresh_from_db()
    assert not issued.publication.is_public
