"""群众满意度 in the unit evaluation: the 码上监督 ratings (满意 / 基本满意 / 不满意) score an
indicator once there are enough of them, cost points above one 不满意 share and veto above a
higher one; every line says why in Chinese, on the page and in the .xlsx/.docx outputs."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from zhenggai.ledger.models import LedgerError
from tests.pages import version_on
from tests.reports.test_figures_agree import generated
from zhenggai.oversight import evaluation

FULL = {"rate_by_problem": 100, "rate_by_measure": 100, "quality": 100}
OLD = {"indicators": [{"name": "问题整改完成率", "weight": 40, "figure": "rate_by_problem"},
                      {"name": "措施完成率", "weight": 30, "figure": "rate_by_measure"},
                      {"name": "整改质量", "weight": 30, "figure": "quality"}]}


def rated(s: int, b: int, u: int, **facts) -> dict:
    return {**FULL, **facts, "ratings": s + b + u, "ratings_satisfied": s, "ratings_basic": b, "ratings_unsatisfied": u}


def test_too_few_ratings_leave_the_score_as_without_the_indicator():
    facts = {"rate_by_problem": 90, "rate_by_measure": 80, "quality": 50, "overdue": 3}
    for f in (facts, {**facts, "ratings": 9, "ratings_unsatisfied": 9}):
        e = evaluation.evaluate(f, {})
        assert e.score == evaluation.evaluate(facts, OLD).score == 36 + 24 + 15 - 3
        assert not e.veto
        assert any("不足 10 条，本项不计分" in t for t, _ in e.lines)
    # The lines add up to the score.
    assert sum(p for _, p in e.lines) == pytest.approx(e.score)
    # A scheme saved before the indicator existed (40/30/30) leaves 群众满意度 no weight at all.
    assert evaluation.scheme_of(OLD)["satisfaction"]["weight"] == 0
    assert evaluation.evaluate(rated(0, 0, 20), OLD).grade == "好"


def test_satisfaction_scores_by_the_share_of_satisfied_and_basic():
    e = evaluation.evaluate(rated(8, 2, 0), {})
    assert (e.score, e.grade, e.veto) == (100, "好", [])
    assert any("群众评价 10 条，满意和基本满意占 100%，满分10分，得10分" in t for t, _ in e.lines)
    e = evaluation.evaluate(rated(5, 4, 1), {})  # 10% 不满意: no deduction
    assert e.score == 99 and not any("扣" in t and "不满意" in t for t, _ in e.lines)


def test_unsatisfied_above_the_share_costs_points_and_above_the_higher_one_vetoes():
    e = evaluation.evaluate(rated(6, 1, 3), {})  # 30% 不满意: over 20%, under 50%
    assert e.score == 90 + 7 - 5 and e.grade == "好" and not e.veto
    assert any("“不满意” 3 条，占 30%，超过 20%，扣5分" in t for t, _ in e.lines)
    e = evaluation.evaluate(rated(3, 1, 6), {})  # 60%: the veto
    assert e.grade == "差" and any("超过 50%（一票否决）" in v for v in e.veto)
    # Exactly at the share is not above it; without a veto setting there is none.
    assert not evaluation.evaluate(rated(4, 1, 5), {}).veto
    no_veto = {"satisfaction": {"veto_above_percent": None}}
    assert evaluation.evaluate(rated(0, 0, 10), no_veto).grade != "差"


def test_the_settings_are_checked_whole():
    ok = evaluation.validate_scheme({"satisfaction": {"weight": 20, "min_ratings": 5},
                                     "indicators": [{**i, "weight": w} for i, w in zip(OLD["indicators"], (30, 25, 25))]})
    assert ok["satisfaction"]["weight"] == 20 and ok["satisfaction"]["deduction"] == 5
    e = evaluation.evaluate(rated(5, 0, 0), ok)
    assert any("满分20分，得20分" in t for t, _ in e.lines)
    for bad, says in (({"satisfaction": {"weight": 20}}, "合计应为 100 分"),
                      ({"satisfaction": {"deduct_above_percent": 60}}, "不低于扣分的比例"),
                      ({"satisfaction": {"min_ratings": -1}}, "不小于 0"),
                      ({"satisfaction": {"deduction": "五"}}, "不小于 0"),
                      ({"satisfaction": {"deduction": float("nan")}}, "不小于 0")):
        with pytest.raises(LedgerError, match=says):
            evaluation.validate_scheme(bad)


@pytest.fixture
def demo(db, settings, tmp_path):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zhenggai.ledger.demo import load_demo

    settings.DATA_DIR = tmp_path / "data"
    unit = load_demo(timezone.localdate())
    return unit, get_user_model().objects.get(username="xunchaban")


def test_ratings_sent_by_the_public_reach_the_page_and_the_outputs(demo, client):
    from zhenggai.public import opinions, publishing

    unit, office = demo
    pub = publishing.published().filter(unit=unit).first()
    for _ in range(8):  # the demo's 4 ratings (1 不满意) and 8 more 不满意: 9 of 12
        opinions.rate(pub, "unsatisfied")
    client.force_login(office)
    page = client.get(reverse("oversight:unit", args=[unit.id])).content.decode()
    assert "群众评价 12 条，满意和基本满意占 25%" in page
    assert "“不满意” 9 条，占 75%，超过 20%，扣5分" in page and "超过 50%（一票否决）" in page
    wb = openpyxl.load_workbook(io.BytesIO(generated(client, "oversight:xlsx")))
    lines = [r for r in wb["成效评估"].iter_rows(min_row=2, values_only=True) if r[0] == unit.name]
    assert any("超过 50%（一票否决）" in r[1] and r[4] == "差" for r in lines)
    doc = docx.Document(io.BytesIO(generated(client, "oversight:evaluation_docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "群众评价“不满意” 9 条，占 75%" in text

    # The round's office lowers the bar and turns the veto off on the settings page.
    url = reverse("oversight:round_settings", args=[unit.inspection_id])
    form = {"steps": "提醒函\n督办通知书", "reply_days": "7", "sample_percent": "20", "per_overdue": "1",
            "per_mismatch": "5", "per_milestone": "5", "per_escalation": "2", "good": "90", "fair": "80", "pass": "60",
            "weight_0": "36", "weight_1": "27", "weight_2": "27", "sat_weight": "10", "sat_min": "20",
            "sat_deduct_above": "20", "sat_deduction": "5", "sat_veto": ""}
    bad = client.post(url, {**form, "sat_weight": "15", "version": version_on(client, url)})
    assert bad.status_code == 400 and "合计应为 100 分" in bad.content.decode()  # weights no longer make 100
    assert client.post(url, {**form, "version": version_on(client, url)}).status_code == 302
    page = client.get(reverse("oversight:unit", args=[unit.id])).content.decode()
    assert "不足 20 条，本项不计分" in page and "一票否决" not in page.split("质量体检")[0]
