"""Grants as data, role by role and scope by scope, over a small tree:

省 ─ 省委巡视办, 上级巡视办 reader
 └ 市 ─ 市委巡察办 (round A: units a1, a2 in group G1 / G2), 市纪委监委, 市委组织部
    └ 县 ─ 县委巡察办 (round B: unit b1)
另一市 ─ 另一市委巡察办 (round C: unit c1)
"""

from __future__ import annotations


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhenggai.ledger import access, services, tree
from zhenggai.ledger.models import Body, BodyKind, Grant, GrantRole
from zhenggai.supervision.access import round_for


def _visible(user):
    return set(access.visible_units(user).values_list("name", flat=True))


def test_round_names_are_unique_within_a_body_not_the_installation(city):
    assert city.ra.body == city.city_office and city.rb.body.parent == city.county
    assert len({city.ra.id, city.rb.id, city.rc.id}) == 3
    with pytest.raises(Exception):
        services.round_named("2025年第一轮巡察")  # ambiguous without a body: says so


def test_each_role_sees_exactly_its_scope(city):
    assert _visible(city.office) == {city.a1.name, city.a2.name}
    assert _visible(city.group) == {city.a1.name}
    assert _visible(city.jiwei) == {city.a1.name, city.a2.name}
    assert _visible(city.zuzhibu) == {city.a1.name, city.a2.name}
    assert _visible(city.upper) == {city.a1.name, city.a2.name, city.b1.name, city.c1.name}
    assert _visible(city.round_only) == {city.b1.name}
    assert _visible(city.expired) == set()
    assert _visible(city.nobody) == set()


def test_guessed_units_of_other_bodies_are_404(city):
    for user, outside in ((city.office, city.b1), (city.office, city.c1), (city.group, city.a2),
                          (city.jiwei, city.c1), (city.round_only, city.a1), (city.expired, city.a1)):
        with pytest.raises(Http404):
            access.unit_for(user, outside.id)


def test_permissions_follow_the_role_table(city):
    office = access.unit_for(city.office, city.a1.id)
    assert office.can_see_leads and office.can_comment and not office.can_write
    jiwei = access.unit_for(city.jiwei, city.a1.id)
    assert jiwei.can_see_leads and not jiwei.can_write
    zuzhibu = access.unit_for(city.zuzhibu, city.a1.id)
    assert not zuzhibu.can_see_leads and zuzhibu.can_comment
    upper = access.unit_for(city.upper, city.b1.id)
    assert not upper.can_write and not upper.can_comment and not upper.can_see_leads
    for user in (city.office, city.jiwei, city.upper, city.group):
        with pytest.raises(PermissionDenied):
            access.unit_for(user, city.a1.id, write=True)


def test_round_overview_and_round_rules(city):
    assert set(access.overview_rounds_qs(city.office)) == {city.ra}
    assert set(access.overview_rounds_qs(city.upper)) == {city.ra, city.rb, city.rc}
    assert set(access.overview_rounds_qs(city.group)) == set()  # a group reads its own units only
    assert round_for(city.office, city.ra.id) == city.ra
    assert round_for(city.jiwei, city.ra.id) == city.ra
    with pytest.raises(PermissionDenied):
        round_for(city.jiwei, city.ra.id, access.Perm.ROUND_RULES)
    with pytest.raises(PermissionDenied):
        round_for(city.upper, city.rb.id, access.Perm.ROUND_RULES)
    with pytest.raises(PermissionDenied):
        round_for(city.group, city.ra.id)  # sees a unit of it, may not read the whole round
    for guessed in (city.rb.id, city.rc.id, 999999, "x"):
        with pytest.raises(Http404):
            round_for(city.office, guessed)


def test_a_new_grant_takes_effect_without_a_new_login(city):
    assert _visible(city.nobody) == set()
    Grant.objects.create(user=city.nobody, role=GrantRole.DISCIPLINE, inspection=city.rc)
    assert _visible(city.nobody) == {city.c1.name}


def test_grant_validation_in_chinese(city):
    with pytest.raises(ValidationError, match="一个范围"):
        Grant(user=city.nobody, role=GrantRole.DISCIPLINE).full_clean()
    with pytest.raises(ValidationError, match="含下级"):
        Grant(user=city.nobody, role=GrantRole.UPPER_OFFICE, inspection=city.ra).full_clean()
    org = city.a1.organisation
    with pytest.raises(ValidationError, match="成员"):
        Grant(user=city.nobody, role=GrantRole.DISCIPLINE, body=org).full_clean()


def test_an_organisation_inspected_twice_is_one_history(city):
    later = services.round_named("2026年第二轮巡察", body=city.city_office)
    again = services.unit_named(later, city.a1.name)
    assert again.organisation_id == city.a1.organisation_id
    assert [u.inspection for u in tree.history_of(again)] == [city.ra, later]
    assert Body.objects.filter(kind=BodyKind.ORGANISATION, name=city.a1.name).count() == 1


def test_single_unit_installation_needs_no_tree(db):
    rnd = services.round_named("本局2025年巡察", inspector="县委")
    unit = services.unit_named(rnd, "中共某局党组")
    assert rnd.body.kind == BodyKind.INSPECTING and rnd.body.name == "县委"
    assert unit.organisation.parent == rnd.body.parent


def test_access_costs_the_same_queries_with_many_grants(city, django_assert_max_num_queries, django_user_model):
    many = django_user_model.objects.create_user(username="many", password="x")
    for i in range(40):
        body = tree.child(city.county, BodyKind.INSPECTING, f"第{i}巡察办")
        rnd = services.round_named(f"第{i}轮", body=body)
        services.unit_named(rnd, f"单位{i}")
        Grant.objects.create(user=many, role=GrantRole.INSPECTION_OFFICE, inspection=rnd)
    many = django_user_model.objects.get(pk=many.pk)
    with django_assert_max_num_queries(4):
        units = list(access.visible_units(many))
    assert len(units) == 40
    with django_assert_max_num_queries(2):  # grants are cached on the request's user
        access.unit_for(many, units[0].id)
