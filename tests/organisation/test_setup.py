"""Set-up on the web: a 巡视巡察办 makes a round, groups and units; a unit's 整改办 its
departments and people (one by one or from Excel); a new person must change the initial password."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhenggai.ledger import access, tree
from zhenggai.ledger.models import BodyKind, Grant, GrantRole, LedgerError, Membership, Role, Unit
from zhenggai.setup import people_import, services
from zhenggai.setup.models import Profile, display_name


@pytest.fixture
def office_body(db, django_user_model):
    city = tree.child(None, BodyKind.LEVEL, "某市")
    body = tree.child(city, BodyKind.INSPECTING, "市委巡察办")
    other = tree.child(city, BodyKind.INSPECTING, "另一巡察办")
    ban = django_user_model.objects.create_user(username="ban", password="x", last_name="王巡察")
    Grant.objects.create(user=ban, role=GrantRole.INSPECTION_OFFICE, body=body)
    return body, other, ban


def _sheet(rows) -> io.BytesIO:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "人员.xlsx"
    return buf


def test_a_round_its_groups_and_units_by_the_inspection_office(office_body):
    body, other, ban = office_body
    rnd = services.create_round(ban, body, "市委2026年第一轮巡察")
    g = services.add_group(ban, rnd, "市委第一巡察组")
    unit = services.add_unit(ban, rnd, "中共某市水务局党组", group=g)
    assert unit.inspection_group == g and unit.organisation.kind == BodyKind.ORGANISATION
    assert access.unit_for(ban, unit.id).has(Role.INSPECTION_OFFICE)
    with pytest.raises(LedgerError, match="已有"):
        services.create_round(ban, body, "市委2026年第一轮巡察")
    with pytest.raises(PermissionDenied):
        services.create_round(ban, other, "别人的轮次")


def test_unit_office_adds_people_and_a_reporter_needs_a_department(office_body, django_user_model):
    body, _, ban = office_body
    rnd = services.create_round(ban, body, "一轮")
    unit = services.add_unit(ban, rnd, "中共某局党组")
    # The 巡视巡察办 reads the unit but does not run its office: only the unit's office adds people.
    with pytest.raises(PermissionDenied):
        services.add_person(ban, unit, "李科长", Role.OFFICE)
    office = django_user_model.objects.create_user(username="o", password="x")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    new = services.add_person(office, unit, "李科长", Role.LEADER, title="副局长", phone="13800000001")
    assert new.password and new.user.check_password(new.password)
    assert Profile.objects.get(user=new.user).must_change_password
    assert display_name(new.user) == "李科长"
    with pytest.raises(LedgerError, match="部门"):
        services.add_person(office, unit, "赵填报", Role.REPORTER)
    dept = services.add_department(office, unit, "财务股")
    services.add_person(office, unit, "赵填报", Role.REPORTER, dept)
    again = services.add_person(office, unit, "李科长", Role.SUPERVISOR, phone="13800000001")
    assert again.user == new.user and again.password is None  # the same phone is the same person


def test_people_from_excel_all_or_nothing_with_row_numbers(office_body, django_user_model):
    body, _, ban = office_body
    unit = services.add_unit(ban, services.create_round(ban, body, "一轮"), "中共某局党组")
    office = django_user_model.objects.create_user(username="o", password="x")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    bad = _sheet([["人员名单"], ["姓名", "部门", "职务", "手机", "角色"],
                  ["甲", "财务股", "股长", "13900000001", "部门填报人"],
                  ["乙", "", "", "13900000001", "填报人"],
                  ["丙", "", "", "abc", "局长"]])
    with pytest.raises(people_import.PeopleImportError) as e:
        people_import.import_people(office, unit, bad)
    text = "\n".join(e.value.errors)
    assert "第 4 行" in text and "部门" in text and "第 5 行" in text and "角色“局长”" in text and "重复" in text
    assert Membership.objects.filter(unit=unit).count() == 1  # nothing was created
    good = _sheet([["姓名", "部门", "职务", "手机", "角色"],
                   ["甲", "财务股", "股长", 13900000001, "部门填报人"],
                   ["乙", "", "副局长", "", "分管领导"]])
    created = people_import.import_people(office, unit, good)
    assert [display_name(p.user) for p in created] == ["甲", "乙"]
    reporter = Membership.objects.get(unit=unit, user=created[0].user)
    assert reporter.role == Role.REPORTER and reporter.department.name == "财务股"
    assert created[0].username == "13900000001"


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_broken_people_files_get_one_chinese_message(office_body, django_user_model, content):
    body, _, ban = office_body
    unit = services.add_unit(ban, services.create_round(ban, body, "一轮"), "中共某局党组")
    office = django_user_model.objects.create_user(username="o", password="x")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    with pytest.raises(people_import.PeopleImportError) as e:
        people_import.import_people(office, unit, io.BytesIO(content))
    assert len(e.value.errors) == 1 and "Excel" in e.value.errors[0]


def test_setup_pages_role_by_role(office_body, client, django_user_model):
    body, other, ban = office_body
    rnd = services.create_round(ban, body, "一轮")
    unit = services.add_unit(ban, rnd, "中共某局党组")
    foreign = services.add_unit(ban, rnd, "中共另一局党组")
    office = django_user_model.objects.create_user(username="o", password="x")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    reporter = django_user_model.objects.create_user(username="r", password="x")
    Membership.objects.create(user=reporter, unit=unit, role=Role.SUPERVISOR)
    stranger_body = tree.child(body.parent, BodyKind.INSPECTING, "第三巡察办")
    stranger = django_user_model.objects.create_user(username="s", password="x")
    Grant.objects.create(user=stranger, role=GrantRole.INSPECTION_OFFICE, body=stranger_body)

    def status(user, url, method="get", **data):
        client.force_login(user)
        return getattr(client, method)(url, data).status_code

    assert status(ban, reverse("setup:index")) == 200
    assert status(ban, reverse("setup:round", args=[rnd.id])) == 200
    assert status(office, reverse("setup:index")) == 403
    assert status(stranger, reverse("setup:round", args=[rnd.id])) == 404  # guessed id of another body
    assert status(stranger, reverse("setup:round", args=[999999])) == 404
    assert status(office, reverse("setup:people", args=[unit.id])) == 200
    assert status(office, reverse("setup:people", args=[foreign.id])) == 404
    assert status(reporter, reverse("setup:people", args=[unit.id])) == 403
    assert status(ban, reverse("setup:people", args=[unit.id])) == 403
    assert status(stranger, reverse("setup:round", args=[rnd.id]), "post", form="unit", name="偷偷加的单位") == 404
    assert not Unit.objects.filter(name="偷偷加的单位").exists()


def test_pages_create_a_unit_and_a_person_who_must_change_the_password(office_body, client, django_user_model):
    body, _, ban = office_body
    rnd = services.create_round(ban, body, "一轮")
    client.force_login(ban)
    r = client.post(reverse("setup:round", args=[rnd.id]), {"form": "unit", "name": " 中共某局党组 "})
    assert r.status_code == 302
    unit = Unit.objects.get(inspection=rnd, name="中共某局党组")
    office = django_user_model.objects.create_user(username="o", password="x")
    Membership.objects.create(user=office, unit=unit, role=Role.OFFICE)
    client.force_login(office)
    r = client.post(reverse("setup:people", args=[unit.id]),
                    {"form": "person", "name": "钱新人", "role": Role.LEADER, "title": "副局长"})
    assert r.status_code == 200
    person = Membership.objects.get(unit=unit, role=Role.LEADER).user
    body_text = r.content.decode()
    assert "钱新人" in body_text and "初始密码" in body_text
    password = r.context["created"][0].password
    client.logout()
    assert client.post(reverse("login"), {"username": person.username, "password": password}).status_code == 302
    r = client.get(reverse("ledger:ledger", args=[unit.id]))
    assert r.status_code == 302 and r["Location"] == reverse("setup:password")
    r = client.post(reverse("setup:password"), {"old_password": password, "new_password1": "Qingshan-2026-xin",
                                                "new_password2": "Qingshan-2026-xin"})
    assert r.status_code == 302
    assert client.get(reverse("ledger:ledger", args=[unit.id])).status_code == 200
    assert not Profile.objects.get(user=person).must_change_password


def test_the_operator_sets_up_a_city_on_the_web_without_the_admin(db, client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(root)
    url = reverse("setup:index")
    assert client.post(url, {"form": "body", "kind": "level", "tier": "city", "name": "某市"}).status_code == 302
    from zhenggai.ledger.models import Body

    city = Body.objects.get(name="某市")
    for kind, name in (("inspecting", "市委巡察办"), ("discipline", "市纪委监委"), ("org_dept", "市委组织部")):
        assert client.post(url, {"form": "body", "parent": city.id, "kind": kind, "name": name}).status_code == 302
    office, jiwei = Body.objects.get(name="市委巡察办"), Body.objects.get(name="市纪委监委")
    r = client.post(url, {"form": "body_person", "body": office.id, "name": "王主任", "title": "主任"})
    assert r.status_code == 200 and r.context["created"][0].password
    r = client.post(url, {"form": "body_person", "body": jiwei.id, "name": "何主任"})
    ban = r.context["created"][0].user
    assert Grant.objects.get(user=ban).role == GrantRole.DISCIPLINE
    r = client.post(url, {"form": "body_person", "body": city.id, "name": "林查看"})
    upper = Grant.objects.get(user=r.context["created"][0].user)
    assert upper.role == GrantRole.UPPER_OFFICE and upper.subtree
    wang = Grant.objects.get(body=office).user
    assert list(services.managed_bodies(wang)) == [office]
    with pytest.raises(PermissionDenied):
        services.grant_on_body(wang, office, "自己加人")
    assert client.post(url, {"form": "body", "kind": "inspecting", "name": "没有层级的机构"}).status_code == 200
    assert not Body.objects.filter(name="没有层级的机构").exists()
