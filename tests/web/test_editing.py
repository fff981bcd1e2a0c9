"""Editing a measure: office may, supervisor gets 403, outsider 404; bad input changes nothing."""

import datetime as dt

from django.urls import reverse

from zhenggai.ledger.models import Measure
from zhenggai.ledger.versions import token_for

HX = {"HTTP_HX_REQUEST": "true"}


def inline_data(m, **over):
    data = {
        "text": m.text, "leader": m.leader, "lead_department": m.lead_department_id or "",
        "person": m.person, "deadline": m.deadline.isoformat() if m.deadline else "",
        "kind": m.kind, "status": m.status, "progress": m.progress,
        "version": token_for(m),  # what the form carries when it is opened now
    }
    data.update(over)
    return data


def test_office_edits_deadline_inline(login, ledger, people):
    m = ledger.measures[0]
    c = login(people.office)
    url = reverse("ledger:measure_edit", args=[m.id])
    r = c.get(url, **HX)
    assert r.status_code == 200 and 'name="deadline"' in r.content.decode()
    r = c.post(url, inline_data(m, deadline="2031年3月底"), **HX)
    assert r.status_code == 200
    body = r.content.decode()
    assert "2031-03-31" in body and "<form" not in body and f'id="measure-{m.id}"' in body
    m.refresh_from_db()
    assert m.deadline == dt.date(2031, 3, 31)
    rec = m.history.first()
    assert rec.history_user == people.office and rec.history_change_reason == "ledger.measure.deadline"


def test_invalid_input_rerenders_with_chinese_message_and_changes_nothing(login, ledger, people):
    m = ledger.measures[0]
    before = m.deadline
    c = login(people.office)
    url = reverse("ledger:measure_edit", args=[m.id])
    for bad in (
        {"deadline": "明年"},
        {"status": "done"},
        {"text": "   "},
        {"lead_department": ledger.other_measure.id * 1000},
    ):
        r = c.post(url, inline_data(m, **bad), **HX)
        assert r.status_code == 200
        body = r.content.decode()
        assert 'class="error"' in body, bad
    m.refresh_from_db()
    assert m.deadline == before and m.status == Measure.Status.NOT_STARTED


def test_full_form_edits_departments_and_progress(login, ledger, people):
    m = ledger.measures[0]
    c = login(people.office)
    data = inline_data(m, progress="已完成盘点", target="账实相符")
    data["departments"] = [ledger.finance.id, ledger.works.id]
    r = c.post(reverse("ledger:measure_edit", args=[m.id]), data)
    assert r.status_code == 302 and r["Location"] == reverse("ledger:problem", args=[m.finding_id])
    m.refresh_from_db()
    assert m.progress == "已完成盘点" and m.target == "账实相符"
    assert set(m.departments.all()) == {ledger.finance, ledger.works}


def test_read_only_roles_get_403(login, ledger, people):
    m = ledger.measures[0]
    for user in (people.supervisor, people.leader, people.inspection):
        c = login(user)
        assert c.get(reverse("ledger:measure_edit", args=[m.id]), **HX).status_code == 403
        assert c.post(reverse("ledger:measure_edit", args=[m.id]), inline_data(m, deadline="2031-01-01"), **HX).status_code == 403
        assert c.post(reverse("ledger:measure_archive", args=[m.id])).status_code == 403
        assert c.get(reverse("ledger:import", args=[ledger.unit.id])).status_code == 403
    m.refresh_from_db()
    assert m.deadline != dt.date(2031, 1, 1) and m.archived_at is None


def test_outsider_gets_404_on_writes(login, ledger, people):
    m = ledger.measures[0]
    c = login(people.outsider)
    assert c.post(reverse("ledger:measure_edit", args=[m.id]), inline_data(m, person="外人"), **HX).status_code == 404
    assert c.post(reverse("ledger:measure_archive", args=[m.id])).status_code == 404
    assert c.post(reverse("ledger:measure_edit", args=[999999]), {}).status_code == 404
    m.refresh_from_db()
    assert m.person == "孙一"


def test_archive_is_soft_and_hides_from_ledger(login, ledger, people):
    m = ledger.measures[4]
    c = login(people.office)
    r = c.post(reverse("ledger:measure_archive", args=[m.id]))
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.archived_at is not None
    body = c.get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert m.text not in body
    # its old edit link leads to its record (read-only), not to a 404; a save is refused
    assert c.get(reverse("ledger:measure_edit", args=[m.id]))["Location"] == reverse("workflow:measure", args=[m.id])
    assert c.post(reverse("ledger:measure_edit", args=[m.id]), {"text": "改"}).status_code == 302
    m.refresh_from_db()
    assert m.text != "改"
    assert c.get(reverse("ledger:measure_archive", args=[m.id])).status_code == 405


def test_cancel_returns_the_display_row(login, ledger, people):
    m = ledger.measures[0]
    r = login(people.office).get(reverse("ledger:measure_row", args=[m.id]), **HX)
    assert r.status_code == 200 and m.text in r.content.decode() and "<html" not in r.content.decode()


def test_office_adds_a_measure_others_may_not(login, ledger, people):
    p = ledger.problems[0]
    url = reverse("ledger:measure_add", args=[p.id])
    data = {"text": "新增的一条措施", "kind": "deadline", "status": "not_started", "deadline": "2030-01-31",
            "lead_department": ledger.office.id, "departments": [ledger.works.id]}
    assert login(people.supervisor).post(url, data).status_code == 403
    assert login(people.outsider).post(url, data).status_code == 404
    assert login(people.office).post(reverse("ledger:measure_add", args=[ledger.aspects[0].id]), data).status_code == 200
    r = login(people.office).post(url, data)
    assert r.status_code == 302
    m = Measure.objects.get(text="新增的一条措施")
    assert m.finding == p and m.position == 3 and m.deadline == dt.date(2030, 1, 31)
    assert list(m.departments.all()) == [ledger.works]
    assert not Measure.objects.filter(finding=ledger.aspects[0]).exists()


def test_inline_progress_shows_in_the_row(login, ledger, people):
    m = ledger.measures[0]
    r = login(people.office).post(reverse("ledger:measure_edit", args=[m.id]),
                                  inline_data(m, progress="已盘点 3 个仓库"), **HX)
    assert "进展：已盘点 3 个仓库" in r.content.decode()


def test_expired_session_on_htmx_request_redirects_the_whole_page(client, ledger):
    r = client.get(reverse("ledger:measure_edit", args=[ledger.measures[0].id]), **HX)
    assert r.status_code == 204 and r["HX-Redirect"].startswith("/login/")
