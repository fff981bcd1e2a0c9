"""Read-only pages, role by role: 200 for members, 404 for outsiders, login for anonymous."""

import pytest
from django.urls import reverse


def urls(ledger):
    u = ledger.unit.id
    return [
        reverse("ledger:ledger", args=[u]),
        reverse("ledger:feedback", args=[u]),
        reverse("ledger:list", args=[u, "problems"]),
        reverse("ledger:list", args=[u, "tasks"]),
        reverse("ledger:list", args=[u, "responsibilities"]),
        reverse("ledger:problem", args=[ledger.problems[1].id]),
        reverse("ledger:export_xlsx", args=[u]),
        reverse("ledger:export_list", args=[u, "problems", "csv"]),
    ]


def test_anonymous_is_sent_to_login(client, ledger):
    for url in [reverse("ledger:home"), *urls(ledger)]:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/login/"), url


def test_members_can_read_everything(login, ledger, people):
    for user in (people.office, people.supervisor, people.leader, people.inspection):
        c = login(user)
        for url in urls(ledger):
            assert c.get(url).status_code == 200, (user, url)


def test_outsiders_get_404_on_guessed_urls(login, ledger, people):
    for user in (people.outsider, people.nobody):
        c = login(user)
        for url in urls(ledger):
            assert c.get(url).status_code == 404, (user, url)
        assert c.get(reverse("ledger:measure_row", args=[ledger.measures[0].id])).status_code == 404
    c = login(people.office)
    assert c.get("/units/999999/").status_code == 404
    assert c.get(reverse("ledger:list", args=[ledger.unit.id, "secrets"])).status_code == 404
    assert c.get(reverse("ledger:export_list", args=[ledger.unit.id, "tasks", "pdf"])).status_code == 404


def test_home_lists_only_my_units(login, ledger, people):
    body = login(people.office).get(reverse("ledger:home")).content.decode()
    assert ledger.unit.name in body and ledger.other_unit.name not in body


def test_login_page_is_chinese_and_works(client, ledger, people):
    r = client.get(reverse("login"))
    assert "登录" in r.content.decode()
    r = client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert "用户名或密码不正确" in r.content.decode()
    r = client.post(reverse("login"), {"username": "office", "password": "pw-for-tests-only"})
    assert r.status_code == 302 and r["Location"] == reverse("ledger:home")


def test_ledger_filters(login, ledger, people):
    c = login(people.office)
    url = reverse("ledger:ledger", args=[ledger.unit.id])

    def texts(**params):
        body = c.get(url, params).content.decode()
        return [m.text for m in ledger.measures if m.text in body]

    all_texts = [m.text for m in ledger.measures]
    assert texts() == all_texts
    assert texts(overdue="on") == ["对近三年验收项目开展复查"]
    assert texts(aspect=ledger.aspects[1].id) == all_texts[3:]
    assert texts(department=ledger.works.id) == ["对近三年验收项目开展复查"]
    assert texts(person="孙一") == all_texts[:2]
    assert texts(status="completed") == ["修订差旅费管理办法"]
    assert texts(q="验收") == ["对近三年验收项目开展复查"]
    # hostile values are ignored, not a crash
    assert c.get(url, {"aspect": "x' OR 1=1", "department": "-1", "status": "<script>"}).status_code == 200


def test_htmx_filter_returns_only_the_rows_partial(login, ledger, people):
    c = login(people.office)
    r = c.get(reverse("ledger:ledger", args=[ledger.unit.id]), {"overdue": "on"},
              HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ledger-rows")
    body = r.content.decode()
    assert "<html" not in body and "对近三年验收项目开展复查" in body and "修订差旅费管理办法" not in body


def test_leads_only_for_allowed_roles(login, ledger, people):
    from zhenggai.ledger.models import Lead

    Lead.objects.create(unit=ledger.unit, summary="某工程款支付问题线索", transferred_to="县纪委监委")
    url = reverse("ledger:feedback", args=[ledger.unit.id])
    assert "某工程款支付问题线索" in login(people.office).get(url).content.decode()
    assert "某工程款支付问题线索" in login(people.supervisor).get(url).content.decode()
    assert "某工程款支付问题线索" not in login(people.leader).get(url).content.decode()
    assert "某工程款支付问题线索" not in login(people.reporter).get(url).content.decode()


def test_reporter_sees_only_their_measures(login, ledger, people):
    c = login(people.reporter)
    body = c.get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert "修订差旅费管理办法" in body and "全面盘点防汛物资并建立电子台账" not in body
    assert c.get(reverse("ledger:problem", args=[ledger.problems[0].id])).status_code == 404
    csv = c.get(reverse("ledger:export_list", args=[ledger.unit.id, "ledger", "csv"])).content.decode()
    assert "全面盘点防汛物资" not in csv and "修订差旅费管理办法" in csv


def test_problem_page_shows_measures_and_history(login, ledger, people):
    from zhenggai.ledger import services
    import datetime as dt

    m = ledger.measures[2]
    services.update_measure(m, people.office, deadline=dt.date(2030, 5, 31))
    body = login(people.supervisor).get(reverse("ledger:problem", args=[m.finding_id])).content.decode()
    assert m.text in body
    assert "调整完成时限" in body and "2030-05-31" in body and "office" in body
    services.update_measure(m, people.office, departments=[ledger.works, ledger.office])
    body = login(people.supervisor).get(reverse("ledger:problem", args=[m.finding_id])).content.decode()
    assert "责任部门：财务科 → 办公室、工程科" in body


def test_exports_download_with_chinese_filenames(login, ledger, people):
    c = login(people.supervisor)
    r = c.get(reverse("ledger:export_xlsx", args=[ledger.unit.id]))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    r = c.get(reverse("ledger:export_list", args=[ledger.unit.id, "tasks", "csv"]))
    assert r.content.decode("utf-8").startswith("\ufeff序号,问题,整改措施")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_read_pages_refuse_writes(login, ledger, people, method):
    c = login(people.office)
    r = getattr(c, method)(reverse("ledger:ledger", args=[ledger.unit.id]))
    assert r.status_code == 405
