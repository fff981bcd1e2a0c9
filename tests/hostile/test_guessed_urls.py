"""Guessed URLs: every pattern with ids, filled with ids of other units, of nothing, 0 and out-of-range
numbers, as each unit-level demo role and anonymous. Outsiders get 404 (never a 403 that tells the
object exists), anonymous visitors the login page whatever the id, and never a 500.

tests/organisation/test_grant_matrix.py covers the roles above the unit over the downloads and
tests/public/test_unreachable.py the public side's own ids; this covers every other pattern.
"""

from __future__ import annotations

import re

from tests.hostile import harness as H
from tests.hostile.conftest import STR_VALUES

# Unit-level logins (memberships only): their outsiders' objects are those of units they do not work in.
MEMBERS = ["demo", "caiwu", "fenguan", "jijian", "shuji", "linye"]
NOTHING = ["0", "999999", "9223372036854775808", "99999999999999999999999"]
# Patterns that only take a post answer any GET with 405, whatever the id (nothing to tell).
POST_ONLY = 405


def _expect_outsider(route: str, status: int) -> bool:
    if route.startswith("api/"):
        return status in (401, POST_ONLY)  # no token: the API asks for one before looking anything up
    return status in (404, POST_ONLY)


def _get(client, path):
    try:
        return client.get(path).status_code
    except Exception as e:  # what would be a 500
        return f"500 {type(e).__name__}: {str(e)[:120]}"


def _ids(route: str) -> list[str]:
    return [n for n in H.params_of(route) if n not in STR_VALUES]


def _routes():
    return [(r, p) for r, p in H.routes() if _ids(r) and not r.startswith("gk/")]


def test_outsiders_get_404_for_every_object_of_another_unit(world, client):
    """As each unit-level role: every pattern with the ids of a unit the user does not work in, and
    with the user's own unit in the path but another unit's object after it."""
    problems = []
    for login in MEMBERS:
        client.force_login(world.users[login])
        theirs = world.own if login == "linye" else {**world.foreign, **{k: v for k, v in world.third_ids.items() if v}}
        mine = world.foreign if login == "linye" else world.own
        for route, _p in _routes():
            names = H.params_of(route)
            if names == ["round_id"]:
                continue  # the round the user's unit is in: see test_round_pages_of_a_round_without_the_user
            paths = H.fill(route, theirs, STR_VALUES, first_only=True)
            if "unit_id" in names and len(_ids(route)) > 1:  # own unit, the other's object: the classic guess
                mixed = {**theirs, "unit_id": mine["unit_id"]}
                paths += H.fill(route, mixed, STR_VALUES, first_only=True)
            for path in paths:
                status = _get(client, path)
                if not _expect_outsider(route, status):
                    problems.append(f"{login} {path}: {status}")
    assert not problems, "\n".join(problems)


def test_ids_that_name_nothing_are_404_never_500(world, client):
    problems = []
    for login in [None, "demo", "xunchaban"]:
        client.logout()
        if login:
            client.force_login(world.users[login])
        for route, _p in _routes():
            for name in H.params_of(route):
                if name in STR_VALUES or name == "pk" and "what" not in H.params_of(route):
                    continue
                for bad in NOTHING:
                    values = {k: v for k, v in world.own.items()}
                    values[name] = [bad] if name != "pk" else [(w, bad) for w, _ in world.own["pk"]][:1]
                    for path in H.fill(route, values, STR_VALUES, first_only=True):
                        if login == "demo":  # a post to a guessed id: refused as not found, never a 500
                            try:
                                posted = client.post(path, {}).status_code
                            except Exception as e:
                                posted = f"500 {type(e).__name__}: {str(e)[:120]}"
                            if posted not in (404, POST_ONLY, 401):
                                problems.append(f"demo POST {path}: {posted}")
                        status = _get(client, path)
                        if login is None:
                            ok = status in (302, 401, POST_ONLY)
                        else:
                            ok = _expect_outsider(route, status) or (status == 403 and login == "xunchaban"
                                                                     and route.startswith("units/"))
                        if not ok:
                            problems.append(f"{login or '匿名'} {path}: {status}")
    assert not problems, "\n".join(problems)


def test_anonymous_gets_the_same_answer_for_existing_and_missing_ids(world, client):
    problems = []
    for route, _p in _routes():
        real = H.fill(route, world.own, STR_VALUES, first_only=True)
        missing = H.fill(route, {k: ([(w, "999999") for w, _ in v] if k == "pk" else ["999999"])
                                 for k, v in world.own.items()}, STR_VALUES, first_only=True)
        for a, b in zip(real, missing):
            ra, rb = client.get(a), client.get(b)
            where = lambda r: re.sub(r"\?next=.*", "", r.get("Location", ""))  # noqa: E731
            if (ra.status_code, where(ra)) != (rb.status_code, where(rb)):
                problems.append(f"{a} {ra.status_code} ≠ {b} {rb.status_code}")
            if ra.status_code == 200:
                problems.append(f"{a}: 匿名可以打开")
    assert not problems, "\n".join(problems)


def test_round_pages_of_a_round_without_the_user(world, client):
    """A round in which the user's unit was not inspected is an outsider's: 404 on every round page."""
    from zhenggai.ledger.models import InspectionRound, Membership, Unit

    problems = []
    for login in MEMBERS:
        user = world.users[login]
        units = Unit.objects.filter(memberships__user=user) if hasattr(Unit, "memberships") else \
            Unit.objects.filter(pk__in=Membership.objects.filter(user=user).values("unit_id"))
        rounds = InspectionRound.objects.exclude(pk__in=units.values("inspection_id"))
        client.force_login(user)
        for rnd in rounds:
            for route, _p in H.routes():
                if H.params_of(route) != ["round_id"]:
                    continue
                path = H.fill(route, {"round_id": [rnd.pk]}, STR_VALUES, first_only=True)[0]
                status = _get(client, path)
                if status not in (404, POST_ONLY):
                    problems.append(f"{login} {path}: {status}")
    assert not problems, "\n".join(problems)


def test_public_side_answers_404_to_guessed_ids(world, client):
    for guess in ["0", "1", "zzzzzzzzzzzz", "aaaaaaaaaaaa-", "1" * 40, "..", "%2e%2e", world.unit.pk]:
        for route in ("gk/r/<slug:public_id>/", "gk/r/<slug:public_id>/report.docx", "gk/<slug:public_id>/",
                      "gk/<slug:public_id>/yijian/"):
            assert client.get("/" + route.replace("<slug:public_id>", str(guess))).status_code == 404, (route, guess)
    # A unit's public id is not a report's, nor the other way round.
    unit_pid, report_pid = world.own["public_id"]
    assert client.get(f"/gk/r/{unit_pid}/").status_code == 404
    assert client.get(f"/gk/{report_pid}/").status_code == 404
    assert client.get(f"/gk/r/{report_pid}/").status_code == 200  # the guesses above were refused, not the page
