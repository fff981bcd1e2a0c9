"""The API applies the web pages' grants: the role matrix, tokens, pagination and filters, docs with no CDN."""

from __future__ import annotations

import re

import pytest

from zhenggai.api.api import measure_key


def test_tokens_are_hashed_shown_once_and_revocable(people, login, call, ledger):
    from zhenggai.api.models import ApiToken

    c = login(people.office)
    page = c.post("/account/tokens/", {"name": "上级平台对接"}).content.decode()
    key = re.search(r'id="new-token">([^<]+)<', page).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash(key) and key not in str(token.__dict__)
    assert key not in c.get("/account/tokens/").content.decode()  # shown once
    assert call(key, "get", "/units").status_code == 200
    c.post("/account/tokens/", {"action": "revoke", "token": token.id})
    assert call(key, "get", "/units").status_code == 401
    assert call("zg_wrong", "get", "/units").status_code == 401
    assert call(None, "get", "/units").status_code == 401
    # Nobody revokes another user's token.
    other = login(people.supervisor)
    from zhenggai.api import tokens

    t2, key2 = tokens.create(people.office, "另一个")
    other.post("/account/tokens/", {"action": "revoke", "token": t2.id})
    assert call(key2, "get", "/units").status_code == 200


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def test_units_per_role(keys, call, ledger):
    u, o = ledger.unit.public_id, ledger.other_unit.public_id
    expect = {"office": {u}, "supervisor": {u}, "leader": {u}, "reporter": {u}, "inspection": {u, o},
              "outsider": {o}, "nobody": set()}
    for who, units in expect.items():
        assert set(_ids(call(getattr(keys, who), "get", "/units"))) == units, who


def test_measures_role_matrix(keys, call, ledger):
    u = ledger.unit.public_id
    every = {measure_key(m) for m in ledger.measures}
    finance = {measure_key(m) for m in ledger.measures if m.lead_department_id == ledger.finance.id
               or ledger.finance in m.departments.all()}
    assert finance and finance != every
    for who in ("office", "supervisor", "leader", "inspection"):
        assert set(_ids(call(getattr(keys, who), "get", f"/units/{u}/measures"))) == every, who
    assert set(_ids(call(keys.reporter, "get", f"/units/{u}/measures"))) == finance
    for who in ("outsider", "nobody"):
        assert call(getattr(keys, who), "get", f"/units/{u}/measures").status_code == 404
        assert call(getattr(keys, who), "get", f"/units/{u}").status_code == 404
        assert call(getattr(keys, who), "get", f"/units/{u}/figures").status_code == 404
        assert call(getattr(keys, who), "get", f"/measures/{measure_key(ledger.measures[0])}").status_code == 404
    # A reporter's guessed measure of another department is a 404, as on the web.
    works = next(m for m in ledger.measures if measure_key(m) not in finance)
    assert call(keys.reporter, "get", f"/measures/{measure_key(works)}").status_code == 404
    # The unit's row id is not how the API addresses units.
    assert call(keys.office, "get", f"/units/{ledger.unit.id}").status_code == 404


def test_figures_are_the_pages_figures(keys, call, ledger, people):
    from zhenggai.ledger import access as acl
    from zhenggai.ledger import figures as fg

    body = call(keys.office, "get", f"/units/{ledger.unit.public_id}/figures").json()
    named = fg.unit_figures(ledger.unit, acl.access_for(people.office, ledger.unit)).named()
    for k, v in named.items():
        if isinstance(v, int):
            assert body[k] == v, k
    mine = call(keys.reporter, "get", f"/units/{ledger.unit.public_id}/figures").json()
    theirs = fg.unit_figures(ledger.unit, acl.access_for(people.reporter, ledger.unit)).named()
    assert {k: mine[k] for k, v in theirs.items() if isinstance(v, int)} == {k: v for k, v in theirs.items() if isinstance(v, int)}


