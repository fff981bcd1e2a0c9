"""No lost update on the inspection side: the feedback draft and the round's milestones carry their version."""

from __future__ import annotations

from django.urls import reverse

from zhenggai.inspection import services
from zhenggai.inspection.models import FeedbackDraft, MilestoneKind, RoundMilestone
from tests.pages import version_on

FIRST = "一、财务管理方面\n1.公务用车管理不规范。\n"
SECOND = "一、财务管理方面\n1.公务接待超标准。\n"


def _draft_title(unit) -> str:
    return FeedbackDraft.objects.get(unit=unit).content["aspects"][0]["problems"][0]["title"]


def test_feedback_draft_without_or_with_a_stale_version_is_refused(city, client):
    client.force_login(city.group)
    url = reverse("inspection:draft", args=[city.a1.id])
    loaded = version_on(client, url)
    for bad in ({}, {"version": ""}, {"version": "12x"}):
        r = client.post(url, {"form": "draft", "text": FIRST, **bad})
        assert "没有带上页面打开时的版本号" in r.content.decode(), bad
    assert not FeedbackDraft.objects.get(unit=city.a1).content
    assert client.post(url, {"form": "draft", "text": FIRST, "version": loaded}).status_code == 302
    # A second tab opened before that save would overwrite the first group member's outline.
    r = client.post(url, {"form": "draft", "text": SECOND, "version": loaded})
    body = r.content.decode()
    assert r.status_code == 200 and "为免覆盖他人的修改" in body and "反馈意见" in body
    assert _draft_title(city.a1) == "公务用车管理不规范。"
    assert client.post(url, {"form": "draft", "text": SECOND, "version": version_on(client, url)}).status_code == 302
    assert _draft_title(city.a1) == "公务接待超标准。"


def test_milestone_days_without_or_with_a_stale_version_are_refused(city, client):
    client.force_login(city.office)
    url = reverse("inspection:round", args=[city.ra.id])
    days = {k: str(m.days) for m in services.milestones(city.ra) for k in [m.kind]}
    loaded = version_on(client, url, None)
    r = client.post(url, {"form": "days", **days, MilestoneKind.PLAN: "20"})
    assert "没有带上页面打开时的版本号" in r.content.decode()
    assert RoundMilestone.objects.get(inspection=city.ra, kind=MilestoneKind.PLAN).days == 30
    assert client.post(url, {"form": "days", **days, MilestoneKind.PLAN: "20", "version": loaded}).status_code == 302
    r = client.post(url, {"form": "days", **days, MilestoneKind.PLAN: "45", "version": loaded})
    body = r.content.decode()
    assert "为免覆盖他人的修改" in body and "反馈后天数" in body  # names the field changed since
    assert RoundMilestone.objects.get(inspection=city.ra, kind=MilestoneKind.PLAN).days == 20
