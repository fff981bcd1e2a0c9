"""What a user reads: the warnings selector agrees with its list; names, not logins; no internal codes."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from zhenggai.ledger.people import person_name
from zhenggai.supervision import reminders
from zhenggai.workflow import services as wf


def _selected(html: str) -> str:
    select = re.search(r'<select name="level".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="(\w+)"[^>]*selected', select).group(1)


def test_warning_selector_shows_the_list_below(login, ledger, named):
    c = login(named.office)
    url = reverse("supervision:warnings", args=[ledger.unit.id])
    page = c.get(url).content.decode()
    assert _selected(page) == "red" and "红色预警（逾期）：共 1 条" in page
    # Pressing 筛选 without touching the selector sends what it shows: still the red list.
    again = c.get(url, {"level": _selected(page), "department": ""}).content.decode()
    assert "红色预警（逾期）：共 1 条" in again and _selected(again) == "red"
    green = c.get(url, {"level": "green"}).content.decode()
    assert _selected(green) == "green" and "绿色提示：共" in green


def test_person_name_prefers_the_name():
    User = get_user_model()
    assert person_name(User(username="zxm", last_name="郑", first_name="晓梅")) == "郑晓梅"
    assert person_name(User(username="ann", first_name="Ann", last_name="Lee")) == "Ann Lee"
    assert person_name(User(username="zxm")) == "zxm"
    assert person_name(None) == "系统"


def test_workflow_page_names_people_and_hides_codes(login, ledger, named, evidence_file):
    m = ledger.measures[4]  # 财务科, open
    wf.request_close(m, named.reporter, "追回款项已全部入账", [evidence_file()])
    wf.return_for_rework(m, named.office, "缺少入账凭证")
    page = login(named.office).get(reverse("workflow:measure", args=[m.id])).content.decode()
    assert "冯建国" in page and "郑晓梅" in page
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))
    assert "workflow." not in page and "ledger.measure" not in page
    assert not re.search(r"\breporter\b|\boffice\b", text)
    assert "代码" not in text


def test_dry_run_names_people_and_measures(ledger, named):
    lines = reminders.remind(dry_run=True).planned_lines()
    assert lines and not any("#" in line for line in lines)
    joined = "\n".join(lines)
    assert "郑晓梅" in joined and "对近三年验收项目开展复查" in joined and "红色预警" in joined


def test_kind_follows_long_term_and_back(ledger, named):
    import datetime as dt

    from zhenggai.ledger.models import Measure

    m = ledger.measures[0]  # 限期整改
    wf.mark_long_term(m, named.office, dt.date.today() + dt.timedelta(days=90), "需长期坚持的日常管理")
    m.refresh_from_db()
    assert (m.status, m.kind) == (Measure.Status.LONG_TERM, Measure.Kind.LONG_TERM)
    wf.reopen(m, named.office, "复核发现仍需限期完成")
    m.refresh_from_db()
    assert (m.status, m.kind) == (Measure.Status.IN_PROGRESS, Measure.Kind.DEADLINE)


def test_older_long_term_rows_explain_their_kind(login, ledger, named):
    from zhenggai.ledger.models import Measure

    Measure.objects.filter(pk=ledger.measures[2].pk).update(status=Measure.Status.LONG_TERM)  # made before the fix
    page = login(named.office).get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert "原为限期整改" in page