def test_submit_progress_through_the_workflow(keys, call, ledger):
    from zhenggai.workflow.models import ProgressReport

    finance_measure = ledger.measures[4]  # 财务科 leads it
    r = call(keys.reporter, "post", f"/measures/{measure_key(finance_measure)}/progress", json={"text": "已追回两笔款项", "percent": 40})
    assert r.status_code == 201, r.content
    finance_measure.refresh_from_db()
    assert finance_measure.progress == "已追回两笔款项" and finance_measure.status == "in_progress"
    assert ProgressReport.objects.filter(measure=finance_measure).count() == 1
    for who in ("supervisor", "inspection"):
        r = call(getattr(keys, who), "post", f"/measures/{measure_key(finance_measure)}/progress", json={"text": "越权报送"})
        assert r.status_code == 403, who
    assert call(keys.outsider, "post", f"/measures/{measure_key(finance_measure)}/progress", json={"text": "x"}).status_code == 404
    assert call(keys.reporter, "post", f"/measures/{measure_key(finance_measure)}/progress", json={"text": ""}).status_code == 422
    assert call(keys.reporter, "post", f"/measures/{measure_key(finance_measure)}/progress",
                json={"text": "x", "percent": 140}).status_code == 422
    assert ProgressReport.objects.count() == 1


def test_pagination_and_filters(keys, call, ledger):
    u = ledger.unit.public_id
    page = call(keys.office, "get", f"/units/{u}/measures", params={"limit": 2, "offset": 0}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    rest = call(keys.office, "get", f"/units/{u}/measures", params={"limit": 2, "offset": 4}).json()
    assert len(rest["items"]) == 1
    overdue = _ids(call(keys.office, "get", f"/units/{u}/measures", params={"overdue": "true"}))
    assert overdue == [measure_key(ledger.measures[2])]
    done = _ids(call(keys.office, "get", f"/units/{u}/measures", params={"status": "completed"}))
    assert done == [measure_key(ledger.measures[3])]
    by_dept = _ids(call(keys.office, "get", f"/units/{u}/measures", params={"department": "办公室"}))
    assert set(by_dept) == {measure_key(ledger.measures[0]), measure_key(ledger.measures[1])}
    levels = {f["level"] for f in call(keys.office, "get", f"/units/{u}/findings", params={"level": "aspect"}).json()["items"]}
    assert levels == {"aspect"}
    red = call(keys.office, "get", f"/units/{u}/warnings", params={"level": "red"}).json()["items"]
    assert [w["measure"] for w in red] == [measure_key(ledger.measures[2])]
    assert call(keys.office, "get", f"/units/{u}/warnings", params={"level": "blue"}).status_code == 422
    assert call(keys.office, "get", f"/units/{u}/measures", params={"limit": 0}).status_code == 422
    rounds = call(keys.inspection, "get", "/rounds").json()["items"]
    assert [r["id"] for r in rounds] == [ledger.round.public_id]
    units = _ids(call(keys.inspection, "get", "/units", params={"round": ledger.round.public_id, "q": "水务"}))
    assert units == [ledger.unit.public_id]


def test_docs_served_locally_without_cdn(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200 and "/api/v1/units/{unit_id}/measures" in spec.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert srcs and all(s.startswith("/static/") for s in srcs), srcs
    assert "cdn" not in html.lower()


def test_quality_flags_follow_the_scope(keys, call, ledger):
    from zhenggai.ledger import services

    services.add_measure(ledger.problems[2], "进一步加强管理，切实提高认识", lead_department=ledger.finance)
    services.add_measure(ledger.problems[0], "进一步提高思想认识，切实加强领导", lead_department=ledger.office)
    u = ledger.unit.public_id
    office = call(keys.office, "get", f"/units/{u}/quality").json()["items"]
    mine = call(keys.reporter, "get", f"/units/{u}/quality").json()["items"]
    assert {f["finding"] for f in office} >= {ledger.problems[0].id, ledger.problems[2].id}
    assert ledger.problems[0].id not in {f["finding"] for f in mine}  # 办公室's measure is not the reporter's
    assert ledger.problems[2].id in {f["finding"] for f in mine}
    assert call(keys.outsider, "get", f"/units/{u}/quality").status_code == 404
