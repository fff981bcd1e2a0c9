"""Only reviewed text goes public: a reporter's progress reaches the 通报 only once the office accepts it."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from tests.pages import version_on

MARKUP = '<b onclick="x()">已完成</b><script>alert(1)</script>整改到位'


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _downloads(c, unit_id) -> dict[str, str]:
    out = {}
    for fmt in ("txt", "html", "docx"):
        r = c.get(reverse("reports:draft_download", args=[unit_id, "progress", fmt]))
        assert r.status_code == 200
        out[fmt] = _docx_text(r.content) if fmt == "docx" else r.content.decode()
    return out


@pytest.fixture
def reported(ledger, people, settings, tmp_path):
    from zhenggai.workflow import services as wf

    settings.DATA_DIR = tmp_path / "data"
    m5 = ledger.measures[4]
    wf.report_progress(m5, people.reporter, MARKUP)
    return m5


def test_reporter_progress_is_not_public_until_accepted(ledger, people, login, reported):
    from zhenggai.reports import services
    from zhenggai.reports.models import IssuedReport

    c = login(people.office)
    u = ledger.unit.id
    for fmt, text in _downloads(c, u).items():
        assert "整改到位" not in text and "<script>" not in text and "&lt;script&gt;" not in text, fmt
        assert "对违规报销款项予以追回" in text, fmt  # the ledger's own measure text stays
    page = c.get(reverse("reports:draft", args=[u, "progress"])).content.decode()
    preview = page.split("<h2>预览</h2>")[1]
    assert "整改到位" not in preview
    review = page.split("各问题整改情况文字")[1].split("<h2>预览</h2>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;整改到位" in review and "<script>" not in review  # shown beside it, escaped

    issued = services.issue(services.draft_for(ledger.unit, "progress"), people.office)
    assert "整改到位" not in issued.text and "整改到位" not in issued.html and "整改到位" not in _docx_text(bytes(issued.docx))

    # The office accepts the suggestion for the problem (差旅费报销审核不细) as is.
    p3 = ledger.problems[2]
    draft = services.draft_for(ledger.unit, "progress")
    suggestion = next(r.suggestion for r in services.reviews(draft) if r.finding.key == p3.id)
    assert "整改到位" in suggestion and "对违规报销款项予以追回" in suggestion
    assert "3 个问题尚未采用文字" in page and "已采用 0 / 3 个问题" in page
    target = reverse("reports:problem_text", args=[u, "progress", p3.id])
    v = version_on(c, reverse("reports:draft", args=[u, "progress"]), target)
    r = c.post(target, {"action": "accept", "text": suggestion, "version": v})
    assert r.status_code == 302
    assert "已采用 1 / 3 个问题" in c.get(reverse("reports:draft", args=[u, "progress"])).content.decode()
    got = _downloads(c, u)
    assert "<script>alert(1)</script>整改到位" in got["txt"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;整改到位" in got["html"] and "<script>alert" not in got["html"]
    assert "<script>alert(1)</script>整改到位" in got["docx"]
    second = services.issue(draft, people.office)
    assert "整改到位" in second.text
    assert IssuedReport.objects.get(pk=issued.pk).text == issued.text  # the first version is untouched


def test_office_edits_the_text_and_withdraws_it(ledger, people, login, reported):
    from zhenggai.reports import services
    from zhenggai.reports.models import ProblemText

    c = login(people.office)
    u = ledger.unit.id
    p3 = ledger.problems[2]
    target = reverse("reports:problem_text", args=[u, "progress", p3.id])
    page = reverse("reports:draft", args=[u, "progress"])
    c.post(target, {"action": "accept", "text": "一是修订差旅费管理办法。\n二是已追回违规报销款项。",
                    "version": version_on(c, page, target)})
    got = _downloads(c, u)["txt"]
    assert "二是已追回违规报销款项。" in got and "整改到位" not in got
    assert "对违规报销款项予以追回" not in got  # the accepted text replaces the measure lines
    # A change in the ledger is flagged on the page, and the accepted text stays until re-accepted.
    from zhenggai.workflow import services as wf

    wf.report_progress(ledger.measures[4], people.reporter, "又追回一笔")
    draft = services.draft_for(ledger.unit, "progress")
    review = next(r for r in services.reviews(draft) if r.finding.key == p3.id)
    assert review.stale and "台账已更新" in c.get(reverse("reports:draft", args=[u, "progress"])).content.decode()
    assert "二是已追回违规报销款项。" in _downloads(c, u)["txt"]

    empty = c.post(target, {"action": "accept", "text": "  \n ", "version": version_on(c, page, target)},
                   follow=True).content.decode()
    assert "采用的文字不能为空" in empty
    c.post(target, {"action": "withdraw", "version": version_on(c, page, target)})
    got = _downloads(c, u)["txt"]
    assert "二是已追回违规报销款项。" not in got and "对违规报销款项予以追回" in got and "又追回一笔" not in got
    row = ProblemText.objects.get(finding=p3)
    assert row.text == "" and row.history.count() == 2  # accepted, then withdrawn: both kept


def test_only_the_office_accepts(ledger, people, login, reported):
    from zhenggai.reports.models import ProblemText

    p3 = ledger.problems[2]
    target = reverse("reports:problem_text", args=[ledger.unit.id, "progress", p3.id])
    assert login(people.supervisor).post(target, {"action": "accept", "text": "纪检写的"}).status_code == 403
    assert login(people.reporter).post(target, {"action": "accept", "text": "填报人写的"}).status_code == 403
    assert login(people.outsider).post(target, {"action": "accept", "text": "外单位写的"}).status_code == 404
    other = reverse("reports:problem_text", args=[ledger.unit.id, "progress", ledger.other_problem.id])
    r = login(people.office).post(other, {"action": "accept", "text": "别的单位的问题", "version": "new"}, follow=True)
    assert r.status_code == 404 and "未找到" in r.content.decode()  # another unit's problem: as if it did not exist
    assert not ProblemText.objects.exclude(text="").exists()
